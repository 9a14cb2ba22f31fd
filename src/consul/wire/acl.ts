import { z } from 'zod';

/** One permission question for `POST /v1/internal/acl/authorize` (consul-peering-api.md, "Verified"). */
export interface AuthorizationRequest {
  /** `peering`, `mesh`, `operator`, `intention`, `service`, ... */
  readonly Resource: string;
  /** The service name for service/intention checks; omitted otherwise. */
  readonly Segment?: string;
  readonly Access: 'read' | 'write';
}

/** Consul's answer to one question: the question plus `Allow`. */
export const authorizationResultSchema = z.looseObject({
  Resource: z.string(),
  Segment: z.string().optional(),
  Access: z.string(),
  Allow: z.boolean(),
});

/** One answered permission question. */
export type AuthorizationResult = z.infer<typeof authorizationResultSchema>;
