import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import type { StepProgress } from '../../platform/progress/progress.ts';
import { as } from '../../provision/testing/given.ts';
import { runMonth, runProgress } from './run-month.ts';

/** The monthly run reports its steps; the finance page polls the current one while the run button waits. */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it('a run goes through rent, one-time charges and saving, each readable while it runs, and none after', async () => {
  const seen: { s: StepProgress; current: StepProgress | null }[] = [];
  const counts = await runMonth(as(t.ctx(), 'finance'), '2026-11', { onStep: (s) => seen.push({ s, current: runProgress('2026-11') }) });
  expect(counts.period).toBe('2026-11');
  expect(seen.map((x) => `${x.s.key} ${x.s.step}/${x.s.steps}`)).toEqual(['rent 1/3', 'oneTime 2/3', 'save 3/3']);
  for (const x of seen) expect(x.current).toEqual(x.s);
  const times = seen.map((x) => x.s.elapsedMs);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  expect(runProgress('2026-11')).toBeNull();

  const finance = await t.login('ekonomi');
  const res = await finance.get('/api/billing/months/2026-11/run-progress');
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ progress: null });
  const nurse = await t.login('forskrivare');
  expect((await nurse.get('/api/billing/months/2026-11/run-progress')).statusCode).toBe(403);
});
