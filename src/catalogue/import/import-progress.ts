import { eq } from 'drizzle-orm';
import type { Ctx } from '../../platform/context.ts';
import { ProgressMeter, type ProgressSnapshot } from '../../platform/progress/progress.ts';
import { importBatch } from '../schema.ts';

/** reading: rows are read and staged (rows counted); checking: the file is validated; publishing: one transaction. */
export type ImportPhase = 'reading' | 'checking' | 'publishing';

/** How far a running import has come: stored in import_batch.progress, so a reloaded page (or the CLI) sees it. */
export interface ImportProgress extends ProgressSnapshot {
  phase: ImportPhase;
  /** The total is estimated from the part of the file read so far (exact once it is all read). */
  estimated: boolean;
  updatedAt: string;
}

/** The database gets the progress at most this often: the page polls every second or two. */
const STORE_EVERY_MS = 1000;

/**
 * Follows one import: article rows read (a total estimated from the bytes read, for XML), the phase, the
 * rate. Reports go to `onProgress` (the CLI's line, a few times a second) and to the batch row (at most
 * once a second, never awaited by the reader: one write in flight, the newest report wins).
 */
export class ImportProgressTracker {
  private readonly meter: ProgressMeter;
  private fileBytes: number;
  private bytesRead = 0;
  private phase: ImportPhase = 'reading';
  private estimated = true;
  private last: ImportProgress | null = null;
  private lastStored = -Infinity;
  private writing: Promise<void> = Promise.resolve();
  private pending: ImportProgress | null = null;
  private whileReading: (() => Promise<void>) | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly batchId: string,
    opts: {
      fileBytes: number;
      totalKnown: boolean;
      onProgress?: ((p: ImportProgress) => void) | undefined;
      whileReading?: (() => Promise<void>) | undefined;
    },
  ) {
    this.whileReading = opts.whileReading;
    this.fileBytes = opts.totalKnown ? opts.fileBytes : 0;
    this.estimated = opts.totalKnown;
    this.meter = new ProgressMeter({
      intervalMs: 250,
      onReport: (s) => {
        const p: ImportProgress = { ...s, phase: this.phase, estimated: this.estimated && this.phase === 'reading', updatedAt: this.ctx.now().toISOString() };
        this.last = p;
        opts.onProgress?.(p);
        this.store(p, false);
      },
    });
  }

  /** Called often while reading: bytes read so far (XML), then the article rows staged so far. */
  read(bytes: number) {
    this.bytesRead = bytes;
  }

  /** Article rows staged so far. Returns a promise only for the test seam `whileReading` (once). */
  rows(articles: number): Promise<void> | undefined {
    const total = this.fileBytes > 0 && this.bytesRead > 0 ? Math.round((articles * this.fileBytes) / this.bytesRead) : null;
    this.meter.update(articles, total);
    const hold = this.whileReading;
    if (!hold || !this.last) return undefined;
    this.whileReading = undefined;
    // The first report is in the database: the reader waits while the test looks at it.
    return this.writing.then(hold);
  }

  /** The next phase (the file is read: the rows are now exact), stored at once and awaited. */
  async enter(phase: ImportPhase, articles: number) {
    this.estimated = false;
    this.phase = phase;
    this.meter.finish(articles, articles);
    await this.settle(true);
  }

  /** The last report (for tests and the CLI). */
  get latest() {
    return this.last;
  }

  /** Waits for the write in flight (and writes the newest report if `force`). */
  async settle(force = false) {
    if (force && this.last) this.store(this.last, true);
    await this.writing;
  }

  private store(p: ImportProgress, force: boolean) {
    const t = performance.now();
    if (!force && t - this.lastStored < STORE_EVERY_MS) return;
    this.lastStored = t;
    this.pending = p;
    this.writing = this.writing.then(async () => {
      const next = this.pending;
      this.pending = null;
      if (!next) return;
      await this.ctx.db
        .update(importBatch)
        .set({ progress: next as unknown as Record<string, unknown> })
        .where(eq(importBatch.id, this.batchId))
        .catch((err: unknown) => this.ctx.log.warn({ err, batchId: this.batchId }, 'catalogue import: progress not stored'));
    });
  }
}
