import { decodeGoJson, decodeGoValue, type GoType } from '../go-json';

/** A request body decoded like Consul's peering handlers do, or their 400 text. */
export type BodyDecode = { ok: true; fields: Record<string, unknown> } | { ok: false; message: string };

const stringList: GoType = { kind: 'slice', goName: '[]string', elem: { kind: 'string' } };
const meta: GoType = { kind: 'any' };

/** `api.PeeringGenerateTokenRequest`. */
export const GENERATE_TOKEN_REQUEST: GoType = {
  kind: 'struct', goName: 'api.PeeringGenerateTokenRequest', structName: 'PeeringGenerateTokenRequest',
  fields: [
    { name: 'PeerName', path: 'PeerName', type: { kind: 'string' } },
    { name: 'Partition', path: 'Partition', type: { kind: 'string' } },
    { name: 'Meta', path: 'Meta', type: meta },
    { name: 'ServerExternalAddresses', path: 'ServerExternalAddresses', type: stringList },
  ],
};

/** `api.PeeringEstablishRequest`. */
export const ESTABLISH_REQUEST: GoType = {
  kind: 'struct', goName: 'api.PeeringEstablishRequest', structName: 'PeeringEstablishRequest',
  fields: [
    { name: 'PeerName', path: 'PeerName', type: { kind: 'string' } },
    { name: 'PeeringToken', path: 'PeeringToken', type: { kind: 'string' } },
    { name: 'Partition', path: 'Partition', type: { kind: 'string' } },
    { name: 'Meta', path: 'Meta', type: meta },
  ],
};

/** Go's json.Decoder with DisallowUnknownFields into `type`; errors prefixed `Body decoding failed: `. */
export function decodeStrictBody(text: string, type: GoType): BodyDecode {
  const parsed = decodeGoJson(text);
  const decoded = parsed.ok ? decodeGoValue(parsed.value, type) : parsed;
  if (!decoded.ok) return { ok: false, message: `Body decoding failed: ${decoded.message}` };
  return { ok: true, fields: (decoded.value ?? {}) as Record<string, unknown> };
}
