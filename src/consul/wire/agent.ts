import { z } from 'zod';

/** `GET /v1/agent/version` (Consul 1.15+; no ACL check): `HumanVersion` is `1.22.7` on CE, `1.22.7+ent` on Enterprise. */
export const agentVersionSchema = z.looseObject({ HumanVersion: z.string() });

/** The part of `GET /v1/agent/self` the edition check reads (needs `agent:read`): `Config.Version` carries the same `+ent`. */
export const agentSelfVersionSchema = z.looseObject({ Config: z.looseObject({ Version: z.string() }) });
