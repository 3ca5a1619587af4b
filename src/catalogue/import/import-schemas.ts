import { z } from 'zod';

/** The API's view of an import batch and its report (see ImportReport in import-catalogue-file.ts). */
const issue = z.object({
  line: z.number().nullable(),
  sheet: z.string().optional(),
  field: z.string().optional(),
  message: z.string(),
  text: z.string().describe('Meddelandet som det visas: "Rad 1042, fält \'amount\': priset får inte vara negativt"'),
});

export const changeSummaryView = z.object({
  new: z.number(),
  changed: z.number(),
  unchanged: z.number(),
  removed: z.number(),
  newArticles: z.array(z.string()),
  changedArticles: z.array(z.string()),
  removedArticles: z.array(z.string()),
  listLimit: z.number().describe('Listorna innehåller högst så här många artikelnummer var'),
});

export const importReportView = z.object({
  format: z.enum(['xml', 'xlsx']),
  fileName: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  header: z
    .object({ edition: z.string(), source: z.enum(['national', 'supplier']), scope: z.enum(['full', 'delta']), exported: z.string().nullable() })
    .nullable(),
  counts: z.record(z.string(), z.number()),
  errorCount: z.number(),
  errors: z.array(issue),
  changes: changeSummaryView.nullable(),
  failure: z.string().optional(),
  published: z.boolean(),
  timingsMs: z.record(z.string(), z.number()),
});

export const importProgressView = z.object({
  phase: z.enum(['reading', 'checking', 'publishing']).describe('reading (läser rader), checking (kontrollerar filen), publishing (publicerar)'),
  done: z.number().describe('Artikelrader lästa hittills'),
  total: z.number().nullable().describe('Rader i filen: uppskattat av filens storlek medan den läses (estimated), sedan exakt; null om okänt'),
  estimated: z.boolean(),
  ratePerSec: z.number().describe('Rader per sekund hittills'),
  etaSec: z.number().nullable().describe('Sekunder kvar av läsningen vid nuvarande takt'),
  elapsedMs: z.number(),
  updatedAt: z.string(),
});

export const batchStatus = z.enum(['queued', 'staging', 'validated', 'invalid', 'published', 'failed']);

export const importBatchView = z.object({
  id: z.uuid(),
  fileName: z.string(),
  format: z.enum(['xml', 'xlsx']),
  status: batchStatus.describe(
    'queued (i kö: en annan import läses just nu), staging (pågår), validated (giltig, ej publicerad), invalid (fel i filen), published, failed (publiceringen avbröts; katalogen oförändrad)',
  ),
  rows: z.number().describe('Antal artiklar i filen'),
  errorCount: z.number(),
  report: importReportView.nullable(),
  progress: importProgressView.nullable().describe('Hur långt importen har kommit (uppdateras högst en gång i sekunden medan den pågår)'),
  createdBy: z.uuid().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

export const importBatchListItem = importBatchView.omit({ report: true }).extend({
  changes: z.object({ new: z.number(), changed: z.number(), removed: z.number() }).nullable(),
});

export const importListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const uploadQuery = z.strictObject({
  publish: z.enum(['true', 'false']).default('false').describe('true: publicera direkt om filen är giltig'),
});
