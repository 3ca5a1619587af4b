import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';

/**
 * The quality figures as data (issue 14 item 2): share of support tickets answered within 24 hours (calendar
 * hours, and office hours beside it) and of access applications registered within a week, per month and per
 * quarter against the targets in the settings; "no data" where a period has nothing to count.
 */
let clock = new Date('2026-11-02T08:00:00Z');
const at = (iso: string) => (clock = new Date(iso));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
});
afterAll(() => t.close());

async function ticketAt(createdIso: string, answeredIso: string | null) {
  at(createdIso);
  const res = await (await t.login('bestallare')).post('/api/support/tickets', { subject: 'Fråga', description: 'Text' });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  // An internal note right away changes nothing: only the reply counts.
  await (await t.login('kundtjanst')).post(`/api/support/tickets/${id}/notes`, { body: 'Tittar på det' });
  if (answeredIso) {
    at(answeredIso);
    const r = await (await t.login('kundtjanst')).post(`/api/support/tickets/${id}/replies`, { body: 'Svar' });
    expect(r.statusCode, r.body).toBe(200);
  }
}

interface Period {
  period: string;
  counted: number;
  withinTarget: number;
  share: number | null;
  noData: boolean;
  meetsTarget: boolean | null;
}
interface Measure {
  key: string;
  targetPercent: number;
  months: Period[];
  quarters: Period[];
}

describe('quality figures', () => {
  it('per month and quarter against the targets, with no data where nothing was counted', async () => {
    await ticketAt('2026-11-02T08:00:00Z', '2026-11-02T10:00:00Z'); // 2 h: within
    await ticketAt('2026-11-03T08:00:00Z', '2026-11-04T14:00:00Z'); // 30 h: missed; 14 office hours: within
    await ticketAt('2026-12-01T08:00:00Z', null); // never answered: missed once past 24 h
    await ticketAt('2026-12-09T23:00:00Z', null); // unanswered, still inside 24 h at the time asked: not counted
    at('2026-12-10T12:00:00Z');
    const res = await (await t.login('samordnare')).get('/api/quality/figures?from=2026-10&to=2026-12');
    expect(res.statusCode, res.body).toBe(200);
    const measures = res.json().measures as Measure[];
    const calendar = measures.find((m) => m.key === 'supportAnsweredWithin24h')!;
    expect(calendar.targetPercent).toBe(90);
    expect(calendar.months).toEqual([
      { period: '2026-10', counted: 0, withinTarget: 0, share: null, noData: true, meetsTarget: null },
      { period: '2026-11', counted: 2, withinTarget: 1, share: 0.5, noData: false, meetsTarget: false },
      { period: '2026-12', counted: 1, withinTarget: 0, share: 0, noData: false, meetsTarget: false },
    ]);
    expect(calendar.quarters).toEqual([{ period: '2026-K4', counted: 3, withinTarget: 1, share: 1 / 3, noData: false, meetsTarget: false }]);
    const office = measures.find((m) => m.key === 'supportAnsweredWithin24OfficeHours')!;
    expect(office.months[1]).toMatchObject({ period: '2026-11', counted: 2, withinTarget: 2, share: 1, meetsTarget: true });
    const applications = measures.find((m) => m.key === 'applicationsRegisteredWithinTarget')!;
    expect(applications.targetPercent).toBe(100);
    expect(applications.months.every((m) => m.noData)).toBe(true);
    expect(applications.quarters).toEqual([{ period: '2026-K4', counted: 0, withinTarget: 0, share: null, noData: true, meetsTarget: null }]);
  });

  it('the target follows the setting', async () => {
    const admin = await t.login('admin');
    const put = await admin.put('/api/admin/settings/support.answerTargetPercent', { value: 50 });
    expect(put.statusCode, put.body).toBe(200);
    const res = await admin.get('/api/quality/figures?from=2026-11&to=2026-11');
    const calendar = (res.json().measures as Measure[]).find((m) => m.key === 'supportAnsweredWithin24h')!;
    expect(calendar).toMatchObject({ targetPercent: 50, months: [{ period: '2026-11', share: 0.5, meetsTarget: true }] });
  });

  it('is refused to others, and a reversed period is a clear refusal', async () => {
    expect((await (await t.login('kundtjanst')).get('/api/quality/figures?from=2026-11&to=2026-11')).statusCode).toBe(403);
    const res = await (await t.login('admin')).get('/api/quality/figures?from=2026-12&to=2026-11');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('Första månaden ligger efter den sista');
  });
});
