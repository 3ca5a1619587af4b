import type { DeliveryInput, DeliveryKind, DraftInput, Order, OrderDetails, OrderLineInput, OrderTypeInfo } from '../../api/types.ts';

// The order form as the user edits it, and how it becomes the draft the API stores. A draft may be
// incomplete, but what is sent must have the API's shape: a half-typed phone number or address is not
// sent (the last saved value stays) until it is whole, and the indicator says so.

export interface CartLine {
  /** Local key (the saved line's id, or a new one): accessories point at their main line by it. */
  key: string;
  articleId: string | null;
  articleNumber: string | null;
  articleName: string | null;
  quantity: number;
  unitNumber: string;
  accessoryFor: string | null;
  /** Customer order: sent as an order of its own (split off at submit), issue 16 item 5. */
  separateOrder?: boolean;
  /** Customer order, main device: the measurements its ISO class asks for, as typed (issue 16 item 7), by code. */
  measurements?: Record<string, string>;
}

export interface DraftForm {
  urgent: boolean;
  deliveryKind: DeliveryKind;
  address: { careOf: string; street: string; postalCode: string; city: string };
  deliveryAddressId: string | null;
  bufferStoreId: string | null;
  contactName: string;
  contactPhone: string;
  messageToCentre: string;
  lines: CartLine[];
  workOrder: { typeCode: string; description: string; preferredDate: string; twoTrades: boolean };
  faultReport: { category: string; description: string; relatedOrderNumber: string };
  deviation: { kind: string; description: string; occurredOn: string; unitNumber: string; articleNumber: string };
  lostDevice: { description: string; lostOn: string };
  /** Buffer withdrawal: when the device was taken from the store, as a datetime-local value ('' = when sent). */
  bufferWithdrawal: { takenAt: string };
  /** Customer order: aim, follow-up date and who follows up ('' = the prescriber), issue 16 item 7. */
  prescription: { aim: string; followUpDate: string; followUpBy: string; followUpByOther: boolean };
}

export type SavedInput = Omit<DraftInput, 'version'>;
export type Incomplete = 'contactPhone' | 'address' | 'deliveryPoint' | 'bufferStore' | 'details' | 'measurements';

/** A measurement as typed ("82,5" or "82.5") as a number, or null when it is not one (yet). */
export function parseMeasurement(text: string): number | null {
  const v = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export const PHONE = /^[+0-9][0-9 \-()]{4,29}$/;
export const POSTAL_CODE = /^\d{3} ?\d{2}$/;

const s = (v: unknown) => (typeof v === 'string' ? v : '');

export function formFromOrder(o: Order): DraftForm {
  const d = o.delivery as Record<string, unknown>;
  const addr = (d.address ?? {}) as Record<string, unknown>;
  const byNumber = new Map(o.lines.map((l) => [l.lineNumber, l.id]));
  const det: OrderDetails = o.details ?? {};
  return {
    urgent: o.urgent,
    deliveryKind: (s(d.kind) || 'none') as DeliveryKind,
    address: { careOf: s(addr.careOf), street: s(addr.street), postalCode: s(addr.postalCode), city: s(addr.city) },
    deliveryAddressId: s(d.deliveryAddressId) || null,
    bufferStoreId: s(d.bufferStoreId) || null,
    contactName: o.contactName ?? '',
    contactPhone: o.contactPhone ?? '',
    messageToCentre: o.messageToCentre ?? '',
    lines: o.lines.map((l) => ({
      key: l.id,
      articleId: l.articleId,
      articleNumber: l.articleNumber,
      articleName: l.articleName,
      quantity: l.quantity,
      unitNumber: l.unitNumber ?? '',
      accessoryFor: l.accessoryForLine ? (byNumber.get(l.accessoryForLine) ?? null) : null,
      separateOrder: l.separateOrder,
      ...(l.measurements.length ? { measurements: Object.fromEntries(l.measurements.map((m) => [m.code, String(m.value)])) } : {}),
    })),
    workOrder: {
      typeCode: det.workOrder?.typeCode ?? '',
      description: det.workOrder?.description ?? '',
      preferredDate: det.workOrder?.preferredDate ?? '',
      twoTrades: !!det.workOrder?.twoTrades,
    },
    faultReport: {
      category: det.faultReport?.category ?? '',
      description: det.faultReport?.description ?? '',
      relatedOrderNumber: det.faultReport?.relatedOrderNumber ?? '',
    },
    deviation: {
      kind: det.deviation?.kind ?? '',
      description: det.deviation?.description ?? '',
      occurredOn: det.deviation?.occurredOn ?? '',
      unitNumber: det.deviation?.unitNumber ?? '',
      articleNumber: det.deviation?.articleNumber ?? '',
    },
    lostDevice: { description: det.lostDevice?.description ?? '', lostOn: det.lostDevice?.lostOn ?? '' },
    bufferWithdrawal: { takenAt: det.bufferWithdrawal?.takenAt ? localDateTime(det.bufferWithdrawal.takenAt) : '' },
    prescription: {
      aim: o.prescription?.aim ?? '',
      followUpDate: o.prescription?.followUpDate ?? '',
      followUpBy: o.prescription?.followUpBy ?? '',
      followUpByOther: !!o.prescription?.followUpBy,
    },
  };
}

/** The draft as the server has it, in the shape of a save: the fallback for parts of the form that are not whole yet. */
export function savedFromOrder(o: Order): SavedInput {
  return toDraftInput(formFromOrder(o), o, null).input;
}

const orNull = (v: string) => (v.trim() ? v.trim() : null);

function delivery(f: DraftForm): DeliveryInput | Incomplete {
  switch (f.deliveryKind) {
    case 'patientAddress':
    case 'none':
      return { kind: f.deliveryKind };
    case 'otherAddress': {
      const a = f.address;
      if (!a.street.trim() || !a.city.trim() || !POSTAL_CODE.test(a.postalCode.trim())) return 'address';
      return { kind: 'otherAddress', address: { careOf: orNull(a.careOf), street: a.street.trim(), postalCode: a.postalCode.trim(), city: a.city.trim() } };
    }
    case 'deliveryPoint':
      return f.deliveryAddressId ? { kind: 'deliveryPoint', deliveryAddressId: f.deliveryAddressId } : 'deliveryPoint';
    case 'bufferStore':
      return f.bufferStoreId ? { kind: 'bufferStore', bufferStoreId: f.bufferStoreId } : 'bufferStore';
  }
}

/** An instant as the value of a datetime-local field, in the browser's time zone. */
function localDateTime(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function details(f: DraftForm, o: Order): OrderDetails | null | 'details' {
  switch (o.orderType) {
    case 'workOrder':
      if (!f.workOrder.typeCode && !f.workOrder.description.trim()) return null;
      if (!f.workOrder.typeCode || !f.workOrder.description.trim()) return 'details';
      return {
        workOrder: {
          typeCode: f.workOrder.typeCode,
          description: f.workOrder.description.trim(),
          preferredDate: f.workOrder.preferredDate || null,
          twoTrades: f.workOrder.twoTrades,
        },
      };
    case 'faultReport':
      if (!f.faultReport.category && !f.faultReport.description.trim()) return null;
      if (!f.faultReport.category || !f.faultReport.description.trim()) return 'details';
      return {
        faultReport: {
          category: f.faultReport.category as NonNullable<OrderDetails['faultReport']>['category'],
          description: f.faultReport.description.trim(),
          relatedOrderNumber: orNull(f.faultReport.relatedOrderNumber),
        },
      };
    case 'deviation':
      if (!f.deviation.kind && !f.deviation.description.trim()) return null;
      if (!f.deviation.kind || !f.deviation.description.trim()) return 'details';
      return {
        deviation: {
          kind: f.deviation.kind as NonNullable<OrderDetails['deviation']>['kind'],
          description: f.deviation.description.trim(),
          occurredOn: f.deviation.occurredOn || null,
          // Either one is required when the deviation is sent; the server says which is missing.
          unitNumber: f.deviation.unitNumber.trim() || null,
          articleNumber: f.deviation.articleNumber.trim() || null,
        },
      };
    case 'lostDevice':
      if (!f.lostDevice.description.trim()) return f.lostDevice.lostOn ? 'details' : null;
      return { lostDevice: { description: f.lostDevice.description.trim(), lostOn: f.lostDevice.lostOn || null } };
    case 'bufferWithdrawal': {
      const at = f.bufferWithdrawal.takenAt ? new Date(f.bufferWithdrawal.takenAt) : null;
      if (!at) return null;
      return Number.isNaN(at.getTime()) ? 'details' : { bufferWithdrawal: { takenAt: at.toISOString() } };
    }
    default:
      return null;
  }
}

/**
 * The save request for the form. `fallback` (the last saved draft) stands in for parts that are not whole;
 * they are listed in `incomplete`. With no fallback (reading the server's own draft) everything is taken as is.
 */
export function toDraftInput(
  f: DraftForm,
  o: Order,
  type: Pick<OrderTypeInfo, 'lines' | 'urgentAllowed'> | null,
  fallback?: SavedInput,
): { input: SavedInput; incomplete: Incomplete[] } {
  const incomplete: Incomplete[] = [];
  const linesKind = type?.lines ?? (o.lines.some((l) => l.articleId) ? 'article' : o.lines.length ? 'unit' : 'none');
  const kept = normalizeLines(f.lines).filter((l) => (linesKind === 'article' ? !!l.articleId : linesKind === 'unit' ? !!l.unitNumber.trim() : false));
  const index = new Map(kept.map((l, i) => [l.key, i + 1]));
  let unfinished = false;
  const lines: OrderLineInput[] = kept.map((l) => ({
    ...(l.articleId ? { articleId: l.articleId } : {}),
    ...(o.orderType === 'customerOrder' && !l.accessoryFor && l.measurements
      ? { measurements: measurementValues(l.measurements, () => (unfinished = true)) }
      : {}),
    quantity: Math.min(999, Math.max(1, Math.round(l.quantity) || 1)),
    unitNumber: orNull(l.unitNumber),
    accessoryForLine: l.accessoryFor ? (index.get(l.accessoryFor) ?? null) : null,
    separateOrder: !!l.separateOrder,
  }));

  if (unfinished) incomplete.push('measurements');
  let d = delivery(f);
  if (typeof d === 'string') {
    incomplete.push(d);
    d = fallback?.delivery ?? { kind: 'none' };
  }
  let det = details(f, o);
  if (det === 'details') {
    incomplete.push('details');
    det = fallback?.details ?? null;
  }
  let phone: string | null = orNull(f.contactPhone);
  if (phone && !PHONE.test(phone)) {
    incomplete.push('contactPhone');
    phone = fallback?.contactPhone ?? null;
  }
  return {
    input: {
      customerId: o.customer.id,
      patientId: o.patient?.id ?? null,
      urgent: (type?.urgentAllowed ?? true) && f.urgent,
      delivery: d,
      contactName: orNull(f.contactName),
      contactPhone: phone,
      messageToCentre: orNull(f.messageToCentre),
      lines,
      details: det,
      prescription:
        o.orderType === 'customerOrder'
          ? {
              aim: orNull(f.prescription.aim),
              followUpDate: /^\d{4}-\d{2}-\d{2}$/.test(f.prescription.followUpDate) ? f.prescription.followUpDate : null,
              followUpBy: f.prescription.followUpByOther ? orNull(f.prescription.followUpBy) : null,
            }
          : null,
    },
    incomplete,
  };
}

/** The measurements that are numbers; one that is not (yet) is left out, and the form says it is not saved. */
function measurementValues(typed: Record<string, string>, notANumber: () => void): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [code, text] of Object.entries(typed)) {
    if (!text.trim()) continue;
    const n = parseMeasurement(text);
    if (n === null) notANumber();
    else out[code] = n;
  }
  return out;
}

/** Lines in the order the cart shows them: each main line followed by its accessories. */
export function normalizeLines(lines: readonly CartLine[]): CartLine[] {
  const keys = new Set(lines.map((l) => l.key));
  const mains = lines.filter((l) => !l.accessoryFor || !keys.has(l.accessoryFor));
  return mains.flatMap((m) => [m, ...lines.filter((l) => l.accessoryFor === m.key)]);
}

let seq = 0;
export const newKey = () => `new-${Date.now().toString(36)}-${(seq++).toString(36)}`;
