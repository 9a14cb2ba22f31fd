// Every differential scenario, in the order the suite runs them.
import type { Scenario } from '../runner';
import { aclFlow } from './acl';
import { basicFlow } from './basic-flow';
import { configEntries } from './config-entries';
import { edition } from './edition';
import { failures } from './failures';
import { http } from './http';
import { partitions } from './partitions';
import { rotation } from './rotation';
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
  validation,
  http,
];
