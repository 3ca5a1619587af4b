import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';

/**
 * Uppgraderingstest (issue 14 items 5 and 8): the function coordinator plans a round for a release with test
 * cases and testers from at least two care providers (a warning otherwise); testers record pass, fail or a
 * comment; the round is signed off only when every case has been run; the history per release.
 */
let t: TestApp;
let coordinator: Client;
const users: Record<string, string> = {};
beforeAll(async () => {
  t = await startTestApp();
  coordinator = await t.login('samordnare');
  for (const u of await t.database.query<{ id: string; username: string }>(`SELECT id, username FROM app_user`)) users[u.username] = u.id;
});
afterAll(() => t.close());

const cases = [
  { title: 'Beställ rullstol', steps: '1. Sök patient 2. Lägg till rullstol 3. Skicka', expectedResult: 'Beställningen får status skickad' },
  { title: 'Skriv ut följesedel', steps: '1. Öppna beställningen 2. Skriv ut', expectedResult: 'Följesedeln visas som PDF' },
];
interface Round {
  id: string;
  status: string;
  cases: { id: string; run: boolean; verdict: string | null }[];
}

async function plan(release: string, testers: string[]) {
  const res = await coordinator.post('/api/test-rounds', { release, plannedDate: '2027-01-20', cases, testerUserIds: testers.map((u) => users[u]) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { round: Round; warnings: { code: string; message: string }[] };
}

describe('upgrade test rounds', () => {
  it('testers from one care provider only: planned, with a warning', async () => {
    // sjukgymnast: the region (10102) only.
    const { round, warnings } = await plan('5.1', ['sjukgymnast']);
    expect(round.status).toBe('planned');
    expect(warnings).toEqual([{ code: 'TESTERS_FROM_ONE_CARE_PROVIDER', message: expect.stringContaining('minst två vårdgivare') }]);
  });

  it('run by testers of two care providers and signed off only when every case is run', async () => {
    // forskrivare: the region and Norrvik; bestallare: Norrvik.
    const { round, warnings } = await plan('5.2', ['forskrivare', 'bestallare']);
    expect(warnings).toEqual([]);
    const tester = await t.login('bestallare');
    const [c1, c2] = round.cases;
    await tester.post(`/api/test-rounds/${round.id}/cases/${c1!.id}/results`, { outcome: 'pass' });
    // A comment alone does not run a case.
    let v = (
      await tester.post(`/api/test-rounds/${round.id}/cases/${c2!.id}/results`, { outcome: 'comment', comment: 'Skrivaren saknades i dag' })
    ).json() as Round;
    expect(v.cases.map((c) => c.run)).toEqual([true, false]);

    const before = (await coordinator.get(`/api/test-rounds/${round.id}`)).json() as Round;
    const refused = await coordinator.post(`/api/test-rounds/${round.id}/sign-off`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'INVALID_TRANSITION',
      message: 'Testomgången kan inte godkännas: 1 av 2 testfall är inte körda (2. Skriv ut följesedel)',
    });
    expect((await coordinator.get(`/api/test-rounds/${round.id}`)).json()).toEqual(before);

    const fail = await (await t.login('forskrivare')).post(`/api/test-rounds/${round.id}/cases/${c2!.id}/results`, { outcome: 'fail' });
    expect(fail.statusCode).toBe(400);
    expect(fail.json().error.message).toBe('Beskriv vad som gick fel');
    v = (
      await (await t.login('forskrivare')).post(`/api/test-rounds/${round.id}/cases/${c2!.id}/results`, { outcome: 'fail', comment: 'Tom sida' })
    ).json() as Round;
    expect(v.cases[1]).toMatchObject({ run: true, verdict: 'fail' });
    const signed = await coordinator.post(`/api/test-rounds/${round.id}/sign-off`, { note: 'Fel 2 rättas i 5.2.1' });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(signed.json().status).toBe('signedOff');
    const late = await tester.post(`/api/test-rounds/${round.id}/cases/${c1!.id}/results`, { outcome: 'pass' });
    expect(late.statusCode).toBe(409);
  });

  it('only assigned testers record results; only the coordinator plans and signs off', async () => {
    const { round } = await plan('5.3', ['forskrivare', 'bestallare']);
    const outsider = await t.login('sjukgymnast');
    expect((await outsider.get(`/api/test-rounds/${round.id}`)).statusCode).toBe(404);
    expect((await outsider.post(`/api/test-rounds/${round.id}/cases/${round.cases[0]!.id}/results`, { outcome: 'pass' })).statusCode).toBe(404);
    expect((await (await t.login('forskrivare')).post(`/api/test-rounds/${round.id}/sign-off`, {})).statusCode).toBe(403);
    expect(
      (await (await t.login('admin')).post('/api/test-rounds', { release: 'x', plannedDate: '2027-01-01', cases, testerUserIds: [users.forskrivare] }))
        .statusCode,
    ).toBe(403);
  });

  it('the coordinator picks testers from a list of active users with their care providers', async () => {
    const res = await coordinator.get('/api/test-rounds/tester-candidates');
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as { userId: string; name: string; careProviders: { name: string }[] }[];
    const anna = list.find((u) => u.userId === users.forskrivare);
    expect(anna?.name).toBe('Anna Åberg');
    expect(anna?.careProviders.length).toBe(2);
    // Users without a workplace (the centre's staff) are not testers of the care providers.
    expect(list.some((u) => u.userId === users.kundtjanst)).toBe(false);
    expect((await (await t.login('forskrivare')).get('/api/test-rounds/tester-candidates')).statusCode).toBe(403);
  });

  it('the history per release', async () => {
    await plan('6.0', ['forskrivare', 'bestallare']);
    await plan('6.0', ['forskrivare', 'bestallare']);
    const list = (await coordinator.get('/api/test-rounds?release=6.0')).json() as { release: string; cases: number; casesRun: number }[];
    expect(list).toHaveLength(2);
    expect(list.every((r) => r.release === '6.0' && r.cases === 2 && r.casesRun === 0)).toBe(true);
    // A tester sees the rounds they are assigned to.
    expect(((await (await t.login('bestallare')).get('/api/test-rounds?release=6.0')).json() as unknown[]).length).toBe(2);
    expect(((await (await t.login('sjukgymnast')).get('/api/test-rounds?release=6.0')).json() as unknown[]).length).toBe(0);
  });
});
