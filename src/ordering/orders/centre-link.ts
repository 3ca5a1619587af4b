import { defaultWorkOrderTypes, type CentreEndpoint, type WorkOrderTypeInfo } from '../../contract/index.ts';
import type { Config } from '../../platform/config.ts';

const links = new WeakMap<Config, CentreEndpoint>();

/**
 * The centre this app's ordering side talks to (one per configuration): in one process the provision
 * module's intake, wired at start; in tests a fake centre. Messages themselves go through the outbox
 * worker; this link is also used for the centre's reference data (work-order types).
 */
export function linkCentre(config: Config, centre: CentreEndpoint): CentreEndpoint {
  links.set(config, centre);
  return centre;
}

export function centreFor(config: Config): CentreEndpoint | null {
  return links.get(config) ?? null;
}

export async function workOrderTypesFor(config: Config): Promise<readonly WorkOrderTypeInfo[]> {
  return (await centreFor(config)?.workOrderTypes()) ?? defaultWorkOrderTypes;
}
