// Every differential scenario, in the order the suite runs them.
import type { Scenario } from '../runner';
import { aclFlow } from './acl';
import { basicFlow } from './basic-flow';
import { configEntries } from './config-entries';
import { deleteVisibility } from './delete-visibility';
import { edition } from './edition';
import { exportsStatus } from './exports-status';
import { failures } from './failures';
import { http } from './http';
import { jwtProviderAcl, jwtProviders } from './jwt-providers';
import { meshEntry, meshEntryAcl } from './mesh';
import { meshGateways } from './mesh-gateways';
import { partitions } from './partitions';
import { rebuiltDialer } from './rebuilt-dialer';
import { rotation } from './rotation';
import { rotationReplication } from './rotation-replication';
import { terminated } from './terminated';
import { validation } from './validation';

export const scenarios: readonly Scenario[] = [
  basicFlow,
  aclFlow,
  rotation,
  failures,
  terminated,
  partitions,
  edition,
  configEntries,
  jwtProviders,
  jwtProviderAcl,
  validation,
  http,
  exportsStatus,
  rotationReplication,
  deleteVisibility,
  rebuiltDialer,
  meshEntry,
  meshEntryAcl,
  meshGateways,
];
