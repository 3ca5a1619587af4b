import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../test/app.ts';
import { officeHoursBetween } from './clock.ts';
import { MAX_SUPPORT_ATTACHMENT_BYTES } from './attachments.ts';

/**
 * Supportärenden (issue 14 items 1 and 8): raised from the form or registered by support, handled at four
 * levels, answered, noted, escalated and sent back; the requester follows the ticket and is told by mail; the
 * first substantive reply stops the 24-hour clock, counted in calendar hours and office hours.
 */

// Friday 4 December 2026, 16:00 Stockholm time.
let clock = new Date('2026-12-04T15:00:00Z');
const at = (iso: string) => (clock = new Date(iso));
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
});
afterAll(() => t.close());

interface Ticket {
  id: string;
  status: string;
  level: number;
  channel: string;
  pageUrl: string | null;
  userAgent: string | null;
  firstResponseAt: string | null;
  requesterEmail: string | null;
  clock: {
    calendarHours: number;
    officeHours: number;
    calendarHoursLeft: number | null;
    officeHoursLeft: number | null;
    answered: boolean;
    withinTargetCalendar: boolean | null;
    withinTargetOffice: boolean | null;
  };
  events: { kind: string; body: string | null; visibleToRequester: boolean; fromLevel: number | null; toLevel: number | null }[];
  attachments: { id: string; fileName: string; contentType: string }[];
}

const mailsTo = (address: string) =>
  t.database.query<{ subject: string; body: string; reason: string }>(`SELECT subject, body, reason FROM outgoing_mail WHERE "to" = $1 ORDER BY created_at`, [
    address,
  ]);
const count = async (sql: string, params: unknown[] = []) => Number((await t.database.query<{ n: string }>(sql, params))[0]!.n);

async function raise(c: Client, subject = 'Kan inte skriva ut följesedeln') {
  const res = await c.post('/api/support/tickets', {
    subject,
    description: 'Knappen Skriv ut gör ingenting.',
    pageUrl: '/orders/123',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Ticket;
}
const ok = async (p: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
  const res = await p;
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Ticket;
};

function upload(c: Client, ticketId: string, name: string, type: string, data: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(data)], { type }), name);
  const req = new Request('http://localhost/', { method: 'POST', body: form });
  return req.arrayBuffer().then((body) =>
    t.app.inject({
      method: 'POST',
      url: `/api/support/tickets/${ticketId}/attachments`,
      headers: { cookie: c.cookie!, 'x-csrf-token': c.csrf!, 'content-type': req.headers.get('content-type')! },
      payload: Buffer.from(body),
    }),
  );
}
// The smallest valid PNG header bytes the sniffer recognises (signature + IHDR).
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex'),
  Buffer.alloc(64),
]);

describe('a ticket from the form in the app', () => {
  it('keeps the page and browser it came from, sends an automatic receipt, and the receipt is no answer', async () => {
    at('2026-12-04T15:00:00Z');
    const requester = await t.login('forskrivare');
    const ticket = await raise(requester);
    expect(ticket).toMatchObject({
      status: 'new',
      level: 1,
      channel: 'webForm',
      pageUrl: '/orders/123',
      userAgent: expect.stringContaining('Firefox'),
      firstResponseAt: null,
    });
    expect(ticket.clock).toMatchObject({ answered: false, calendarHours: 0, calendarHoursLeft: 24, officeHoursLeft: 24, withinTargetCalendar: null });
    const mails = await mailsTo('forskrivare@example.se');
    expect(mails.at(-1)).toMatchObject({ reason: 'supportTicket.receipt', subject: expect.stringContaining('Vi har tagit emot') });
    // The requester follows it in their own list.
    const mine = (await requester.get('/api/support/tickets')).json() as { id: string }[];
    expect(mine.map((x) => x.id)).toContain(ticket.id);
  });

  it('an internal note is neither an answer nor shown to the requester; the first staff reply is, and the requester is told by mail', async () => {
    at('2026-12-04T15:00:00Z'); // Friday 16:00
    const requester = await t.login('forskrivare');
    const ticket = await raise(requester, 'Fel pris i beställningen');
    const support = await t.login('kundtjanst');
    const mailsBefore = (await mailsTo('forskrivare@example.se')).length;

    at('2026-12-04T15:20:00Z');
    const noted = await ok(support.post(`/api/support/tickets/${ticket.id}/notes`, { body: 'Kolla prislistan med ekonomi först.' }));
    expect(noted.firstResponseAt).toBeNull();
    expect((await mailsTo('forskrivare@example.se')).length).toBe(mailsBefore);
    const seen = await ok(requester.get(`/api/support/tickets/${ticket.id}`));
    expect(seen.events.map((e) => e.kind)).not.toContain('note');

    at('2026-12-07T09:00:00Z'); // Monday 10:00 (new sessions: the old ones idled out over the weekend)
    const answered = await ok(
      (await t.login('kundtjanst')).post(`/api/support/tickets/${ticket.id}/replies`, { body: 'Priset är rättat; skicka beställningen igen.' }),
    );
    expect(answered).toMatchObject({ status: 'waitingForRequester', firstResponseAt: clock.toISOString() });
    // Friday 16:00 to Monday 10:00: 66 calendar hours (over the target), 3 office hours (Fri 16–17, Mon 08–10).
    expect(answered.clock).toMatchObject({
      answered: true,
      calendarHours: 66,
      officeHours: 3,
      withinTargetCalendar: false,
      withinTargetOffice: true,
      calendarHoursLeft: null,
    });
    const mail = (await mailsTo('forskrivare@example.se')).at(-1)!;
    expect(mail).toMatchObject({ reason: 'supportTicket.reply', subject: 'Svar i ditt supportärende: Fel pris i beställningen' });
    expect(mail.body).toContain('Priset är rättat');

    // A later reply does not move the first one; the requester's answer reopens the ticket.
    at('2026-12-07T09:10:00Z');
    const again = await t.login('kundtjanst');
    await ok(again.post(`/api/support/tickets/${ticket.id}/replies`, { body: 'Hör av dig om det krånglar.', status: 'waitingForRequester' }));
    const reopened = await ok((await t.login('forskrivare')).post(`/api/support/tickets/${ticket.id}/replies`, { body: 'Tack, nu fungerar det.' }));
    expect(reopened).toMatchObject({ status: 'open', firstResponseAt: '2026-12-07T09:00:00.000Z' });
  });

  it('a requester may not handle their own ticket, nor read somebody else’s', async () => {
    const requester = await t.login('forskrivare');
    const ticket = await raise(requester);
    const res = await requester.post(`/api/support/tickets/${ticket.id}/escalate`, { note: 'Snabba på' });
    expect(res.statusCode).toBe(403);
    const other = await t.login('bestallare');
    expect((await other.get(`/api/support/tickets/${ticket.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/support/tickets/${ticket.id}/replies`, { body: 'Hej' })).statusCode).toBe(404);
  });
});

describe('levels and statuses', () => {
  it('escalates 1 → 2 → 3 → 4 (vendor) and sends back with a note; the requester sees no escalation notes', async () => {
    at('2026-12-07T10:00:00Z');
    const requester = await t.login('bestallare');
    const ticket = await raise(requester, 'Inloggningen hänger sig');
    const local = await t.login('anvandarstod');
    const admin = await t.login('admin');
    let v = await ok(local.post(`/api/support/tickets/${ticket.id}/escalate`, { note: 'Händer på alla datorer på enheten' }));
    expect(v).toMatchObject({ level: 2, status: 'open' });
    v = await ok((await t.login('kundtjanst')).post(`/api/support/tickets/${ticket.id}/escalate`, { note: 'Gäller inloggningstjänsten' }));
    expect(v.level).toBe(3);
    v = await ok(admin.post(`/api/support/tickets/${ticket.id}/escalate`, { note: 'Felanmält till leverantören, ärende 4711' }));
    expect(v.level).toBe(4);
    const over = await admin.post(`/api/support/tickets/${ticket.id}/escalate`, { note: 'Ännu högre' });
    expect(over.statusCode).toBe(409);
    expect(over.json().error).toMatchObject({ code: 'INVALID_TRANSITION', message: expect.stringContaining('leverantören') });
    v = await ok(admin.post(`/api/support/tickets/${ticket.id}/return`, { note: 'Leverantören har rättat; lokal support bekräftar med användaren' }));
    expect(v.level).toBe(3);
    expect(v.events.filter((e) => e.kind === 'escalated').map((e) => [e.fromLevel, e.toLevel])).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(v.events.find((e) => e.kind === 'returned')).toMatchObject({ fromLevel: 4, toLevel: 3, body: expect.stringContaining('Leverantören har rättat') });
    const own = await ok(requester.get(`/api/support/tickets/${ticket.id}`));
    expect(own.events.some((e) => e.kind === 'escalated' || e.kind === 'returned')).toBe(false);
    expect(own.level).toBe(3);
    // A return needs its note.
    expect((await admin.post(`/api/support/tickets/${ticket.id}/return`, { note: '' })).statusCode).toBe(400);
  });

  it('local support handles only the tickets of its own care providers', async () => {
    const ticket = await raise(await t.login('sjukgymnast')); // customer 10102, the region; anvandarstod is at Norrvik
    const local = await t.login('anvandarstod');
    expect((await local.get(`/api/support/tickets/${ticket.id}`)).statusCode).toBe(404);
    const queue = (await local.get('/api/support/tickets')).json() as { id: string }[];
    expect(queue.map((x) => x.id)).not.toContain(ticket.id);
  });

  it('resolved, then closed; a closed ticket takes no reply and cannot be reopened', async () => {
    const requester = await t.login('bestallare');
    const ticket = await raise(requester, 'Stängs snart');
    const support = await t.login('kundtjanst');
    await ok(support.post(`/api/support/tickets/${ticket.id}/replies`, { body: 'Löst genom omstart.', status: 'resolved' }));
    const closed = await ok(support.post(`/api/support/tickets/${ticket.id}/status`, { status: 'closed' }));
    expect(closed.status).toBe('closed');
    const again = await support.post(`/api/support/tickets/${ticket.id}/status`, { status: 'open' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('Ärendet kan inte gå från stängt till öppet');
    const reply = await requester.post(`/api/support/tickets/${ticket.id}/replies`, { body: 'Det krånglar igen' });
    expect(reply.statusCode).toBe(409);
    expect(reply.json().error.message).toContain('stängt');
  });
});

describe('registered by support', () => {
  it('from a phone call, for a known user: the requester is told and follows it like their own', async () => {
    const support = await t.login('kundtjanst');
    const [u] = await t.database.query<{ id: string }>(`SELECT id FROM app_user WHERE username = 'sjukgymnast'`);
    const res = await support.post('/api/support/tickets/register', {
      subject: 'Ringde om lösenord',
      description: 'Glömt lösenordet.',
      channel: 'phone',
      requesterUserId: u!.id,
      requesterName: 'Erik Öhman',
    });
    expect(res.statusCode, res.body).toBe(201);
    const ticket = res.json() as Ticket;
    expect(ticket).toMatchObject({ channel: 'phone', level: 2, requesterEmail: 'sjukgymnast@example.se' });
    expect((await ok((await t.login('sjukgymnast')).get(`/api/support/tickets/${ticket.id}`))).channel).toBe('phone');
  });

  it('from an e-mail by someone outside the system, and from a work order only with its reference', async () => {
    const support = await t.login('kundtjanst');
    const mail = await support.post('/api/support/tickets/register', {
      subject: 'Fråga via e-post',
      description: 'Hur beställer man?',
      channel: 'email',
      requesterName: 'Extern Person',
      requesterEmail: 'extern@example.se',
    });
    expect(mail.statusCode, mail.body).toBe(201);
    expect((await mailsTo('extern@example.se')).at(-1)!.reason).toBe('supportTicket.receipt');
    const before = await count(`SELECT count(*) AS n FROM support_ticket`);
    const noRef = await support.post('/api/support/tickets/register', {
      subject: 'Från arbetsorder',
      description: 'x',
      channel: 'workOrder',
      requesterName: 'Tekniker',
    });
    expect(noRef.statusCode).toBe(400);
    expect(noRef.json().error.message).toBe('Ange arbetsordern ärendet kommer från');
    expect(await count(`SELECT count(*) AS n FROM support_ticket`)).toBe(before);
    const withRef = await support.post('/api/support/tickets/register', {
      subject: 'Från arbetsorder',
      description: 'x',
      channel: 'workOrder',
      requesterName: 'Tekniker',
      workOrderReference: 'AO-1234',
    });
    expect(withRef.statusCode, withRef.body).toBe(201);
  });

  it('only support registers tickets for others', async () => {
    const res = await (
      await t.login('forskrivare')
    ).post('/api/support/tickets/register', { subject: 'x', description: 'y', channel: 'phone', requesterName: 'Z' });
    expect(res.statusCode).toBe(403);
  });
});

describe('attachments (issue 14 item 8)', () => {
  it('a screenshot is stored; the requester and support can fetch it', async () => {
    const requester = await t.login('forskrivare');
    const ticket = await raise(requester);
    const res = await upload(requester, ticket.id, 'skärmbild.png', 'image/png', PNG);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ contentType: 'image/png', fileName: 'skärmbild.png' });
    const got = await (await t.login('kundtjanst')).get(`/api/support/tickets/${ticket.id}/attachments/${res.json().id}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
  });

  it('a program named .png is refused and nothing is stored', async () => {
    const requester = await t.login('forskrivare');
    const ticket = await raise(requester);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
    const res = await upload(requester, ticket.id, 'skärmbild.png', 'image/png', exe);
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('PDF eller bilder') });
    expect(await count(`SELECT count(*) AS n FROM support_attachment WHERE ticket_id = $1`, [ticket.id])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM support_ticket_event WHERE ticket_id = $1 AND kind = 'attachment'`, [ticket.id])).toBe(0);
  });

  it('a file over the limit is refused and nothing is stored', async () => {
    const requester = await t.login('forskrivare');
    const ticket = await raise(requester);
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_SUPPORT_ATTACHMENT_BYTES)]);
    const res = await upload(requester, ticket.id, 'stor.png', 'image/png', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'Bilagan är större än 10 MB' });
    expect(await count(`SELECT count(*) AS n FROM support_attachment WHERE ticket_id = $1`, [ticket.id])).toBe(0);
  });

  it("nobody adds a file to somebody else's ticket", async () => {
    const ticket = await raise(await t.login('forskrivare'));
    const res = await upload(await t.login('bestallare'), ticket.id, 'a.png', 'image/png', PNG);
    expect(res.statusCode).toBe(404);
  });
});

describe('office hours', () => {
  it('count only 08–17 on Swedish working days (not Christmas Eve, not the weekend)', () => {
    const day = { startMinutes: 480, endMinutes: 1020 };
    // Wednesday 23 Dec 16:00 to Monday 28 Dec 09:00: 1 h on the 23rd, Christmas Eve to Sunday are no working days, 1 h on the 28th.
    expect(officeHoursBetween(new Date('2026-12-23T15:00:00Z'), new Date('2026-12-28T08:00:00Z'), day)).toBe(2);
    expect(officeHoursBetween(new Date('2026-12-07T06:00:00Z'), new Date('2026-12-07T18:00:00Z'), day)).toBe(9);
  });
});
