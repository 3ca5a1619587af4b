import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';

/**
 * Förändringsförslag (issue 14 items 4 and 8): anyone sends feedback or a development proposal; the preparation
 * group prepares it (cost estimate; over 25 000 kr and usable by several customers: funded by the national user
 * association) and records decisions with date and minutes; a decision by someone outside the group is refused.
 */
let t: TestApp;
let group: Client;
beforeAll(async () => {
  t = await startTestApp();
  // The demo has no preparation group member: the function coordinator gets the role as well.
  await t.database.query(`INSERT INTO user_role (user_id, role) SELECT id, 'preparationGroup' FROM app_user WHERE username = 'samordnare'`);
  group = await t.login('samordnare');
});
afterAll(() => t.close());

interface Proposal {
  id: string;
  status: string;
  costEstimateKr: number | null;
  fundedByUserAssociation: boolean;
  adoptedFromRegion: string | null;
  decisions: { decision: string; decisionDate: string; minutes: string }[];
}
const count = async (sql: string, p: unknown[] = []) => Number((await t.database.query<{ n: string }>(sql, p))[0]!.n);

async function submit(c: Client, title = 'Visa leveransdatum i orderlistan') {
  const res = await c.post('/api/proposals', { kind: 'development', title, description: 'Det skulle spara många samtal till kundtjänst.' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Proposal;
}

describe('change proposals', () => {
  it('a user sends a proposal and sees it, with its status, among their own; others do not', async () => {
    const user = await t.login('forskrivare');
    const p = await submit(user);
    expect(p.status).toBe('submitted');
    const mine = (await user.get('/api/proposals')).json() as { id: string; status: string }[];
    expect(mine).toEqual([expect.objectContaining({ id: p.id, status: 'submitted' })]);
    const other = await t.login('bestallare');
    expect(((await other.get('/api/proposals')).json() as unknown[]).length).toBe(0);
    expect((await other.get(`/api/proposals/${p.id}`)).statusCode).toBe(404);
    expect(((await group.get('/api/proposals')).json() as { id: string }[]).map((x) => x.id)).toContain(p.id);
  });

  it('over 25 000 kr and usable by several customers: funded by the national user association; otherwise not', async () => {
    const p = await submit(await t.login('forskrivare'), 'Ny rapport');
    const big = (
      await group.put(`/api/proposals/${p.id}/preparation`, { costEstimateKr: 40_000, usableBySeveralCustomers: true, note: 'Offert från leverantören' })
    ).json() as Proposal;
    expect(big).toMatchObject({ status: 'preparing', costEstimateKr: 40_000, fundedByUserAssociation: true });
    const one = (await group.put(`/api/proposals/${p.id}/preparation`, { costEstimateKr: 40_000, usableBySeveralCustomers: false })).json() as Proposal;
    expect(one.fundedByUserAssociation).toBe(false);
    const exactly = (await group.put(`/api/proposals/${p.id}/preparation`, { costEstimateKr: 25_000, usableBySeveralCustomers: true })).json() as Proposal;
    expect(exactly.fundedByUserAssociation).toBe(false);
  });

  it('decisions with date and minutes: to the management council, then do; a decided proposal takes no more decisions', async () => {
    const user = await t.login('forskrivare');
    const p = await submit(user, 'Större förändring');
    let v = (
      await group.post(`/api/proposals/${p.id}/decisions`, {
        decision: 'toCouncil',
        decisionDate: '2026-12-03',
        minutes: 'Protokoll 2026-12 § 4: lyfts till ledningsrådet',
      })
    ).json() as Proposal;
    expect(v.status).toBe('sentToCouncil');
    v = (
      await group.post(`/api/proposals/${p.id}/decisions`, {
        decision: 'do',
        decisionDate: '2026-12-10',
        minutes: 'Ledningsrådet 2026-12-09 beslutade att genomföra',
      })
    ).json() as Proposal;
    expect(v).toMatchObject({
      status: 'decidedDo',
      decisions: [
        { decision: 'toCouncil', decisionDate: '2026-12-03' },
        { decision: 'do', decisionDate: '2026-12-10' },
      ],
    });
    const again = await group.post(`/api/proposals/${p.id}/decisions`, { decision: 'doNot', decisionDate: '2026-12-11', minutes: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('Förslaget är redan beslutat');
    // The submitter sees the status and the decisions.
    expect(((await user.get(`/api/proposals/${p.id}`)).json() as Proposal).status).toBe('decidedDo');
  });

  it('a development another region already paid for is adopted by decision, naming the region', async () => {
    const p = await submit(await t.login('forskrivare'), 'Påminnelse om service');
    const missing = await group.post(`/api/proposals/${p.id}/decisions`, { decision: 'adopt', decisionDate: '2026-12-03', minutes: 'Införs' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toBe('Ange vilken region som redan har bekostat utvecklingen');
    const v = (
      await group.post(`/api/proposals/${p.id}/decisions`, {
        decision: 'adopt',
        decisionDate: '2026-12-03',
        minutes: 'Införs utan kostnad',
        adoptedFromRegion: 'Region Västerbotten',
      })
    ).json() as Proposal;
    expect(v).toMatchObject({ status: 'adopted', adoptedFromRegion: 'Region Västerbotten' });
  });

  it('a decision by someone outside the group is refused in Swedish and nothing is stored', async () => {
    const p = await submit(await t.login('forskrivare'), 'Utanför gruppen');
    const before = await count(`SELECT count(*) AS n FROM change_proposal_decision`);
    const auditBefore = await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'change-proposal.decide'`);
    for (const username of ['admin', 'kundtjanst', 'forskrivare']) {
      const res = await (await t.login(username)).post(`/api/proposals/${p.id}/decisions`, { decision: 'do', decisionDate: '2026-12-03', minutes: 'Vi kör' });
      expect(res.statusCode, username).toBe(403);
      // The route declares the preparation group as its access: refused before the body is read, naming who may.
      expect(res.json().error).toMatchObject({ code: 'FORBIDDEN', message: 'Bara beredningsgrupp får göra det här' });
    }
    expect(await count(`SELECT count(*) AS n FROM change_proposal_decision`)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'change-proposal.decide'`)).toBe(auditBefore);
    expect(((await group.get(`/api/proposals/${p.id}`)).json() as Proposal).status).toBe('submitted');
  });
});
