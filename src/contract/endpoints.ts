import type { DeliveryEstimate, DeliveryEstimateRequest } from './estimate.ts';
import type { CodeLists, WorkOrderTypeInfo } from './matrix.ts';
import type { OrderEvent } from './events.ts';
import type { OrderMessage } from './messages.ts';

/** What the centre answers a message with. `duplicate` = the messageId was seen before; nothing new was done. */
export interface Receipt {
  accepted: true;
  duplicate: boolean;
  centreOrderNumber: string | null;
}

/**
 * The centre's side of the contract, as the ordering side's outbox worker calls it. In one process it is
 * the provision module's intake; to another system it is POST /api/contract/v1/messages. A refused message
 * throws `ContractRefused` (nothing stored); any other error means "try again later".
 */
export interface CentreEndpoint {
  receive(message: OrderMessage): Promise<Receipt>;
  /** The centre's current work-order types (data: labels, limits, required attachments). */
  workOrderTypes(): Promise<readonly WorkOrderTypeInfo[]>;
  /** The centre's current labels of the contract's codes (fault categories, deviation kinds, cancel reasons). */
  codeLists(): Promise<CodeLists>;
  /**
   * What the centre can say about a cart before it is sent: stock per line and the expected delivery date
   * (estimate.ts). Answers for articles and customers it does not know with nulls; nothing is stored.
   */
  estimateDelivery(request: DeliveryEstimateRequest): Promise<DeliveryEstimate>;
}

/** The ordering side's side: the centre's outbox worker delivers each event here, at least once. */
export interface OrderingEndpoint {
  receive(event: OrderEvent): Promise<void>;
}

/** The receiver refused a message or event for good (wrong version, unknown type, invalid, not allowed). Retrying cannot help. */
export class ContractRefused extends Error {
  override name = 'ContractRefused';
  constructor(
    /** MESSAGE_ID_CONFLICT: the message id was received before with another payload. */
    readonly code: 'UNSUPPORTED_VERSION' | 'UNKNOWN_TYPE' | 'INVALID' | 'NOT_ALLOWED' | 'UNKNOWN_ORDER' | 'MESSAGE_ID_CONFLICT',
    message: string,
  ) {
    super(message);
  }
}
