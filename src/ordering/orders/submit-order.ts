import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { customerById } from '../../administration/organisation/customers.ts';
import { articlesForOrdering } from '../../catalogue/articles/articles-for-ordering.ts';
import { articlesByNumber } from '../../catalogue/articles/articles-by-number.ts';
import {
  CONTRACT_VERSION,
  mayMarkUrgent,
  orderMatrix,
  URGENT_PRESCRIBER_ONLY_SV,
  type Delivery,
  type PatientSnapshot,
  type SubmitOrder,
  type WorkOrderTypeInfo,
} from '../../contract/index.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Actor, Ctx } from '../../platform/context.ts';
import type { Tx } from '../../platform/db/client.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs/jobs.ts';
import { userContact } from '../../administration/users/load-user.ts';
import { auditingRefusals, refreshPatientForOrder } from '../patients/access.ts';
import { loadOrderView } from './load-order.ts';
import type { DetailsInput, OrderView } from './order-schemas.ts';
import { checkPrescription, prescriptionClasses } from './prescription.ts';
import { lockDraft } from './save-draft.ts';
import { requireOrderingActor } from './scope.ts';
import { orderingAttachment, orderingFollowUp, orderingOrder, orderingOrderEvent, orderingOrderLine, orderNumberCounter, patientDevice } from './schema.ts';

export const SEND_MESSAGE_JOB = 'ordering.send-message';

export interface SubmitDeps {
  /** The centre's work-order types (data per region), asked through the contract. */
  workOrderTypes(): Promise<readonly WorkOrderTypeInfo[]>;
}

const invalid = (message: string, issues: FieldIssue[] = []) => new AppError('VALIDATION', message, { issues });

async function nextOrderNumber(tx: Tx, now: Date): Promise<string> {
  const year = now.getUTCFullYear();
  const [row] = await tx
    .insert(orderNumberCounter)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: orderNumberCounter.year, set: { last: sql`${orderNumberCounter.last} + 1` } })
    .returning({ last: orderNumberCounter.last });
  return `B${year}-${String(row!.last).padStart(6, '0')}`;
}

/**
 * Sends a draft to the centre. Everything that makes an order valid is checked here, against the matrix
 * (who may register the type, patient, what the lines name), the catalogue (published and orderable) and
 * the patient's device list (a unit must be the patient's). The order gets its number, and the contract
 * message goes into the outbox in the same transaction; the worker delivers it.
 *
 * Submitting is idempotent: a second submit of the same order (a double click, a retried request) returns
 * the order as it is and sends nothing new.
 */
export async function submitOrder(ctx: Ctx, deps: SubmitDeps, id: string): Promise<OrderView> {
  const actor = requireOrderingActor(ctx);
  const workOrderTypes = await deps.workOrderTypes();
  return auditingRefusals(ctx, () =>
    ctx.db.transaction(async (tx) => {
      const [current] = await tx.select().from(orderingOrder).where(eq(orderingOrder.id, id)).for('update');
      if (current && current.createdBy === actor.userId && current.status !== 'draft') return (await loadOrderView(tx, id))!;
      const o = await lockDraft(ctx, tx, id);
      const now = ctx.now();
      const split = await splitOffSeparateLines(tx, ctx, o);
      const patients = new Map<string, PatientSnapshot>();
      const orderNumber = await nextOrderNumber(tx, now);
      if (split) {
        const splitNumber = await nextOrderNumber(tx, now);
        await noteBrokenAccessoryLinks(tx, split.brokenLinks, { [o.id]: orderNumber, [split.order.id]: splitNumber });
        await submitLocked(tx, ctx, { actor, workOrderTypes, patients }, o, orderNumber);
        await submitLocked(tx, ctx, { actor, workOrderTypes, patients }, split.order, splitNumber);
      } else {
        await submitLocked(tx, ctx, { actor, workOrderTypes, patients }, o, orderNumber);
      }
      return (await loadOrderView(tx, id))!;
    }),
  );
}

type OrderRow = typeof orderingOrder.$inferSelect;

/** An accessory and its main device that a split put in different orders: the accessory's line says where the main is. */
interface BrokenLink {
  lineId: string;
  note: string | null;
  main: { orderId: string; articleName: string | null; articleNumber: string | null };
}

/**
 * Issue 16 item 5: the lines the prescriber chose to send on their own (their lead time would have moved the
 * whole order's date) become a second order, split off this one at submit: a new order with the same customer,
 * patient, delivery, contact, message and attachments, that remembers where it came from. Both are then sent.
 * Only customer orders split, and only when some lines stay; the flag is cleared either way.
 */
async function splitOffSeparateLines(tx: Tx, ctx: Ctx, o: OrderRow): Promise<{ order: OrderRow; brokenLinks: BrokenLink[] } | null> {
  const lines = await tx.select().from(orderingOrderLine).where(eq(orderingOrderLine.orderId, o.id)).orderBy(orderingOrderLine.lineNumber);
  const separate = lines.filter((l) => l.separateOrder);
  if (separate.length) await tx.update(orderingOrderLine).set({ separateOrder: false }).where(eq(orderingOrderLine.orderId, o.id));
  if (o.orderType !== 'customerOrder' || separate.length === 0 || separate.length === lines.length) return null;
  const kept = lines.filter((l) => !l.separateOrder);
  const now = ctx.now();
  const {
    id: _id,
    orderNumber: _n,
    messageId: _m,
    centreOrderNumber: _c,
    expectedDate: _e,
    submittedAt: _s,
    status: _st,
    version: _v,
    createdAt: _ca,
    updatedAt: _ua,
    splitFromOrderId: _sf,
    ...header
  } = o;
  const [created] = await tx
    .insert(orderingOrder)
    .values({ ...header, splitFromOrderId: o.id, createdAt: now, updatedAt: now })
    .returning();
  // The lines move (their ids stay, so the accessory links within each order hold); then both are numbered 1…n.
  for (const [i, l] of separate.entries())
    await tx
      .update(orderingOrderLine)
      .set({ orderId: created!.id, lineNumber: i + 1, separateOrder: false })
      .where(eq(orderingOrderLine.id, l.id));
  for (const [i, l] of kept.entries())
    if (l.lineNumber !== i + 1)
      await tx
        .update(orderingOrderLine)
        .set({ lineNumber: i + 1 })
        .where(eq(orderingOrderLine.id, l.id));
  const orderOf = new Map(lines.map((l) => [l.id, separate.includes(l) ? created!.id : o.id]));
  const byId = new Map(lines.map((l) => [l.id, l]));
  const brokenLinks: BrokenLink[] = lines.flatMap((l) => {
    if (!l.accessoryForLineId || orderOf.get(l.accessoryForLineId) === orderOf.get(l.id)) return [];
    const main = byId.get(l.accessoryForLineId)!;
    return [{ lineId: l.id, note: l.note, main: { orderId: orderOf.get(main.id)!, articleName: main.articleName, articleNumber: main.articleNumber } }];
  });
  const attachments = await tx.select().from(orderingAttachment).where(eq(orderingAttachment.orderId, o.id));
  // The files are stored by content: the copies point at the same bytes.
  if (attachments.length) await tx.insert(orderingAttachment).values(attachments.map(({ id: _a, orderId: _o, ...a }) => ({ ...a, orderId: created!.id })));
  await audit(tx, ctx, {
    action: 'order.split',
    entityType: 'order',
    entityId: created!.id,
    careProviderId: o.careProviderId,
    patientRef: o.patientId,
    details: { splitFrom: o.id, lines: separate.length },
  });
  return { order: created!, brokenLinks };
}

/** An accessory whose main device went to the other order: the link cannot cross orders, so its note names the main and that order. */
async function noteBrokenAccessoryLinks(tx: Tx, links: BrokenLink[], numbers: Record<string, string>) {
  for (const b of links) {
    const text = `Tillbehör till ${b.main.articleName ?? ''} (${b.main.articleNumber ?? ''}) i beställning ${numbers[b.main.orderId]}`;
    await tx
      .update(orderingOrderLine)
      .set({ accessoryForLineId: null, note: (b.note ? `${b.note}. ${text}` : text).slice(0, 500) })
      .where(eq(orderingOrderLine.id, b.lineId));
  }
}

/** Checks one locked draft and sends it: number, outbox message, timeline entry and audit row. */
async function submitLocked(
  tx: Tx,
  ctx: Ctx,
  deps: { actor: Actor; workOrderTypes: readonly WorkOrderTypeInfo[]; patients: Map<string, PatientSnapshot> },
  o: OrderRow,
  orderNumber: string,
): Promise<void> {
  const { actor, workOrderTypes } = deps;
  const id = o.id;
  const row = orderMatrix[o.orderType];
  if (!row.registeredBy.some((r) => actor.roles.has(r))) throw new AppError('FORBIDDEN', `Du får inte registrera ${row.sv.toLowerCase()}`);
  const lines = await tx.select().from(orderingOrderLine).where(eq(orderingOrderLine.orderId, id)).orderBy(orderingOrderLine.lineNumber);
  const attachments = await tx.select().from(orderingAttachment).where(eq(orderingAttachment.orderId, id));
  const customer = await customerById(tx, o.customerId);
  if (!customer || !customer.active) throw new AppError('CONFLICT', 'Kunden är inte längre aktiv; välj en annan kund');
  if (!actor.customerIds.includes(o.customerId)) throw new AppError('FORBIDDEN', 'Du är inte längre kopplad till kunden');

  // Patient: fresh from the directory (address may have changed); DIRECTORY_UNAVAILABLE keeps the draft.
  let patient: PatientSnapshot | null = null;
  if (row.patient === 'required' && !o.patientId)
    throw invalid(`${row.sv} görs för en patient: välj patient`, [{ path: 'patientId', code: 'patient_required', message: 'patient saknas' }]);
  // Once per patient: an order split in two reads the directory once.
  if (o.patientId) {
    patient = deps.patients.get(o.patientId) ?? (await refreshPatientForOrder(ctx, tx, o.patientId));
    deps.patients.set(o.patientId, patient);
  }

  // Lines.
  if (row.lines !== 'none' && lines.length === 0)
    throw invalid('Beställningen har inga rader', [{ path: 'lines', code: 'lines_required', message: 'minst en rad' }]);
  if (row.lines === 'none' && lines.length > 0) throw invalid(`${row.sv} har inga artikelrader`);
  const articles =
    row.lines === 'article'
      ? await articlesForOrdering(
          tx,
          lines.flatMap((l) => (l.articleId ? [l.articleId] : [])),
        )
      : new Map();
  if (row.lines === 'article') {
    for (const l of lines) {
      const a = l.articleId ? articles.get(l.articleId) : undefined;
      if (!a)
        throw invalid(`Rad ${l.lineNumber}: välj en artikel`, [{ path: `lines.${l.lineNumber - 1}.articleId`, code: 'required', message: 'artikel saknas' }]);
      if (!a.published)
        throw new AppError('ARTICLE_NOT_ORDERABLE', `Rad ${l.lineNumber}: artikel ${a.articleNumber} är inte publicerad och kan inte beställas`);
      if (!a.orderable) throw new AppError('ARTICLE_NOT_ORDERABLE', `Rad ${l.lineNumber}: artikel ${a.articleNumber} ${a.name} är inte beställningsbar`);
      if (a.unitTracked && l.unitNumber && o.orderType !== 'bufferWithdrawal')
        throw invalid(`Rad ${l.lineNumber}: individ anges bara vid uttag ur buffertförråd`);
    }
  }
  // Prescription details (issue 16 item 7): the measurements each main device's class asks for, the aim, the follow-up.
  const prescription = o.orderType === 'customerOrder' ? o.prescription : null;
  if (o.orderType === 'customerOrder') checkPrescription(ctx, lines, articles, await prescriptionClasses(tx), prescription);
  const measured = lines.flatMap((l) => (l.measurements ?? []).map((m) => ({ lineId: l.id, code: m.code, label: m.labelSv, unit: m.unit, value: m.value })));

  // A de-installation replaces a pick-up (issue 15 item 3): the unit is marked on the device list the same way.
  const takesUnitBack =
    o.orderType === 'pickUp' ||
    (o.orderType === 'workOrder' && !!workOrderTypes.find((t) => t.code === (o.details as DetailsInput)?.workOrder?.typeCode)?.endsHolding);
  if (row.lines === 'unit') {
    const unitNumbers = lines.map((l) => l.unitNumber);
    lines.forEach((l) => {
      if (!l.unitNumber)
        throw invalid(`Rad ${l.lineNumber}: ange vilken individ det gäller`, [
          { path: `lines.${l.lineNumber - 1}.unitNumber`, code: 'unit_required', message: 'individ saknas' },
        ]);
    });
    if (new Set(unitNumbers).size !== unitNumbers.length) throw invalid('Samma individ finns på flera rader');
    if (o.patientId) {
      const devices = await tx
        .select({ unitNumber: patientDevice.unitNumber, pickUpOrderId: patientDevice.pickUpOrderId, careProviderId: patientDevice.careProviderId })
        .from(patientDevice)
        .where(and(eq(patientDevice.patientId, o.patientId), isNull(patientDevice.until), inArray(patientDevice.unitNumber, unitNumbers as string[])));
      const byUnit = new Map(devices.map((d) => [d.unitNumber, d]));
      for (const l of lines) {
        const d = byUnit.get(l.unitNumber!);
        if (!d) throw new AppError('UNIT_NOT_PATIENTS', `Rad ${l.lineNumber}: individ ${l.unitNumber} finns inte i patientens hjälpmedelsbild`);
        // The patient's device list shows what every care provider has lent them; an order acts only on its own care provider's.
        if (d.careProviderId !== o.careProviderId)
          throw new AppError(
            'UNIT_OTHER_CARE_PROVIDER',
            `Rad ${l.lineNumber}: individ ${l.unitNumber} innehas av en annan vårdgivare och kan inte beställas av er`,
          );
        if (takesUnitBack && d.pickUpOrderId)
          throw new AppError('CONFLICT', `Rad ${l.lineNumber}: individ ${l.unitNumber} har redan en hämtorder eller avinstallation`);
      }
      if (takesUnitBack)
        await tx
          .update(patientDevice)
          .set({ pickUpOrderId: id })
          .where(and(eq(patientDevice.patientId, o.patientId), isNull(patientDevice.until), inArray(patientDevice.unitNumber, unitNumbers as string[])));
    }
  }

  // Delivery.
  const delivery = toContractDelivery(o.delivery as { kind: string; [k: string]: unknown }, customer, row.lines === 'article', !!patient);

  // Type details.
  const details = (o.details ?? {}) as NonNullable<DetailsInput>;
  if (o.orderType === 'workOrder') {
    const wo = details.workOrder;
    if (!wo) throw invalid('Välj typ av arbetsorder och beskriv uppdraget', [{ path: 'details.workOrder', code: 'required', message: 'saknas' }]);
    const type = workOrderTypes.find((t) => t.code === wo.typeCode);
    if (!type) throw invalid(`Okänd arbetsordertyp ${wo.typeCode}`, [{ path: 'details.workOrder.typeCode', code: 'unknown', message: 'okänd typ' }]);
    const missing = type.requiredAttachments.filter((k) => !attachments.some((a) => a.kind === k));
    if (missing.length)
      throw invalid(`${type.sv} kräver bilagor: ${missing.map(attachmentLabel).join(', ')}`, [
        { path: 'attachments', code: 'attachments_required', message: `saknas: ${missing.join(', ')}`, params: { kinds: missing.join(', ') } },
      ]);
    if (type.urgent && !o.urgent) await tx.update(orderingOrder).set({ urgent: true }).where(eq(orderingOrder.id, id));
  }
  if (o.orderType === 'faultReport' && !details.faultReport)
    throw invalid('Välj kategori och beskriv felet', [{ path: 'details.faultReport', code: 'required', message: 'saknas' }]);
  if (o.orderType === 'deviation') {
    const dev = details.deviation;
    if (!dev) throw invalid('Välj typ av avvikelse och beskriv händelsen', [{ path: 'details.deviation', code: 'required', message: 'saknas' }]);
    if (!dev.unitNumber && !dev.articleNumber)
      throw invalid('Ange vilken individ (individnummer) eller vilken artikel (artikelnummer) avvikelsen gäller', [
        { path: 'details.deviation.unitNumber', code: 'device_required', message: 'ange individnummer eller artikelnummer' },
        { path: 'details.deviation.articleNumber', code: 'device_required', message: 'ange individnummer eller artikelnummer' },
      ]);
    if (dev.articleNumber && !(await articlesByNumber(tx, [dev.articleNumber])).has(dev.articleNumber))
      throw invalid(`Artikelnummer ${dev.articleNumber} finns inte i artikelregistret`, [
        { path: 'details.deviation.articleNumber', code: 'unknown', message: 'okänt artikelnummer', params: { value: dev.articleNumber } },
      ]);
  }
  if (o.orderType === 'lostDevice' && !details.lostDevice)
    throw invalid('Beskriv hur hjälpmedlet förkommit', [{ path: 'details.lostDevice', code: 'required', message: 'saknas' }]);
  // Buffer withdrawal: the time the device was taken from the store; the 24 hours to register it run from then.
  const takenAt = o.orderType === 'bufferWithdrawal' ? (details.bufferWithdrawal?.takenAt ?? ctx.now().toISOString()) : null;
  if (takenAt && new Date(takenAt) > ctx.now())
    throw invalid('Uttaget kan inte ha skett i framtiden', [{ path: 'details.bufferWithdrawal.takenAt', code: 'date_in_future', message: 'senast nu' }]);
  if (o.urgent && !row.urgentAllowed) throw invalid(`${row.sv} kan inte vara akut`);
  if (o.urgent && !mayMarkUrgent(actor.roles))
    throw invalid(URGENT_PRESCRIBER_ONLY_SV, [{ path: 'urgent', code: 'urgent_prescriber_only', message: 'bara förskrivare kan beställa akut' }]);
  if (row.lines === 'article' && (!o.contactName || !o.contactPhone))
    throw invalid('Ange kontaktperson och telefonnummer för leveransen', [{ path: 'contactPhone', code: 'required', message: 'saknas' }]);

  const now = ctx.now();
  const messageId = crypto.randomUUID();
  const contact = await userContact(tx, actor.userId);
  const message: SubmitOrder = {
    contractVersion: CONTRACT_VERSION,
    type: 'order.submit',
    messageId,
    sentAt: now.toISOString(),
    order: {
      orderId: id,
      orderNumber,
      orderType: o.orderType,
      urgent: o.urgent || (o.orderType === 'workOrder' && !!workOrderTypes.find((t) => t.code === details.workOrder?.typeCode)?.urgent),
      customerNumber: customer.customerNumber,
      orderedBy: {
        userId: actor.userId,
        name: actor.name,
        hsaId: contact.hsaId,
        profession: contact.profession,
        phone: contact.phone,
        email: contact.email,
      },
      patient,
      delivery,
      contact: o.contactName && o.contactPhone ? { name: o.contactName, phone: o.contactPhone } : null,
      messageToCentre: o.messageToCentre,
      lines: lines.map((l) => ({
        lineId: l.id,
        lineNumber: l.lineNumber,
        articleNumber: l.articleNumber,
        quantity: l.quantity,
        unitNumber: l.unitNumber,
        accessoryForLineId: l.accessoryForLineId,
        note: l.note,
      })),
      workOrder: details.workOrder
        ? {
            typeCode: details.workOrder.typeCode,
            description: details.workOrder.description,
            preferredDate: details.workOrder.preferredDate ?? null,
            ...(workOrderTypes.find((t) => t.code === details.workOrder?.typeCode)?.fromDelivery ? { twoTrades: details.workOrder.twoTrades ?? false } : {}),
          }
        : null,
      faultReport: details.faultReport
        ? {
            category: details.faultReport.category,
            description: details.faultReport.description,
            relatedOrderNumber: details.faultReport.relatedOrderNumber ?? null,
          }
        : null,
      deviation: details.deviation
        ? {
            kind: details.deviation.kind,
            description: details.deviation.description,
            occurredOn: details.deviation.occurredOn ?? null,
            unitNumber: details.deviation.unitNumber ?? null,
            articleNumber: details.deviation.articleNumber ?? null,
          }
        : null,
      lostDevice: details.lostDevice ? { description: details.lostDevice.description, lostOn: details.lostDevice.lostOn ?? null } : null,
      ...(takenAt ? { bufferWithdrawal: { takenAt: new Date(takenAt).toISOString() } } : {}),
      ...(prescription || measured.length
        ? {
            prescription: {
              aim: prescription?.aim ?? null,
              followUp: prescription?.followUpDate ? { date: prescription.followUpDate, by: prescription.followUpBy ?? actor.name } : null,
              measurements: measured,
            },
          }
        : {}),
      attachments: attachments.map((a) => ({
        attachmentId: a.id,
        kind: a.kind,
        fileName: a.fileName,
        contentType: a.contentType,
        size: a.size,
        sha256: a.sha256,
        url: null,
      })),
    },
  };
  await tx
    .update(orderingOrder)
    .set({ status: 'submitted', orderNumber, messageId, submittedAt: now, updatedAt: now, version: o.version + 1 })
    .where(eq(orderingOrder.id, id));
  await tx.update(orderingOrderLine).set({ status: 'submitted' }).where(eq(orderingOrderLine.orderId, id));
  await tx.insert(orderingOrderEvent).values({ eventId: messageId, orderId: id, sequence: 0, type: 'submitted', occurredAt: now, payload: { orderNumber } });
  await enqueue(tx, SEND_MESSAGE_JOB, message, { maxAttempts: 50 });
  // The follow-up goes on the prescriber's list once, with the order it was written on (not with the lines split off it).
  if (prescription?.followUpDate && !o.splitFromOrderId)
    await tx.insert(orderingFollowUp).values({
      orderId: id,
      patientId: o.patientId,
      careProviderId: o.careProviderId,
      prescriberId: actor.userId,
      responsibleName: prescription.followUpBy,
      dueDate: prescription.followUpDate,
      createdAt: now,
    });
  await audit(tx, ctx, {
    action: 'order.submit',
    entityType: 'order',
    entityId: id,
    careProviderId: o.careProviderId,
    patientRef: o.patientId,
    details: { orderNumber, orderType: o.orderType, lines: lines.length },
  });
}

const attachmentLabel = (kind: string) =>
  ({ instruction: 'instruktion', riskAnalysis: 'riskanalys', motivation: 'motivering', incidentDescription: 'händelsebeskrivning' })[kind] ?? kind;

function toContractDelivery(
  d: { kind: string; [k: string]: unknown },
  customer: { addresses: { id: string; label: string }[]; bufferStores: { id: string; name: string; active: boolean }[] },
  needsDelivery: boolean,
  hasPatient: boolean,
): Delivery {
  switch (d.kind) {
    case 'patientAddress':
      if (!hasPatient)
        throw invalid('Leverans till patientens adress kräver en patient', [{ path: 'delivery', code: 'patient_required', message: 'ingen patient' }]);
      return { kind: 'patientAddress' };
    case 'otherAddress':
      return { kind: 'otherAddress', address: d.address as Extract<Delivery, { kind: 'otherAddress' }>['address'] };
    case 'deliveryPoint': {
      const a = customer.addresses.find((x) => x.id === d.deliveryAddressId);
      if (!a) throw invalid('Leveransadressen hör inte till kunden', [{ path: 'delivery.deliveryAddressId', code: 'unknown', message: 'okänd adress' }]);
      return { kind: 'deliveryPoint', deliveryAddressId: a.id, label: a.label };
    }
    case 'bufferStore': {
      const s = customer.bufferStores.find((x) => x.id === d.bufferStoreId && x.active);
      if (!s) throw invalid('Buffertförrådet hör inte till kunden', [{ path: 'delivery.bufferStoreId', code: 'unknown', message: 'okänt förråd' }]);
      return { kind: 'bufferStore', bufferStoreId: s.id, label: s.name };
    }
    default:
      if (needsDelivery) throw invalid('Välj vart leveransen ska', [{ path: 'delivery', code: 'required', message: 'saknas' }]);
      return { kind: 'none' };
  }
}
