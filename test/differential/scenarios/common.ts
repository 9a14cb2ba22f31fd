// Building blocks shared by the scenarios.
import { decodePeeringToken, jsonField, req, type BodyTemplate, type ClusterRef, type Reply, type RequestStep, type Vars } from '../runner';

/** Captures the `PeeringToken` of a token answer as `name` (and its first ServerAddress as `${name}Address`). */
export function captureToken(name: string): (reply: Reply) => Record<string, string> {
  return (reply) => {
    const token = jsonField(reply, 'PeeringToken');
    const addresses = decodePeeringToken(token)['ServerAddresses'];
    const first = Array.isArray(addresses) && typeof addresses[0] === 'string' ? addresses[0] : '';
    return { [name]: token, [`${name}Address`]: first };
  };
}

/** POST /v1/peering/token, capturing the token as `captureAs`. */
export function generateToken(label: string, cluster: ClusterRef, body: BodyTemplate, captureAs: string, token?: string): RequestStep {
  return req(label, cluster, 'POST', '/v1/peering/token', { body, capture: captureToken(captureAs), ...(token ? { token } : {}) });
}

/** POST /v1/peering/establish with `PeerName` and the captured token `{tokenVar}`. */
export function establish(label: string, cluster: ClusterRef, peerName: string, tokenVar: string, extra: Record<string, BodyTemplate> = {}): RequestStep {
  return req(label, cluster, 'POST', '/v1/peering/establish', { body: { PeerName: peerName, PeeringToken: `{${tokenVar}}`, ...extra } });
}

/** Captures top-level `ID` as `name`. */
export function captureId(name: string): (reply: Reply) => Record<string, string> {
  return (reply) => ({ [name]: jsonField(reply, 'ID') });
}

/** Captures a config entry's `ModifyIndex` as `name` and a certainly stale index (one less) as `${name}Stale`. */
export function captureModifyIndex(name: string): (reply: Reply) => Record<string, string> {
  return (reply) => {
    const index = Number(jsonField(reply, 'ModifyIndex'));
    return { [name]: String(index), [`${name}Stale`]: String(index - 1) };
  };
}

/** Captures the `X-Consul-Index` header as `name`. */
export function captureIndexHeader(name: string): (reply: Reply) => Record<string, string> {
  return (reply) => {
    if (reply.index === null) throw new Error('no X-Consul-Index header');
    return { [name]: reply.index };
  };
}

/** Facts: whether the reply's `ID` equals the captured `{name}` value. */
export function sameIdAs(name: string): (reply: Reply, vars: Vars) => Record<string, unknown> {
  return (reply, vars) => ({ [`ID == ${name}`]: jsonField(reply, 'ID') === vars[name] });
}

/** A Meta map with `count` keys. */
export function metaWithKeys(count: number): Record<string, string> {
  const meta: Record<string, string> = {};
  for (let i = 0; i < count; i++) meta[`k${String(i).padStart(2, '0')}`] = 'v';
  return meta;
}

/** The peering state class right after an establish: both ESTABLISHING and ACTIVE are correct there. */
export function establishingOrActive(reply: Reply): unknown {
  const state = typeof reply.json === 'object' && reply.json !== null ? (reply.json as Record<string, unknown>)['State'] : undefined;
  return { status: reply.status, 'State is ESTABLISHING or ACTIVE': state === 'ESTABLISHING' || state === 'ACTIVE' };
}
