/** Mesh: the settings of one partition's mesh config entry, shared by several owners through check-and-set merges. */
export { mesh, meshRef } from './lifecycle';
export { meshSchema, type MeshArgs, type MeshInputs, type MeshState } from './schema';
export { checkMesh, validateMesh } from './validate';
export { meshView, mergeMesh, type OwnedMesh } from './merge';
