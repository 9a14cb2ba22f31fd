import { z } from 'zod';

/** Every value of a peering's `State` (consul-peering-api.md §3.3); ACTIVE/FAILING are computed on read. */
export const PEERING_STATES = ['UNDEFINED', 'PENDING', 'ESTABLISHING', 'ACTIVE', 'FAILING', 'DELETING', 'TERMINATED'] as const;

/** A peering's lifecycle state. */
export type ConsulPeeringState = (typeof PEERING_STATES)[number];

const stringList = z.array(z.string()).nullish();
const timestamp = z.string().nullish();

/** `StreamStatus` of a peering (§3.2): all null until the stream tracker knows the peering. */
export const streamStatusSchema = z.looseObject({
  ImportedServices: stringList,
  ExportedServices: stringList,
  LastHeartbeat: timestamp,
  LastReceive: timestamp,
  LastSend: timestamp,
});

/** `Remote` of a peering (§3.2): the other side's partition and datacenter. */
export const peeringRemoteSchema = z.looseObject({
  Partition: z.string(),
  Datacenter: z.string(),
  Locality: z.looseObject({ Region: z.string().optional(), Zone: z.string().optional() }).nullish(),
});

/** A peering as `GET /v1/peering/:name` and `GET /v1/peerings` return it (§3.2). */
export const peeringWireSchema = z.looseObject({
  ID: z.string(),
  Name: z.string(),
  Partition: z.string().optional(),
  DeletedAt: z.string().optional(),
  Meta: z.record(z.string(), z.string()).optional(),
  State: z.enum(PEERING_STATES),
  PeerID: z.string().optional(),
  PeerCAPems: z.array(z.string()).optional(),
  PeerServerName: z.string().optional(),
  PeerServerAddresses: z.array(z.string()).optional(),
  StreamStatus: streamStatusSchema,
  CreateIndex: z.number(),
  ModifyIndex: z.number(),
  Remote: peeringRemoteSchema,
});

/** A peering read from Consul. */
export type Peering = z.infer<typeof peeringWireSchema>;

/** `GET /v1/peerings` body: an array, `[]` when empty. */
export const peeringListWireSchema = z.array(peeringWireSchema);

/** `POST /v1/peering/token` request body (§1); Consul rejects unknown keys. */
export interface GeneratePeeringTokenRequest {
  readonly PeerName: string;
  readonly Partition?: string;
  readonly Meta?: Readonly<Record<string, string>>;
  readonly ServerExternalAddresses?: readonly string[];
}

/** `POST /v1/peering/token` response body. */
export const generatePeeringTokenResponseSchema = z.object({ PeeringToken: z.string().min(1) });

/** `POST /v1/peering/establish` request body (§2). */
export interface EstablishPeeringRequest {
  readonly PeerName: string;
  readonly PeeringToken: string;
  readonly Partition?: string;
  readonly Meta?: Readonly<Record<string, string>>;
}

/** The decoded content of a peering token (§1, "Token format"). */
export const peeringTokenContentSchema = z.looseObject({
  CA: z.array(z.string()).nullable(),
  ManualServerAddresses: z.array(z.string()).nullable(),
  ServerAddresses: z.array(z.string()).nullable(),
  ServerName: z.string(),
  PeerID: z.string(),
  EstablishmentSecret: z.string(),
  Remote: z.looseObject({ Partition: z.string(), Datacenter: z.string() }).optional(),
});

/** What a peering token carries. */
export type PeeringTokenContent = z.infer<typeof peeringTokenContentSchema>;
