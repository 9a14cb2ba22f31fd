import { exportedServices } from './resources/exported-services';
import { peering } from './resources/peering';
import { peeringToken } from './resources/peering-token';
import { serviceIntentions } from './resources/service-intentions';

/** Every resource of the core, in documentation order; adapters and generators iterate over it. */
export const RESOURCES = [peeringToken, peering, exportedServices, serviceIntentions] as const;
