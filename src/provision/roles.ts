import { centreRoles } from '../platform/auth/access.ts';
import type { Role } from '../platform/auth/identity-schema.ts';

/** Who does what at the centre (DOMAIN §1). The use cases check these; the web only hides links with them. */

/** Every centre role reads the unit card, warehouses and stock. */
export const CENTRE_READERS = centreRoles;
/** Staff who handle orders and therefore see the patient of an order (each read is audited). */
export const ORDER_HANDLERS = ['customerService', 'warehouse', 'technician', 'consultant'] as const satisfies readonly Role[];
/** Intake questions, cancellations, urgent acknowledgements, planned dates. */
export const CUSTOMER_SERVICE = ['customerService'] as const satisfies readonly Role[];
/** Goods receipt, picking, delivery, stock and write-offs. */
export const WAREHOUSE = ['warehouse'] as const satisfies readonly Role[];
/** Planned dates are set by customer service or by the warehouse when it orders from the supplier. */
export const PLANNERS = ['customerService', 'warehouse'] as const satisfies readonly Role[];
/** The ordering side's systems send contract messages (REST route). */
export const MESSAGE_SENDERS = ['prescriber', 'orderer'] as const satisfies readonly Role[];
/** The rules as data (issue 15): work-order types, time limits, office hours, code lists, queue routing. */
export const RULE_EDITORS = ['systemAdmin', 'functionCoordinator'] as const satisfies readonly Role[];
export const EQUIVALENT_EDITORS = ['assortment', 'systemAdmin'] as const satisfies readonly Role[];
/** Work orders: technicians (and consultants, whose queue has fittings) book, start, finish and run special adaptations. */
export const WORK_ORDER_HANDLERS = ['technician', 'consultant'] as const satisfies readonly Role[];
/** Work orders are cancelled with a reason by their handlers or by customer service. */
export const WORK_ORDER_CANCELLERS = ['technician', 'consultant', 'customerService'] as const satisfies readonly Role[];
/** Fault reports, deviations and lost-device reports: customer service and consultants handle the cases. */
export const CASE_HANDLERS = ['customerService', 'consultant'] as const satisfies readonly Role[];
/** Lost-device reports are written off, and found units re-registered, by customer service. */
export const LOST_DEVICE_HANDLERS = ['customerService'] as const satisfies readonly Role[];
/** Buffer stores: safety levels are set by customer service or the warehouse; refills are the warehouse's. */
export const BUFFER_LEVEL_EDITORS = ['customerService', 'warehouse'] as const satisfies readonly Role[];
export const BUFFER_REFILLERS = ['warehouse'] as const satisfies readonly Role[];
/**
 * Purchasing (issue 17). The centre has no purchasing role of its own: the warehouse buys (purchase orders, the
 * supplier's confirmation, goods received against them, reorder points). Customer service, finance and the
 * assortment role read the purchase orders and the suppliers' terms; the stock value is the warehouse's and finance's.
 */
export const PURCHASERS = ['warehouse'] as const satisfies readonly Role[];
export const PURCHASE_READERS = ['warehouse', 'customerService', 'finance', 'assortment'] as const satisfies readonly Role[];
export const STOCK_VALUE_READERS = ['warehouse', 'finance'] as const satisfies readonly Role[];
/**
 * Delivery runs (issue 19 item 2): the warehouse plans and edits the runs; customer service reads them (a caller
 * asking where a delivery is); drivers see the runs of the day and confirm their stops (transport/).
 */
export const TRANSPORT_PLANNERS = ['warehouse'] as const satisfies readonly Role[];
export const TRANSPORT_READERS = ['warehouse', 'customerService'] as const satisfies readonly Role[];
export const DRIVERS = ['driver'] as const satisfies readonly Role[];
/** Preventive maintenance (besiktning, issue 19 item 1): technicians inspect; customer service reads the queue too. */
export const INSPECTORS = ['technician'] as const satisfies readonly Role[];
export const INSPECTION_READERS = ['technician', 'customerService'] as const satisfies readonly Role[];
