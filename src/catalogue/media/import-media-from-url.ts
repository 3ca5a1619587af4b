import { and, eq } from 'drizzle-orm';
import type { Logger } from 'pino';
import { audit } from '../../platform/audit/audit.ts';
import type { Config } from '../../platform/config.ts';
import { systemCtx, type Ctx } from '../../platform/context.ts';
import type { Database } from '../../platform/db/client.ts';
import { AppError, isAppError, zodIssues } from '../../platform/errors.ts';
import type { JobHandler } from '../../platform/jobs/jobs.ts';
import { media } from '../schema.ts';
import { articleNotFound, requireMediaEditor, toView } from './access.ts';
import { fetchUrl } from './fetch-url.ts';
import { maxBytesFor, tooLarge } from './limits.ts';
import { fetchMediaInput, type FetchMediaInput, type MediaView } from './media-schemas.ts';
import { storeMedia } from './store-media.ts';
import { article } from '../schema.ts';

export interface ImportMediaOptions {
  /** Let the URL point into private networks (tests with a local server); off in production. */
  allowPrivateNetwork?: boolean;
  timeoutMs?: number;
}

/**
 * A media link from the national import: fetches the URL (http/https, 20 s, the same size limits and
 * sniffing as an upload), stores the bytes and records the row with its `source_url`. A link this article
 * already has is not fetched again, so re-importing an unchanged file changes nothing.
 */
export async function importMediaFromUrl(ctx: Ctx, raw: FetchMediaInput, opts: ImportMediaOptions = {}): Promise<{ media: MediaView; created: boolean }> {
  requireMediaEditor(ctx);
  const parsed = fetchMediaInput.safeParse(raw);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw new AppError('VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { issues, retryable: false });
  }
  const input = parsed.data;
  const [a] = await ctx.db.select({ id: article.id }).from(article).where(eq(article.id, input.articleId));
  if (!a) throw articleNotFound();
  const [known] = await ctx.db
    .select()
    .from(media)
    .where(and(eq(media.articleId, input.articleId), eq(media.sourceUrl, input.url), eq(media.kind, input.kind)))
    .limit(1);
  if (known) return { media: toView(known), created: false };

  const data = await fetchUrl(input.url, {
    maxBytes: maxBytesFor(input.kind),
    tooLarge: () => tooLarge(input.kind),
    timeoutMs: opts.timeoutMs ?? 20_000,
    allowPrivateNetwork: opts.allowPrivateNetwork ?? false,
  });
  return storeMedia(ctx, { articleId: input.articleId, kind: input.kind, title: input.title ?? null, data, sourceUrl: input.url });
}

export const FETCH_MEDIA_JOB = 'catalogue.fetch-media';

/**
 * Job handlers of the media module, for the worker: `catalogue.fetch-media` with payload
 * `{ articleId, kind, title, url }`. A link that can never work (refused content, too large, 404, not a
 * URL, article gone) is recorded in the audit log against the article and the job ends; a failure of the
 * network or the remote server is thrown, so the worker retries it with backoff.
 */
export function mediaJobHandlers(database: Database, config: Config, log: Logger, opts: ImportMediaOptions = {}): Record<string, JobHandler> {
  return {
    [FETCH_MEDIA_JOB]: async (payload, info) => {
      const ctx = systemCtx({ db: database.db, database, config, log });
      const p = (payload ?? {}) as Partial<FetchMediaInput>;
      try {
        const { media: m, created } = await importMediaFromUrl(ctx, payload as FetchMediaInput, opts);
        log.info({ jobId: info.jobId, articleId: m.articleId, mediaId: m.id, created }, 'media fetched');
      } catch (err) {
        if (!isAppError(err) || err.details?.retryable === true) throw err;
        log.warn({ jobId: info.jobId, articleId: p.articleId, code: err.code, reason: err.message }, 'media link refused');
        if (err.code === 'NOT_FOUND' && err.message === articleNotFound().message) return;
        if (typeof p.articleId !== 'string' || !/^[0-9a-f-]{36}$/i.test(p.articleId)) return;
        await audit(ctx.db, ctx, {
          action: 'article.media.fetch-failed',
          entityType: 'article',
          entityId: p.articleId,
          details: { url: typeof p.url === 'string' ? p.url.slice(0, 2000) : null, kind: p.kind ?? null, code: err.code, reason: err.message },
        });
      }
    },
  };
}
