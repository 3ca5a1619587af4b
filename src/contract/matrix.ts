/**
 * The order-type/confirmation matrix of DOMAIN.md §4 as data. Both sides read it: the ordering side to
 * know which types a role may register and which confirmations to expect; the centre to know which
 * events it may send for an order and which time limit applies. The numbers are the defaults a region
 * may change (the provision side keeps its own configured copy of the limits).
 */
export const orderTypes = ['customerOrder', 'pickUp', 'workOrder', 'bufferWithdrawal', 'lostDevice', 'faultReport', 'deviation'] as const;
export type OrderType = (typeof orderTypes)[number];

export const orderEventTypes = [
  'received',
  'plannedDate',
  'delayed',
  'delivered',
  'cancelled',
  'workOrderBooked',
  'workOrderStarted',
  'workOrderDone',
  'pickedUp',
  'deregistered',
  'registeredOnPatient',
  'writtenOff',
  'answered',
  'quoteSent',
  // An urgent order acknowledged by the centre (issue 15 item 5).
  'acknowledged',
  // A pick-up (and the deregistration recorded with it) undone the same day by the one who recorded it (issue 16 item 8).
  'pickUpUndone',
  // A unit the patient holds from the order failed the centre's inspection and is out of use (issue 19 item 1).
  'unitFailedInspection',
  // …and approved again by a later inspection (repaired where it is): back in use.
  'unitBackInUse',
] as const;
export type OrderEventType = (typeof orderEventTypes)[number];

/** Who may register an order of the type, by ordering-side role. */
export type RegisteringRole = 'prescriber' | 'orderer';

export interface TimeLimits {
  /** Customer order, stock item: delivered within N working days, on the area's weekly delivery day. */
  stockDeliveryWorkingDays: number;
  /** Customer order, order item (bought per order). */
  orderItemDeliveryWorkingDays: number;
  /** Over this many working days a planned date is mandatory. */
  plannedDateRequiredOverWorkingDays: number;
  /** Urgent customer order: delivered within N hours on weekdays... */
  urgentDeliveryHours: number;
  /** ...and acknowledged by this time of day the next working day. */
  urgentAcknowledgeBy: string;
  /** Pick-up: rent stops N working days after registration. */
  pickUpRentStopsWorkingDays: number;
  /** Pick-up: picked up within N working days. */
  pickUpWorkingDays: number;
  /** Pick-up: removed from the patient's device list within N working days. */
  deregisterWorkingDays: number;
  /** Buffer withdrawal: registered on the patient within N hours. */
  bufferRegistrationHours: number;
  /** Lost device: may be re-registered on the patient within N months. */
  lostDeviceReRegistrationMonths: number;
  /** Cut-off for the next delivery day, the working day before (HH:MM, local time). */
  orderCutOff: string;
}

export const defaultTimeLimits: TimeLimits = {
  stockDeliveryWorkingDays: 7,
  orderItemDeliveryWorkingDays: 17,
  plannedDateRequiredOverWorkingDays: 17,
  urgentDeliveryHours: 24,
  urgentAcknowledgeBy: '08:00',
  pickUpRentStopsWorkingDays: 3,
  pickUpWorkingDays: 7,
  deregisterWorkingDays: 7,
  bufferRegistrationHours: 24,
  lostDeviceReRegistrationMonths: 3,
  orderCutOff: '10:00',
};

export interface MatrixRow {
  type: OrderType;
  sv: string;
  en: string;
  registeredBy: readonly RegisteringRole[];
  /** Whether the order needs a patient. */
  patient: 'required' | 'optional' | 'none';
  /** Lines name articles to deliver ('article'), units the patient has ('unit'), or there are none. */
  lines: 'article' | 'unit' | 'none';
  /** Whether the centre may be asked to deliver it urgently. */
  urgentAllowed: boolean;
  /** Events the centre may send back for an order of this type. */
  confirmations: readonly OrderEventType[];
  /** Whether the ordering side may cancel it after submitting, before the centre has acted on it. */
  cancellable: boolean;
}

export const orderMatrix: Record<OrderType, MatrixRow> = {
  customerOrder: {
    type: 'customerOrder',
    sv: 'Kundorder',
    en: 'Customer order',
    registeredBy: ['prescriber', 'orderer'],
    patient: 'optional',
    lines: 'article',
    urgentAllowed: true,
    confirmations: ['received', 'plannedDate', 'delayed', 'delivered', 'cancelled', 'acknowledged', 'unitFailedInspection', 'unitBackInUse'],
    cancellable: true,
  },
  pickUp: {
    type: 'pickUp',
    sv: 'Hämtorder',
    en: 'Pick-up order',
    registeredBy: ['prescriber'],
    patient: 'required',
    lines: 'unit',
    urgentAllowed: false,
    // writtenOff: a unit missing at pick-up, written off 'lossAfterInvestigation' after the investigation.
    // pickUpUndone: a pick-up recorded by mistake, undone the same day; the unit is on the patient's list again.
    confirmations: ['received', 'pickedUp', 'deregistered', 'pickUpUndone', 'cancelled', 'writtenOff'],
    cancellable: true,
  },
  workOrder: {
    type: 'workOrder',
    sv: 'Arbetsorder',
    en: 'Work order',
    registeredBy: ['prescriber', 'orderer'],
    patient: 'optional',
    lines: 'unit',
    urgentAllowed: true,
    // deregistered: a de-installation takes the unit off the patient's device list, as a pick-up does.
    confirmations: ['received', 'workOrderBooked', 'workOrderStarted', 'workOrderDone', 'cancelled', 'quoteSent', 'deregistered', 'acknowledged'],
    cancellable: true,
  },
  bufferWithdrawal: {
    type: 'bufferWithdrawal',
    sv: 'Buffertuttag',
    en: 'Buffer withdrawal',
    registeredBy: ['prescriber'],
    patient: 'required',
    lines: 'article',
    urgentAllowed: false,
    confirmations: ['received', 'registeredOnPatient', 'cancelled', 'unitFailedInspection', 'unitBackInUse'],
    cancellable: false,
  },
  lostDevice: {
    type: 'lostDevice',
    sv: 'Förkommet hjälpmedel',
    en: 'Lost device report',
    registeredBy: ['prescriber', 'orderer'],
    patient: 'required',
    lines: 'unit',
    urgentAllowed: false,
    // 'answered': closed without a write-off (the unit turned up, or it is not the patient's).
    confirmations: ['received', 'writtenOff', 'registeredOnPatient', 'answered', 'unitFailedInspection', 'unitBackInUse'],
    cancellable: false,
  },
  faultReport: {
    type: 'faultReport',
    sv: 'Felrapport',
    en: 'Fault report',
    registeredBy: ['prescriber', 'orderer'],
    patient: 'optional',
    lines: 'none',
    urgentAllowed: false,
    confirmations: ['received', 'answered'],
    cancellable: false,
  },
  deviation: {
    type: 'deviation',
    sv: 'Avvikelse/reklamation',
    en: 'Deviation/complaint',
    registeredBy: ['prescriber'],
    patient: 'optional',
    lines: 'none',
    urgentAllowed: false,
    confirmations: ['received', 'answered'],
    cancellable: false,
  },
};

/** Fault report categories (DOMAIN.md §4). */
export const faultCategories = [
  'lateOrMissingDelivery',
  'incompleteDelivery',
  'damagedGoods',
  'poorQuality',
  'wrongItem',
  'missedPickUp',
  'wrongAddress',
  'dirtyGoods',
  'bufferShortage',
  'maintenanceRemark',
  'installationRemark',
] as const;
export type FaultCategory = (typeof faultCategories)[number];

export const faultCategoryLabels: Record<FaultCategory, { sv: string; en: string }> = {
  lateOrMissingDelivery: { sv: 'Försenad/utebliven leverans', en: 'Late or missing delivery' },
  incompleteDelivery: { sv: 'Ofullständig leverans', en: 'Incomplete delivery' },
  damagedGoods: { sv: 'Skadat gods', en: 'Damaged goods' },
  poorQuality: { sv: 'Bristande kvalitet', en: 'Poor quality' },
  wrongItem: { sv: 'Fel artikel', en: 'Wrong item' },
  missedPickUp: { sv: 'Utebliven hämtning', en: 'Missed pick-up' },
  wrongAddress: { sv: 'Fel adress', en: 'Wrong address' },
  dirtyGoods: { sv: 'Smutsigt gods', en: 'Dirty goods' },
  bufferShortage: { sv: 'Brist i buffertförråd', en: 'Buffer store shortage' },
  maintenanceRemark: { sv: 'Anmärkning på underhåll', en: 'Remark on maintenance' },
  installationRemark: { sv: 'Anmärkning på installation', en: 'Remark on installation' },
};

export const deviationKinds = ['deviation', 'complaint', 'negativeEvent', 'nearMiss'] as const;
export type DeviationKind = (typeof deviationKinds)[number];

/** The deviation kinds' labels (DOMAIN §4: avvikelse, reklamation, negativ händelse, tillbud). */
export const deviationKindLabels: Record<DeviationKind, { sv: string; en: string }> = {
  deviation: { sv: 'Avvikelse', en: 'Deviation' },
  complaint: { sv: 'Reklamation', en: 'Complaint' },
  negativeEvent: { sv: 'Negativ händelse', en: 'Negative event' },
  nearMiss: { sv: 'Tillbud', en: 'Near miss' },
};

/** Reasons the centre gives when it cancels an order or a line. */
export const cancelReasons = [
  'requestedByCustomer',
  'nobodyHome',
  'wrongWorkOrderType',
  'patientUnreachable',
  'missingDocuments',
  'unitMissing',
  'articleUnavailable',
  'other',
] as const;
export type CancelReason = (typeof cancelReasons)[number];

export const cancelReasonLabels: Record<CancelReason, { sv: string; en: string }> = {
  requestedByCustomer: { sv: 'Makulerad på beställarens begäran', en: 'Cancelled at the customer’s request' },
  nobodyHome: { sv: 'Ingen hemma vid leverans (bomkörning) – ny beställning behövs', en: 'Nobody home at delivery – a new order is needed' },
  wrongWorkOrderType: { sv: 'Fel arbetsordertyp – gör en ny arbetsorder', en: 'Wrong work order type – place a new one' },
  patientUnreachable: { sv: 'Patienten gick inte att nå', en: 'Patient could not be reached' },
  missingDocuments: { sv: 'Underlag saknas', en: 'Missing documents' },
  unitMissing: { sv: 'Individen saknades vid hämtning', en: 'Unit missing at pick-up' },
  articleUnavailable: { sv: 'Artikeln kan inte levereras', en: 'Article cannot be delivered' },
  other: { sv: 'Annan orsak', en: 'Other reason' },
};

/**
 * A code's label and whether it is offered for new orders. The contract carries the codes; the centre keeps
 * the labels as data a region edits (src/provision/rules) and hands them to the ordering side through
 * `CentreEndpoint.codeLists`. The labels above are the defaults.
 */
export interface CodeLabel {
  code: string;
  sv: string;
  en: string;
  active: boolean;
}

export interface CodeLists {
  faultCategories: CodeLabel[];
  deviationKinds: CodeLabel[];
  cancelReasons: CodeLabel[];
}

const labelled = (codes: readonly string[], labels: Record<string, { sv: string; en: string }>): CodeLabel[] =>
  codes.map((code) => ({ code, sv: labels[code]!.sv, en: labels[code]!.en, active: true }));

export const defaultCodeLists: CodeLists = {
  faultCategories: labelled(faultCategories, faultCategoryLabels),
  deviationKinds: labelled(deviationKinds, deviationKindLabels),
  cancelReasons: labelled(cancelReasons, cancelReasonLabels),
};

/**
 * Whether a caller with `roles` may register an order of `type` (the matrix's `registeredBy`): the one rule
 * for the web path (ordering/orders) and the centre's REST intake alike.
 */
export function mayRegister(type: OrderType, roles: ReadonlySet<string>): boolean {
  return orderMatrix[type].registeredBy.some((r) => roles.has(r));
}

/** Who may mark an order urgent (akut): the prescriber, who answers for the need (DOMAIN §4, issue 15 item 5). */
export const urgentMarkedBy: readonly RegisteringRole[] = ['prescriber'];

export function mayMarkUrgent(roles: ReadonlySet<string>): boolean {
  return urgentMarkedBy.some((r) => roles.has(r));
}

export const URGENT_PRESCRIBER_ONLY_SV = 'Bara en förskrivare kan markera en beställning som akut';

/** The refusal's Swedish text when a caller may not register the type: "Hämtorder registreras av förskrivare". */
export function registeredBySv(type: OrderType): string {
  const row = orderMatrix[type];
  return `${row.sv} registreras av ${row.registeredBy.map((r) => (r === 'prescriber' ? 'förskrivare' : 'beställare')).join(' eller ')}`;
}

/** Whether the centre may send `event` for an order of `type`. */
export function confirmationAllowed(type: OrderType, event: OrderEventType): boolean {
  return orderMatrix[type].confirmations.includes(event);
}

/** The kinds an order's attachment may be of; a work-order type requires some of them. */
export const attachmentKinds = ['instruction', 'riskAnalysis', 'motivation', 'incidentDescription', 'photo', 'other'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

/** A work-order type: data per region (DOMAIN.md §4). The centre keeps the configured list; these are the defaults. */
export interface WorkOrderTypeInfo {
  code: string;
  sv: string;
  en: string;
  /** Attachments the prescriber must add, by kind (e.g. 'instruction', 'riskAnalysis'). */
  requiredAttachments: readonly string[];
  urgent: boolean;
  /** Whether it follows the special-adaptation flow (risk analysis → quote → approval → manufacture). */
  specialAdaptation: boolean;
  /** Working-day limits: start within, done within (null = case by case). */
  startWithinWorkingDays: number | null;
  doneWithinWorkingDays: number | null;
  /** Limit in working hours for urgent types. */
  withinWorkingHours: number | null;
  /**
   * Installation: the done limit counts from the delivery of the device and applies only when the work needs two
   * trades; an installation by one trade follows the delivery (DOMAIN §4, issue 15 item 2).
   */
  fromDelivery?: boolean;
  /** De-installation replaces a pick-up: the order stops the rent as a pick-up does, and done ends the holding (item 3). */
  endsHolding?: boolean;
  /** The start limit is an offer, met when a time is booked: consultation "offered within 15 working days" (item 7). */
  metByBooking?: boolean;
  /**
   * Corrective maintenance (avhjälpande underhåll): the prescriber reports the unit faulty, and the patient's device
   * list says so ("Felanmäld", then "På lagning" once the centre has started; issue 16 item 10).
   */
  repair?: boolean;
}

export const defaultWorkOrderTypes: readonly WorkOrderTypeInfo[] = [
  {
    code: 'repairAtCentre',
    sv: 'Avhjälpande underhåll på HMC',
    en: 'Corrective maintenance at the centre',
    requiredAttachments: [],
    urgent: false,
    specialAdaptation: false,
    startWithinWorkingDays: 3,
    doneWithinWorkingDays: 10,
    withinWorkingHours: null,
    repair: true,
  },
  {
    code: 'repairAtPatient',
    sv: 'Avhjälpande underhåll hos brukare',
    en: 'Corrective maintenance at the patient',
    requiredAttachments: [],
    urgent: false,
    specialAdaptation: false,
    startWithinWorkingDays: 3,
    doneWithinWorkingDays: 10,
    withinWorkingHours: null,
    repair: true,
  },
  {
    code: 'repairUrgent',
    sv: 'Akut avhjälpande underhåll',
    en: 'Urgent corrective maintenance',
    requiredAttachments: [],
    urgent: true,
    specialAdaptation: false,
    startWithinWorkingDays: null,
    doneWithinWorkingDays: null,
    withinWorkingHours: 8,
    repair: true,
  },
  {
    code: 'installation',
    sv: 'Installation',
    en: 'Installation',
    requiredAttachments: [],
    urgent: false,
    specialAdaptation: false,
    startWithinWorkingDays: null,
    doneWithinWorkingDays: 10,
    withinWorkingHours: null,
    fromDelivery: true,
  },
  {
    code: 'deinstallation',
    sv: 'Avinstallation',
    en: 'De-installation',
    requiredAttachments: [],
    urgent: false,
    specialAdaptation: false,
    startWithinWorkingDays: null,
    doneWithinWorkingDays: 7,
    withinWorkingHours: null,
    endsHolding: true,
  },
  {
    code: 'adjustment',
    sv: 'Justering',
    en: 'Adjustment',
    requiredAttachments: [],
    urgent: false,
    specialAdaptation: false,
    startWithinWorkingDays: 3,
    doneWithinWorkingDays: null,
    withinWorkingHours: null,
  },
  {
    code: 'specialAdaptation',
    sv: 'Specialanpassning',
    en: 'Special adaptation',
    requiredAttachments: ['instruction', 'riskAnalysis'],
    urgent: false,
    specialAdaptation: true,
    startWithinWorkingDays: null,
    doneWithinWorkingDays: null,
    withinWorkingHours: null,
  },
  {
    code: 'consultation',
    sv: 'Konsultation/utprovning',
    en: 'Consultation/fitting',
    requiredAttachments: [],
    urgent: false,
    specialAdaptation: false,
    startWithinWorkingDays: 15,
    doneWithinWorkingDays: null,
    withinWorkingHours: null,
    metByBooking: true,
  },
  {
    code: 'consultationUrgent',
    sv: 'Akut konsultation',
    en: 'Urgent consultation',
    requiredAttachments: [],
    urgent: true,
    specialAdaptation: false,
    startWithinWorkingDays: 5,
    doneWithinWorkingDays: null,
    withinWorkingHours: null,
    metByBooking: true,
  },
  {
    code: 'outsideAssortment',
    sv: 'Produkt utanför sortiment',
    en: 'Product outside the assortment',
    requiredAttachments: ['motivation'],
    urgent: false,
    specialAdaptation: false,
    startWithinWorkingDays: null,
    doneWithinWorkingDays: null,
    withinWorkingHours: null,
  },
  {
    code: 'digitalSupport',
    sv: 'Support digitala hjälpmedel',
    en: 'Digital-aid support',
    requiredAttachments: [],
    urgent: false,
    specialAdaptation: false,
    startWithinWorkingDays: 3,
    doneWithinWorkingDays: 10,
    withinWorkingHours: null,
  },
  {
    code: 'incidentBasis',
    sv: 'Underlag för medicinteknisk incident',
    en: 'Medical-device incident basis',
    requiredAttachments: ['incidentDescription'],
    urgent: false,
    specialAdaptation: false,
    startWithinWorkingDays: null,
    doneWithinWorkingDays: null,
    withinWorkingHours: null,
  },
];
