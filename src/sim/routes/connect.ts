import type { SimResponse } from '../http/server';
import { queryMeta, type ClusterContext } from './context';

/** Raft index at which a dev server's built-in CA root is written (before the emulated store's first index). */
export const CA_ROOT_INDEX = 9;

/** The CA roots of the cluster: its one active root, whose PEM is the CA its peering tokens carry. */
function caRoots(context: ClusterContext): Record<string, unknown> {
  const { ca } = context;
  const stamp = (date: Date): string => date.toISOString().replace(/\.\d+Z$/, 'Z');
  return {
    ActiveRootID: ca.id,
    TrustDomain: ca.trustDomain,
    Roots: [{
      ID: ca.id, Name: 'Consul CA Primary Cert', SerialNumber: ca.serial, SigningKeyID: ca.signingKeyId,
      ExternalTrustDomain: ca.trustDomain.replace(/\.consul$/, ''), NotBefore: stamp(ca.notBefore), NotAfter: stamp(ca.notAfter),
      RootCert: ca.pem, IntermediateCerts: null, Active: true, PrivateKeyType: 'ec', PrivateKeyBits: 256,
      CreateIndex: CA_ROOT_INDEX, ModifyIndex: CA_ROOT_INDEX,
    }],
  };
}

/** `GET /v1/connect/ca/roots` (no ACL check: roots are public). */
export function connectCaRootsRoute(context: ClusterContext): SimResponse {
  return { status: 200, json: caRoots(context), headers: queryMeta(CA_ROOT_INDEX) };
}

/** `GET /v1/agent/connect/ca/roots`: the same roots through the agent's cache (hence `X-Cache` and `Age`). */
export function agentCaRootsRoute(context: ClusterContext): SimResponse {
  return { status: 200, json: caRoots(context), headers: { ...queryMeta(CA_ROOT_INDEX), 'X-Cache': 'HIT', Age: '0' } };
}
