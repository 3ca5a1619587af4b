import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import { patientsForReview, readerLinks } from '../../ordering/patients/review-facts.ts';
import type { AuditVocabulary } from '../../platform/audit/audit.ts';
import { searchAuditEntries, type AuditEntryView } from '../../platform/audit/search-audit-log.ts';
import { addDays, isWorkingDay, stockholmDateTime, stockholmInstant } from '../../platform/calendar/index.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError } from '../../platform/errors.ts';
import { readSetting } from '../../platform/settings/settings.ts';
import { appUser, careProvider, customer } from '../schema.ts';
import { manyPatientsCount, manyPatientsWindowMinutes, officeEndHour, officeStartHour } from './settings.ts';
import { LOG_REVIEWERS } from '../roles.ts';

const isoDay = z.iso.date({ error: 'ange ett datum, t.ex. 2026-11-01' });

export const periodFields = z.strictObject({
  /** Omitted: the reviewer's own care provider (the first, if they have several). */
  careProviderId: z.uuid().optional(),
  from: isoDay,
  /** Inclusive. */
  to: isoDay,
});
/** A period's check, for every schema built on periodFields. */
export const periodInOrder: [(p: { from: string; to: string }) => boolean, { error: string; path: string[] }] = [
  (p) => p.from <= p.to,
  { error: 'perioden slutar före den börjar', path: ['to'] },
];
export const reviewPeriod = periodFields.refine(...periodInOrder);
export type ReviewPeriod = z.infer<typeof reviewPeriod>;

export const outlierKinds = ['protectedIdentity', 'manyPatients', 'noOrderNoCareRelationship', 'sameSurname', 'outsideOfficeHours'] as const;
export type OutlierKind = (typeof outlierKinds)[number];
export const outlierLabels: Record<OutlierKind, string> = {
  protectedIdentity: 'Skyddad identitet',
  manyPatients: 'Många olika patienter på kort tid',
  noOrderNoCareRelationship: 'Ingen beställning och ingen vårdrelation',
  sameSurname: 'Samma efternamn som användaren (möjlig anhörig)',
  outsideOfficeHours: 'Utanför kontorstid',
};

export const reviewRead = z.object({
  auditId: z.number(),
  at: z.date(),
  readerUserId: z.string().nullable(),
  readerName: z.string(),
  patientRef: z.string(),
  patientName: z.string(),
  unit: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  actionLabelEn: z.string(),
  purpose: z.string().nullable(),
  purposeLabel: z.string().nullable(),
  purposeLabelEn: z.string().nullable(),
  outliers: z.array(z.enum(outlierKinds)),
});
export type ReviewRead = z.infer<typeof reviewRead>;

export const reviewReport = z.object({
  careProviderId: z.string(),
  careProviderName: z.string(),
  from: z.string(),
  to: z.string(),
  thresholds: z.object({ manyPatientsCount: z.number(), manyPatientsWindowMinutes: z.number(), officeStartHour: z.number(), officeEndHour: z.number() }),
  reads: z.array(reviewRead),
  readers: z.array(z.object({ readerName: z.string(), reads: z.number(), patients: z.number(), outliers: z.number() })),
  outliers: z.number(),
  outlierLabels: z.record(z.string(), z.string()),
});
export type ReviewReport = z.infer<typeof reviewReport>;

/** The care provider the log reviewer reviews: their own, never another's (FORBIDDEN). */
export function reviewedCareProvider(ctx: Ctx, careProviderId: string | undefined): string {
  const actor = requireRole(ctx, ...LOG_REVIEWERS);
  const id = careProviderId ?? actor.careProviderIds[0];
  if (!id || !actor.careProviderIds.includes(id)) throw new AppError('FORBIDDEN', 'Du granskar bara loggen för din egen vårdgivare.');
  return id;
}

/** Every audit row with a patient for the care provider in [from, to) through the platform's search API, oldest first. */
export async function patientAccesses(
  db: DbOrTx,
  vocabulary: AuditVocabulary,
  q: { careProviderId: string; from: Date; to: Date; patientRefs?: string[] },
): Promise<AuditEntryView[]> {
  const out: AuditEntryView[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await searchAuditEntries(
      db,
      { careProviderIds: [q.careProviderId], from: q.from, to: q.to, hasPatient: true, patientRefs: q.patientRefs, limit: 500, before },
      vocabulary,
    );
    out.push(...page.items.filter((r) => r.at < q.to));
    if (page.nextBefore === null) break;
    before = page.nextBefore;
  }
  return out.reverse();
}

export const periodBounds = (p: { from: string; to: string }) => ({ from: stockholmInstant(p.from, 0), to: stockholmInstant(addDays(p.to, 1), 0) });

/** Names of users and units for the rows: "who" and "which unit". */
export async function names(db: DbOrTx, rows: AuditEntryView[]) {
  const userIds = [...new Set(rows.map((r) => r.actorUserId).filter((x): x is string => !!x))];
  const customerIds = [...new Set(rows.map((r) => r.details?.customerId).filter((x): x is string => typeof x === 'string'))];
  const cpIds = [...new Set(rows.map((r) => r.careProviderId).filter((x): x is string => !!x))];
  const users = userIds.length
    ? await db.select({ id: appUser.id, firstName: appUser.firstName, lastName: appUser.lastName }).from(appUser).where(inArray(appUser.id, userIds))
    : [];
  const customers = customerIds.length ? await db.select({ id: customer.id, name: customer.name }).from(customer).where(inArray(customer.id, customerIds)) : [];
  const cps = cpIds.length ? await db.select({ id: careProvider.id, name: careProvider.name }).from(careProvider).where(inArray(careProvider.id, cpIds)) : [];
  const user = new Map(users.map((u) => [u.id, u]));
  const cust = new Map(customers.map((c) => [c.id, c.name]));
  const cp = new Map(cps.map((c) => [c.id, c.name]));
  return {
    user,
    readerName: (r: AuditEntryView) => {
      const u = r.actorUserId ? user.get(r.actorUserId) : undefined;
      return u ? `${u.firstName} ${u.lastName} (${r.actorLabel})` : r.actorLabel;
    },
    unit: (r: AuditEntryView) => {
      const c = typeof r.details?.customerId === 'string' ? cust.get(r.details.customerId) : undefined;
      const p = r.careProviderId ? cp.get(r.careProviderId) : undefined;
      return [c, p].filter(Boolean).join(', ') || '–';
    },
    careProviderName: (id: string) => cp.get(id),
  };
}

/**
 * The PDL review report of a care provider for a period (DOMAIN §7): who read which patients, with outliers.
 * Only rows with a patient count as accesses. A read through a centre order or unit (provision_*) is bound to
 * an order by how the centre works; other reads need an order the reader created or a care relationship the
 * reader declared within the care-relationship period before the read. Users' addresses are not stored in
 * Bistå, so a relative is flagged on the surname alone (the reviewer checks the address by other means).
 */
export async function logReviewReport(ctx: Ctx, input: ReviewPeriod, vocabulary: AuditVocabulary): Promise<ReviewReport> {
  const careProviderId = reviewedCareProvider(ctx, input.careProviderId);
  return buildReport(ctx, careProviderId, input, vocabulary);
}

export async function buildReport(ctx: Ctx, careProviderId: string, input: { from: string; to: string }, vocabulary: AuditVocabulary): Promise<ReviewReport> {
  const db = ctx.db;
  const thresholds = {
    manyPatientsCount: await readSetting(db, ctx.config, manyPatientsCount),
    manyPatientsWindowMinutes: await readSetting(db, ctx.config, manyPatientsWindowMinutes),
    officeStartHour: await readSetting(db, ctx.config, officeStartHour),
    officeEndHour: await readSetting(db, ctx.config, officeEndHour),
  };
  const rows = await patientAccesses(db, vocabulary, { careProviderId, ...periodBounds(input) });
  const patients = await patientsForReview(
    db,
    rows.map((r) => r.patientRef!),
  );
  const links = await readerLinks(
    db,
    rows.map((r) => r.actorUserId).filter((x): x is string => !!x),
    rows.map((r) => r.patientRef!),
  );
  const n = await names(db, [...rows, { careProviderId } as AuditEntryView]);
  const validDays = ctx.config.ordering.careRelationshipDays;

  const flags = rows.map(() => new Set<OutlierKind>());
  // Many distinct patients within the window, per reader: every read inside such a window is flagged.
  const byReader = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const k = r.actorUserId ?? r.actorClientId ?? r.actorLabel;
    byReader.set(k, [...(byReader.get(k) ?? []), i]);
  });
  const windowMs = thresholds.manyPatientsWindowMinutes * 60_000;
  for (const idx of byReader.values()) {
    let start = 0;
    for (let end = 0; end < idx.length; end++) {
      const endAt = rows[idx[end]!]!.at.getTime();
      while (endAt - rows[idx[start]!]!.at.getTime() >= windowMs) start++;
      const inWindow = idx.slice(start, end + 1);
      if (new Set(inWindow.map((i) => rows[i]!.patientRef)).size >= thresholds.manyPatientsCount) for (const i of inWindow) flags[i]!.add('manyPatients');
    }
  }
  rows.forEach((r, i) => {
    const p = patients.get(r.patientRef!);
    const f = flags[i]!;
    if (p?.protectedIdentity) f.add('protectedIdentity');
    const local = stockholmDateTime(r.at);
    if (!isWorkingDay(local.date) || local.minutes < thresholds.officeStartHour * 60 || local.minutes >= thresholds.officeEndHour * 60)
      f.add('outsideOfficeHours');
    if (r.actorUserId) {
      const reader = n.user.get(r.actorUserId);
      if (reader && p && reader.lastName.localeCompare(p.lastName, 'sv', { sensitivity: 'base' }) === 0) f.add('sameSurname');
      const key = `${r.actorUserId}:${r.patientRef}`;
      const centreBound = r.entityType.startsWith('provision_');
      const cared = (links.careDays.get(key) ?? []).some((d) => d <= local.date && d >= addDays(local.date, -(validDays - 1)));
      if (!centreBound && !links.orders.has(key) && !cared) f.add('noOrderNoCareRelationship');
    }
  });

  const reads: ReviewRead[] = rows.map((r, i) => {
    const p = patients.get(r.patientRef!);
    return {
      auditId: r.id,
      at: r.at,
      readerUserId: r.actorUserId,
      readerName: n.readerName(r),
      patientRef: r.patientRef!,
      patientName: p ? `${p.firstName} ${p.lastName}` : '–',
      unit: n.unit(r),
      action: r.action,
      actionLabel: r.actionLabel,
      actionLabelEn: r.actionLabelEn,
      purpose: r.purpose,
      purposeLabel: r.purposeLabel,
      purposeLabelEn: r.purposeLabelEn,
      outliers: outlierKinds.filter((k) => flags[i]!.has(k)),
    };
  });
  const summary = new Map<string, { readerName: string; reads: number; patients: Set<string>; outliers: number }>();
  for (const r of reads) {
    const s = summary.get(r.readerName) ?? { readerName: r.readerName, reads: 0, patients: new Set<string>(), outliers: 0 };
    s.reads++;
    s.patients.add(r.patientRef);
    if (r.outliers.length) s.outliers++;
    summary.set(r.readerName, s);
  }
  return {
    careProviderId,
    careProviderName: n.careProviderName(careProviderId) ?? careProviderId,
    from: input.from,
    to: input.to,
    thresholds,
    reads,
    readers: [...summary.values()]
      .map((s) => ({ readerName: s.readerName, reads: s.reads, patients: s.patients.size, outliers: s.outliers }))
      .sort((a, b) => b.outliers - a.outliers || a.readerName.localeCompare(b.readerName, 'sv')),
    outliers: reads.filter((r) => r.outliers.length).length,
    outlierLabels,
  };
}
