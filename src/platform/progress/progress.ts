/**
 * Progress of long work (an import, a backup, the monthly invoice run): a meter that turns "done so far"
 * into a rate and a time left, throttled so that reporting never slows the work down, and a writer that
 * shows it on a terminal (one updating line) or in a log (a plain line now and then).
 */

export interface ProgressSnapshot {
  done: number;
  /** null: the total is not known (yet). */
  total: number | null;
  elapsedMs: number;
  /** Units per second since the start (0 until some time has passed). */
  ratePerSec: number;
  /** Seconds left at the current rate; null when the total or the rate is not known. */
  etaSec: number | null;
}

export interface ProgressMeterOptions {
  /** Called at most once per `intervalMs` from update(), and always from finish(). */
  onReport: (s: ProgressSnapshot) => void;
  intervalMs?: number;
  now?: () => number;
  total?: number | null;
}

/** Rate and time left from the units done since the start. */
export function progressSnapshot(done: number, total: number | null, elapsedMs: number): ProgressSnapshot {
  const ratePerSec = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const etaSec = total !== null && ratePerSec > 0 ? Math.max(0, (total - done) / ratePerSec) : null;
  return { done, total, elapsedMs, ratePerSec, etaSec };
}

export class ProgressMeter {
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly started: number;
  private lastReport = -Infinity;
  private done = 0;
  private total: number | null;

  constructor(private readonly opts: ProgressMeterOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.intervalMs = opts.intervalMs ?? 250;
    this.total = opts.total ?? null;
    this.started = this.now();
  }

  /** Cheap enough to call per row: reports only when `intervalMs` has passed since the last report. */
  update(done: number, total?: number | null) {
    this.done = done;
    if (total !== undefined) this.total = total;
    const t = this.now();
    if (t - this.lastReport < this.intervalMs) return;
    this.lastReport = t;
    this.opts.onReport(this.snapshotAt(t));
  }

  snapshot(): ProgressSnapshot {
    return this.snapshotAt(this.now());
  }

  /** Reports now (whatever the interval): the last report, or the exact total once it is known. */
  finish(done = this.done, total?: number | null): ProgressSnapshot {
    this.done = done;
    if (total !== undefined) this.total = total;
    if (this.total !== null) this.total = Math.max(this.total, done);
    const s = this.snapshotAt(this.now());
    this.opts.onReport(s);
    return s;
  }

  private snapshotAt(t: number) {
    const total = this.total === null ? null : Math.max(this.total, this.done);
    return progressSnapshot(this.done, total, t - this.started);
  }
}

export type ProgressLang = 'sv' | 'en';

const numberFormats = { sv: new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 }), en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }) };

/** "cirka 2 min kvar" / "about 2 min left"; "40 s" under a minute, hours and minutes from an hour. */
export function timeLeftText(etaSec: number, lang: ProgressLang = 'sv'): string {
  const s = Math.ceil(etaSec);
  let t: string;
  if (s < 60) t = `${Math.max(1, s)} s`;
  else if (s < 3600) t = `${Math.round(s / 60)} min`;
  else {
    const h = Math.floor(s / 3600);
    const m = Math.round((s - h * 3600) / 60);
    t = m ? `${h} h ${m} min` : `${h} h`;
  }
  return lang === 'sv' ? `cirka ${t} kvar` : `about ${t} left`;
}

/** Seconds with one decimal: "1,4 s" / "1.4 s". */
export function secondsText(ms: number, lang: ProgressLang = 'sv'): string {
  const s = (ms / 1000).toFixed(1);
  return `${lang === 'sv' ? s.replace('.', ',') : s} s`;
}

/**
 * "12 000 av 660 000 rader · 4 100 rader/s · cirka 2 min kvar" (Swedish) or
 * "12,000 of 660,000 rows · 4,100 rows/s · about 2 min left"; without a total: "12 000 rader · 4 100 rader/s".
 */
export function progressText(s: ProgressSnapshot, unit: string, lang: ProgressLang = 'sv'): string {
  const n = (v: number) => numberFormats[lang].format(v);
  const parts = [s.total !== null ? `${n(s.done)} ${lang === 'sv' ? 'av' : 'of'} ${n(s.total)} ${unit}` : `${n(s.done)} ${unit}`];
  if (s.ratePerSec > 0) parts.push(`${n(s.ratePerSec)} ${unit}/s`);
  if (s.etaSec !== null && s.total !== null && s.done < s.total) parts.push(timeLeftText(s.etaSec, lang));
  return parts.join(' · ');
}

/** A text bar for the terminal: "[██████░░░░░░] 45 %". */
export function textBar(done: number, total: number, width = 20): string {
  const f = total > 0 ? Math.min(1, done / total) : 0;
  const full = Math.round(f * width);
  return `[${'█'.repeat(full)}${'░'.repeat(width - full)}] ${String(Math.floor(f * 100)).padStart(3)} %`;
}

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * Shows progress on a stream: on a terminal one line rewritten in place (at most every `ttyEveryMs`); on
 * anything else (a log file, a pipe) a plain line at most every `plainEveryMs`, so that logs stay readable.
 * `done(text)` ends the line (a terminal) or writes the last line (plain).
 */
export function streamProgress(stream: ProgressStream, opts: { plainEveryMs?: number; ttyEveryMs?: number; now?: () => number } = {}) {
  const tty = !!stream.isTTY;
  const now = opts.now ?? (() => performance.now());
  const every = tty ? (opts.ttyEveryMs ?? 200) : (opts.plainEveryMs ?? 5000);
  let last = -Infinity;
  let open = false;
  return {
    tty,
    /** Shows `text` unless the last line was shown less than the interval ago (`force` shows it anyway). */
    show(text: string, force = false) {
      const t = now();
      if (!force && t - last < every) return;
      last = t;
      if (tty) {
        const width = stream.columns ?? 0;
        const line = width > 1 && text.length >= width ? `${text.slice(0, width - 2)}…` : text;
        stream.write(`\r\x1b[2K${line}`);
        open = true;
      } else stream.write(`${text}\n`);
    },
    /** Ends the progress: on a terminal the line is cleared (or replaced by `text`). */
    done(text?: string) {
      if (tty) {
        if (open) stream.write('\r\x1b[2K');
        if (text) stream.write(`${text}\n`);
      } else if (text) stream.write(`${text}\n`);
      open = false;
    },
  };
}

/**
 * Named steps of work that cannot count rows (a few big SQL statements): "Hyror 1/3 · 0,4 s".
 */
export interface StepProgress {
  step: number;
  steps: number;
  /** The step's key (for the web's translations), e.g. 'rent'. */
  key: string;
  elapsedMs: number;
}

export function stepText(s: StepProgress, label: string, lang: ProgressLang = 'sv'): string {
  return `${label} ${s.step}/${s.steps} · ${secondsText(s.elapsedMs, lang)}`;
}

/** Calls `onStep` when each step begins, with the time since the first. */
export function stepper<K extends string>(keys: readonly K[], onStep: (s: StepProgress) => void, now: () => number = () => performance.now()) {
  const t0 = now();
  return (key: K) => {
    const i = keys.indexOf(key);
    if (i < 0) throw new Error(`unknown step ${key}`);
    onStep({ step: i + 1, steps: keys.length, key, elapsedMs: now() - t0 });
  };
}
