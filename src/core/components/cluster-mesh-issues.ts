// The structure of a ClusterMesh, checked before its plan is made: enough clusters, unique valid names, and every
// `to` and `allowFrom` naming another cluster of the mesh that the export actually reaches. Every adapter gets these
// issues from the plan (a ValidationError), none checks them itself.
import { IssueList, type Issue, type PathPart } from '../issues';
import { checkPeerName } from '../rules';
import type { ClusterMeshPlanArgs, MeshExport } from './cluster-mesh';

/** The names of the clusters an export goes to: `to`, or every cluster but its own. */
export function consumersOf(names: readonly string[], own: string, item: MeshExport<unknown>): readonly string[] {
  return item.to ?? names.filter((name) => name !== own);
}

/** Adds a `duplicate` issue for every item of `keys` seen before (undefined keys are not compared). */
function checkUnique(issues: IssueList, keys: readonly (string | undefined)[], path: (at: number) => PathPart[], what: string): void {
  const seen = new Set<string>();
  keys.forEach((key, at) => {
    if (key === undefined) return;
    if (seen.has(key)) issues.add('duplicate', path(at), `${what} ${JSON.stringify(key)} is listed more than once`);
    seen.add(key);
  });
}

/** Checks that `name`, a cluster `own` refers to, is another cluster of the mesh. */
function checkOther(issues: IssueList, path: readonly PathPart[], name: string, own: string, names: readonly string[]): boolean {
  if (name === own) issues.add('invalid_value', path, `names the cluster itself (${JSON.stringify(own)}): a cluster does not peer with itself`);
  else if (!names.includes(name)) issues.add('invalid_value', path, `names no cluster of the mesh: ${JSON.stringify(name)} (clusters: ${names.join(', ')})`);
  else return true;
  return false;
}

/** Checks one export of the cluster `own`: its `to` and the clusters of its `allowFrom`. */
function checkExport(issues: IssueList, path: readonly PathPart[], item: MeshExport<unknown>, own: string, names: readonly string[]): void {
  (item.to ?? []).forEach((name, at) => checkOther(issues, [...path, 'to', at], name, own, names));
  if (item.to !== undefined) checkUnique(issues, item.to, (at) => [...path, 'to', at], 'cluster');
  const consumers = consumersOf(names, own, item);
  (item.allowFrom ?? []).forEach((caller, at) => {
    const where = [...path, 'allowFrom', at, 'cluster'];
    if (checkOther(issues, where, caller.cluster, own, names) && !consumers.includes(caller.cluster)) {
      issues.add('invalid_value', where, `names ${JSON.stringify(caller.cluster)}, which the service is not exported to (add it to \`to\`)`);
    }
  });
  const callers = (item.allowFrom ?? []).map((caller) => (typeof caller.service === 'string' ? `${caller.cluster}/${caller.service}` : undefined));
  checkUnique(issues, callers, (at) => [...path, 'allowFrom', at], 'caller');
}

/** Every structural issue of a ClusterMesh's arguments, with codes and paths (empty when the plan can be made). */
export function meshIssues(args: ClusterMeshPlanArgs<unknown>): Issue[] {
  const issues = new IssueList();
  const { clusters } = args;
  if (clusters.length < 2) issues.add('invalid_value', ['clusters'], `must hold at least 2 clusters, got ${clusters.length}`);
  const names = clusters.map((cluster) => cluster.name);
  names.forEach((name, at) => checkPeerName(issues, ['clusters', at, 'name'], name));
  checkUnique(issues, names, (at) => ['clusters', at, 'name'], 'cluster name');
  clusters.forEach((cluster, at) => {
    const exports = cluster.exports ?? [];
    exports.forEach((item, index) => checkExport(issues, ['clusters', at, 'exports', index], item, cluster.name, names));
    const services = exports.map((item) => (typeof item.service === 'string' && (item.namespace === undefined || typeof item.namespace === 'string')
      ? `${item.namespace ?? ''}/${item.service}` : undefined));
    checkUnique(issues, services, (index) => ['clusters', at, 'exports', index, 'service'], 'service');
  });
  return issues.issues;
}
