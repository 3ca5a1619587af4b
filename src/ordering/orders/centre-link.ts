import {
  defaultCodeLists,
  defaultWorkOrderTypes,
  type CentreEndpoint,
  type CodeLists,
  type DeliveryEstimate,
  type DeliveryEstimateRequest,
  type WorkOrderTypeInfo,
} from '../../contract/index.ts';

/**
 * The centre this app's ordering side talks to: in one process the provision module's intake, set by the
 * composition root when it wires the contract (src/app/start.ts); in tests a fake centre. The routes get the
 * link when they are registered. Messages themselves go through the outbox worker; the link is used for the
 * centre's reference data (work-order types, the labels of the contract's codes), which fall back to the contract's defaults while no centre is set,
 * and for the delivery estimate of a cart, which is null while no centre is set or the centre cannot answer.
 */
export class CentreLink {
  private endpoint: CentreEndpoint | null = null;

  set(centre: CentreEndpoint): CentreEndpoint {
    this.endpoint = centre;
    return centre;
  }

  get(): CentreEndpoint | null {
    return this.endpoint;
  }

  async workOrderTypes(): Promise<readonly WorkOrderTypeInfo[]> {
    return (await this.endpoint?.workOrderTypes()) ?? defaultWorkOrderTypes;
  }

  async codeLists(): Promise<CodeLists> {
    return (await this.endpoint?.codeLists()) ?? defaultCodeLists;
  }

  /** The centre's estimate, or null: an estimate is help for the prescriber, never a reason to fail the cart. */
  async estimateDelivery(request: DeliveryEstimateRequest, onError?: (err: unknown) => void): Promise<DeliveryEstimate | null> {
    if (!this.endpoint) return null;
    try {
      return await this.endpoint.estimateDelivery(request);
    } catch (err) {
      onError?.(err);
      return null;
    }
  }
}
