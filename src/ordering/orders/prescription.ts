import { asc, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ArticleForOrdering } from '../../catalogue/articles/articles-for-ordering.ts';
import { audit } from '../../platform/audit/audit.ts';
import { SYSTEM_ADMIN } from '../../platform/auth/access.ts';
import { requireRole, type Ctx } from '../../platform/context.ts';
import type { DbOrTx } from '../../platform/db/client.ts';
import { AppError, type FieldIssue } from '../../platform/errors.ts';
import { stockholmDateTime } from '../../platform/calendar/index.ts';
import { PRESCRIPTION_CLASS_READERS } from '../roles.ts';
import { classFor } from './prescription-class.ts';

export { classFor };
import { orderingPrescriptionClass, type LineMeasurement, type PrescriptionRecord } from './schema.ts';

// Prescription details (issue 16 item 7): what a Swedish prescriber records with a customer order besides the
// articles — the aim (mål/syfte med förskrivningen), the follow-up (date and who), and the measurements the
// article's ISO 9999 class asks for (brukarens vikt, sittbredd …). The classes are data (ordering_prescription_class).

export const measurementDefinition = z.object({
  code: z.string(),
  labelSv: z.string(),
  labelEn: z.string(),
  unit: z.string(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  required: z.boolean(),
});

export const prescriptionClassView = z.object({
  /** The ISO 9999 prefix as written, e.g. "12 22". */
  isoPrefix: z.string(),
  titleSv: z.string(),
  titleEn: z.string(),
  aimRequired: z.boolean(),
  measurements: z.array(measurementDefinition),
});
export type PrescriptionClass = z.infer<typeof prescriptionClassView>;

/** "1222" → "12 22" (pairs of digits, as ISO 9999 codes are written). */
const spaced = (digits: string) => digits.replace(/(\d\d)(?=\d)/g, '$1 ');

/** GET /api/ordering/prescription-classes: every class with what it asks for, by prefix. */
export async function listPrescriptionClasses(ctx: Ctx): Promise<PrescriptionClass[]> {
  requireRole(ctx, ...PRESCRIPTION_CLASS_READERS);
  return prescriptionClasses(ctx.db);
}

export async function prescriptionClasses(db: DbOrTx): Promise<PrescriptionClass[]> {
  const rows = await db.select().from(orderingPrescriptionClass).orderBy(asc(orderingPrescriptionClass.isoPrefix));
  return rows.map((r) => ({
    isoPrefix: spaced(r.isoPrefix),
    titleSv: r.titleSv,
    titleEn: r.titleEn,
    aimRequired: r.aimRequired,
    measurements: r.measurements,
  }));
}

const label = (max: number) => z.string().trim().min(1, 'fältet måste fyllas i').max(max, `högst ${max} tecken`);

/** A class as system management writes it (PUT /api/ordering/prescription-classes/:prefix). */
export const prescriptionClassInput = z.strictObject({
  titleSv: label(200),
  titleEn: label(200),
  aimRequired: z.boolean(),
  measurements: z
    .array(
      z
        .strictObject({
          code: z
            .string()
            .trim()
            .regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, 'en kod av bokstäver och siffror, t.ex. userWeight'),
          labelSv: label(100),
          labelEn: label(100),
          unit: label(20),
          min: z.number().finite().nullable(),
          max: z.number().finite().nullable(),
          required: z.boolean(),
        })
        .refine((m) => m.min === null || m.max === null || m.min <= m.max, { message: 'minsta värdet får inte vara större än största', path: ['max'] }),
    )
    .max(20, 'högst 20 mått')
    .refine((ms) => new Set(ms.map((m) => m.code)).size === ms.length, { message: 'varje kod får finnas en gång', params: { code: 'duplicate' } }),
});

/** An ISO 9999 prefix in a URL: "12 22", "1222" or "12-22" (two to six digits in pairs). */
export const isoPrefixParam = z.strictObject({
  prefix: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^(\d\d){1,3}$/, 'ange en ISO 9999-kod med två, fyra eller sex siffror')),
});

/**
 * Sets what a prescription for an ISO class records (system management): a new class or a changed one. Orders
 * already sent keep what they were sent with (labels and units are copied onto each line); drafts are checked
 * against the class as it is when they are sent.
 */
export async function putPrescriptionClass(ctx: Ctx, prefix: string, input: z.infer<typeof prescriptionClassInput>): Promise<PrescriptionClass> {
  requireRole(ctx, ...SYSTEM_ADMIN);
  return ctx.db.transaction(async (tx) => {
    const values = { ...input, updatedAt: ctx.now() };
    await tx
      .insert(orderingPrescriptionClass)
      .values({ isoPrefix: prefix, ...values })
      .onConflictDoUpdate({ target: orderingPrescriptionClass.isoPrefix, set: { ...values, updatedAt: sql`excluded.updated_at` } });
    await audit(tx, ctx, {
      action: 'prescription-class.update',
      entityType: 'prescription_class',
      entityId: prefix,
      careProviderId: null,
      details: { aimRequired: input.aimRequired, measurements: input.measurements.map((m) => m.code) },
    });
    return { isoPrefix: spaced(prefix), ...input };
  });
}

/** Measurements are asked for on a main device's line (an accessory's measurements are its main device's). */
export const asksForMeasurements = (a: Pick<ArticleForOrdering, 'articleType'> | undefined) => a?.articleType === 'H';

export const measurementsInput = z.record(z.string().max(40), z.number({ error: 'ange ett tal' }).finite()).nullish();

export const prescriptionInput = z
  .strictObject({
    aim: z.string().trim().max(2000, 'högst 2000 tecken').nullish(),
    followUpDate: z.iso.date({ error: 'ange datum som ÅÅÅÅ-MM-DD' }).nullish(),
    /** Who follows up when not the prescriber: a name or a role, free text. */
    followUpBy: z.string().trim().max(200, 'högst 200 tecken').nullish(),
  })
  .nullish();
export type PrescriptionInput = z.infer<typeof prescriptionInput>;

const invalid = (message: string, issues: FieldIssue[]) => new AppError('VALIDATION', message, { issues });

/** A draft's measurements for a line: only codes its class asks for (with label and unit kept), any number — the range is checked at submit, so nothing typed is lost. */
export function measurementsForSave(
  lineIndex: number,
  values: Record<string, number> | null | undefined,
  cls: PrescriptionClass | null,
  isMain: boolean,
): LineMeasurement[] | null {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return null;
  const defs = isMain ? (cls?.measurements ?? []) : [];
  return entries.map(([code, value]) => {
    const d = defs.find((x) => x.code === code);
    if (!d)
      throw invalid(`Rad ${lineIndex + 1}: artikeln frågar inte efter måttet ${code}`, [
        { path: `body.lines.${lineIndex}.measurements.${code}`, code: 'unknown', message: 'okänt mått' },
      ]);
    return { code, labelSv: d.labelSv, labelEn: d.labelEn, unit: d.unit, value };
  });
}

export function prescriptionForSave(p: PrescriptionInput): PrescriptionRecord | null {
  if (!p) return null;
  const rec = { aim: p.aim || null, followUpDate: p.followUpDate ?? null, followUpBy: p.followUpBy || null };
  return rec.aim || rec.followUpDate || rec.followUpBy ? rec : null;
}

const fmt = (n: number) => String(n).replace('.', ',');

/**
 * At submit: every required measurement of each main-device line is there and every value within its range; the
 * aim is there when a main device's class asks for it; a follow-up date is today or later. The first failure is
 * refused with a message naming the line and the field; the draft keeps everything.
 */
export function checkPrescription(
  ctx: Ctx,
  lines: readonly { lineNumber: number; articleId: string | null; measurements: LineMeasurement[] | null }[],
  articles: Map<string, ArticleForOrdering>,
  classes: readonly PrescriptionClass[],
  prescription: PrescriptionRecord | null,
): void {
  let aimRequiredBy: { lineNumber: number; name: string } | null = null;
  for (const l of lines) {
    const a = l.articleId ? articles.get(l.articleId) : undefined;
    if (!a || !asksForMeasurements(a)) continue;
    const cls = classFor(classes, a.isoCode);
    if (!cls) continue;
    if (cls.aimRequired && !aimRequiredBy) aimRequiredBy = { lineNumber: l.lineNumber, name: a.name };
    for (const d of cls.measurements) {
      const m = l.measurements?.find((x) => x.code === d.code);
      const path = `lines.${l.lineNumber - 1}.measurements.${d.code}`;
      if (!m) {
        if (d.required) {
          const message = `Rad ${l.lineNumber} (${a.name}): ange ${d.labelSv.toLowerCase()} (${d.unit}), det krävs för ${cls.titleSv.toLowerCase()}`;
          throw invalid(message, [{ path, code: 'measurement_required', message, params: { line: l.lineNumber, label: d.labelSv, unit: d.unit } }]);
        }
        continue;
      }
      if ((d.min !== null && m.value < d.min) || (d.max !== null && m.value > d.max)) {
        const message = `Rad ${l.lineNumber} (${a.name}): ${d.labelSv.toLowerCase()} ska vara mellan ${fmt(d.min ?? 0)} och ${fmt(d.max ?? 0)} ${d.unit}`;
        throw invalid(message, [
          { path, code: 'measurement_range', message, params: { line: l.lineNumber, label: d.labelSv, unit: d.unit, min: d.min ?? '', max: d.max ?? '' } },
        ]);
      }
    }
  }
  if (aimRequiredBy && !prescription?.aim) {
    const message = `Ange mål och syfte med förskrivningen: det krävs för rad ${aimRequiredBy.lineNumber} (${aimRequiredBy.name})`;
    throw invalid(message, [{ path: 'prescription.aim', code: 'aim_required', message, params: { line: aimRequiredBy.lineNumber } }]);
  }
  if (prescription?.followUpDate && prescription.followUpDate < stockholmDateTime(ctx.now()).date) {
    const message = 'Uppföljningsdatum kan inte ha passerat: välj i dag eller senare';
    throw invalid(message, [{ path: 'prescription.followUpDate', code: 'date_in_past', message }]);
  }
  if (prescription?.followUpBy && !prescription.followUpDate) {
    const message = 'Ange datum för uppföljningen';
    throw invalid(message, [{ path: 'prescription.followUpDate', code: 'required', message }]);
  }
}
