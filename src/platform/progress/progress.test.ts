import { describe, expect, it } from 'vitest';
import { ProgressMeter, progressSnapshot, progressText, stepper, stepText, streamProgress, textBar, timeLeftText } from './progress.ts';

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('progress meter', () => {
  it('computes the rate and the time left from the units done since the start', () => {
    const s = progressSnapshot(12_000, 660_000, 3_000);
    expect(s.ratePerSec).toBe(4_000);
    expect(s.etaSec).toBe(162);
    expect(progressSnapshot(0, 100, 0)).toMatchObject({ ratePerSec: 0, etaSec: null });
    expect(progressSnapshot(50, null, 1000)).toMatchObject({ ratePerSec: 50, etaSec: null });
  });

  it('reports at most once per interval, and always at the finish', () => {
    let t = 0;
    const seen: number[] = [];
    const m = new ProgressMeter({ now: () => t, intervalMs: 250, total: 1000, onReport: (s) => seen.push(s.done) });
    for (let i = 1; i <= 1000; i++) {
      t = i; // 1 ms per unit: 1 s in all
      m.update(i);
    }
    expect(seen).toEqual([1, 251, 501, 751]);
    const last = m.finish();
    expect(seen.at(-1)).toBe(1000);
    expect(last).toMatchObject({ done: 1000, total: 1000, ratePerSec: 1000, etaSec: 0 });
  });

  it('never shows a total below what is done (an estimated total that was too low)', () => {
    let t = 0;
    const m = new ProgressMeter({ now: () => t, onReport: () => {} });
    t = 1000;
    m.update(500, 400);
    expect(m.snapshot()).toMatchObject({ done: 500, total: 500, etaSec: 0 });
  });
});

describe('progress text', () => {
  it('says rows, rate and time left in Swedish and English', () => {
    const s = progressSnapshot(12_000, 660_000, 12_000 / 4.1);
    expect(nbsp(progressText(s, 'rader'))).toBe('12 000 av 660 000 rader · 4 100 rader/s · cirka 3 min kvar');
    expect(progressText(s, 'rows', 'en')).toBe('12,000 of 660,000 rows · 4,100 rows/s · about 3 min left');
    expect(nbsp(progressText(progressSnapshot(900, null, 1000), 'rader'))).toBe('900 rader · 900 rader/s');
    expect(nbsp(progressText(progressSnapshot(10, 10, 1000), 'tabeller'))).toBe('10 av 10 tabeller · 10 tabeller/s');
  });

  it('rounds the time left to seconds, minutes, or hours and minutes', () => {
    expect(timeLeftText(0.2)).toBe('cirka 1 s kvar');
    expect(timeLeftText(40)).toBe('cirka 40 s kvar');
    expect(timeLeftText(150)).toBe('cirka 3 min kvar');
    expect(timeLeftText(3600 + 25 * 60, 'en')).toBe('about 1 h 25 min left');
    expect(timeLeftText(7200)).toBe('cirka 2 h kvar');
  });

  it('draws a bar', () => {
    expect(textBar(1, 4, 8)).toBe('[██░░░░░░]  25 %');
    expect(textBar(5, 0, 4)).toBe('[░░░░]   0 %');
  });

  it('names steps with the time so far', () => {
    const seen: string[] = [];
    let t = 0;
    const step = stepper(
      ['rent', 'oneTime', 'save'] as const,
      (s) => seen.push(stepText(s, s.key)),
      () => t,
    );
    step('rent');
    t = 1440;
    step('oneTime');
    t = 2000;
    step('save');
    expect(seen).toEqual(['rent 1/3 · 0,0 s', 'oneTime 2/3 · 1,4 s', 'save 3/3 · 2,0 s']);
    expect(() => step('other' as 'rent')).toThrow();
  });
});

describe('progress on a stream', () => {
  const stream = (isTTY: boolean) => {
    const out: string[] = [];
    return { out, s: { isTTY, columns: 30, write: (x: string) => out.push(x) } };
  };

  it('rewrites one line on a terminal, throttled, and clears it at the end', () => {
    let t = 0;
    const { out, s } = stream(true);
    const p = streamProgress(s, { now: () => t, ttyEveryMs: 200 });
    p.show('a');
    t = 100;
    p.show('b'); // too soon
    t = 250;
    p.show('c');
    p.show('x'.repeat(40)); // forced below? no: too soon
    p.show('y'.repeat(40), true);
    p.done('klart');
    expect(out).toEqual(['\r\x1b[2Ka', '\r\x1b[2Kc', `\r\x1b[2K${'y'.repeat(28)}…`, '\r\x1b[2K', 'klart\n']);
  });

  it('writes plain lines now and then when the stream is not a terminal', () => {
    let t = 0;
    const { out, s } = stream(false);
    const p = streamProgress(s, { now: () => t, plainEveryMs: 5000 });
    for (; t <= 12_000; t += 1000) p.show(`t=${t}`);
    p.done('klart');
    expect(out).toEqual(['t=0\n', 't=5000\n', 't=10000\n', 'klart\n']);
    expect(out.join('')).not.toContain('\r');
  });
});
