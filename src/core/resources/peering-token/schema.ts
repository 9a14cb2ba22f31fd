import type { ResourceSchema } from '../../schema';
import type { ArgsOf, InputsOf, StateOf } from '../../schema-types';

/** The PeeringToken resource as data (accepting cluster). */
export const peeringTokenSchema = {
  typeName: 'peering_token',
  className: 'PeeringToken',
  description: 'A peering token generated on the accepting cluster for one peer. Its secret is handed to the dialing cluster, '
    + 'which establishes the peering with it. Deleting it deletes the acceptor side of the peering.',
  importIdForms: ['NAME', 'PARTITION/NAME'],
  example: {
    name: 'dc2', caption: 'on the accepting cluster, a token for the peer it calls "dc2" (rotated in place when the addresses change).',
    args: { peerName: 'dc2', serverExternalAddresses: ['10.0.1.10:8503'] },
  },
  updateNote: 'Changing server_external_addresses or rotation_trigger generates a new token in place: same peering ID, an ACTIVE peering stays ACTIVE, older unused tokens stop working.',
  fields: {
    peerName: { type: { kind: 'string' }, mode: 'required', forcesReplacement: true, description: 'Name this cluster gives the peer (a lower-case DNS label).' },
    meta: {
      type: { kind: 'map', limits: 'peering-meta' }, mode: 'optional', forcesReplacement: true,
      description: 'Metadata stored on the acceptor side of the peering (at most 64 pairs).',
    },
    serverExternalAddresses: {
      type: { kind: 'list', of: { kind: 'string' } }, mode: 'optional',
      description: 'host:port addresses the dialer should use to reach this cluster\'s servers (for NAT or load balancers); put into the token.',
    },
    partition: {
      type: { kind: 'string' }, mode: 'optional', forcesReplacement: true, enterpriseOnly: true,
      description: 'Admin partition (Consul Enterprise). Leave unset on Consul CE.',
    },
    rotationTrigger: {
      type: { kind: 'string' }, mode: 'optional', applyOnly: true,
      description: 'Any value; changing it generates a new token in place (rotation) without disturbing an active peering.',
    },
    reissueAfter: {
      type: { kind: 'string' }, mode: 'optional', default: '5m', applyOnly: true, stateOnly: true,
      description: 'How long the acceptor side may be FAILING with no message from its peer before a refresh plans a new token '
        + '(generated in place: same peering ID), so that a dialing cluster rebuilt without its data can establish again. A shorter '
        + 'outage changes nothing. A duration such as "5m"; "0s" never.',
    },
    peeringToken: { type: { kind: 'string' }, mode: 'computed', sensitive: true, description: 'The token to give the dialing cluster. Secret.' },
    peeringId: { type: { kind: 'string' }, mode: 'computed', description: 'ID of the acceptor side of the peering.' },
    issuedAt: {
      type: { kind: 'string' }, mode: 'computed',
      description: 'When the current token was generated (RFC 3339; empty after an import). A token issued after the peer went silent is not issued again.',
    },
    state: { type: { kind: 'string' }, mode: 'computed', description: 'State of the acceptor side: PENDING until the dialer connects, then ACTIVE (or FAILING).' },
  },
} as const satisfies ResourceSchema;

/** Arguments of a PeeringToken as a user writes them. */
export type PeeringTokenArgs = ArgsOf<typeof peeringTokenSchema.fields>;
/** Arguments of a PeeringToken after `check`. */
export type PeeringTokenInputs = InputsOf<typeof peeringTokenSchema.fields>;
/** A PeeringToken with its computed attributes. */
export type PeeringTokenState = StateOf<typeof peeringTokenSchema.fields>;
