import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from '../../../test/app.ts';
import { givenArticle } from '../../catalogue/testing/article-fixtures.ts';
import { addDays, stockholmDateTime } from '../../platform/calendar/index.ts';
import { Worker } from '../../platform/jobs/jobs.ts';
import { createLogger } from '../../platform/logger.ts';
import { DEMO_PATIENTS } from '../patients/demo-population.ts';
import { FakeCentre } from '../testing/fake-centre.ts';
import { draft, openPatient, save } from '../testing/order-steps.ts';
import type { FollowUpItem } from './follow-ups.ts';
import type { OrderView } from './order-schemas.ts';
import { classFor, type PrescriptionClass } from './prescription.ts';
import { orderingJobHandlers } from './send-message.ts';

// Issue 16 item 7: the prescription details a prescriber records with a customer order — the measurements the
// article's ISO class asks for, the aim, the follow-up — and "Mina uppföljningar".

let t: TestApp;
let centre: FakeCentre;
let worker: Worker;
let anna: Client;
let erik: Client;
let customerId = '';
let patientId = '';
let protectedId = '';
const art: Record<string, string> = {};
const today = () => stockholmDateTime(new Date()).date;

beforeAll(async () => {
  t = await startTestApp();
  centre = new FakeCentre();
  t.centre.set(centre);
  worker = new Worker({ database: t.database, log: createLogger('silent'), handlers: orderingJobHandlers({ database: t.database, centre }) });
  art.powered = (await givenArticle(t.database, { name: 'Elrullstol Recept', isoCode: '12 23 06', chargingForm: 'rent', unitTracked: true })).id;
  art.manual = (await givenArticle(t.database, { name: 'Rullstol Recept', isoCode: '12 22 03', chargingForm: 'rent', unitTracked: true })).id;
  art.cushion = (await givenArticle(t.database, { name: 'Dyna Recept', articleType: 'T', isoCode: '04 33 03' })).id;
  const [c] = await t.database.query<{ id: string }>(`select id from customer where customer_number = '20101'`);
  customerId = c!.id;
  anna = await t.login('forskrivare');
  erik = await t.login('sjukgymnast');
  patientId = await openPatient(anna, DEMO_PATIENTS.ordinary!);
  protectedId = await openPatient(anna, DEMO_PATIENTS.protectedIdentity!);
});
afterAll(() => t?.close());

const newDraft = (pid = patientId) => draft(anna, { orderType: 'customerOrder', customerId, patientId: pid });
const submit = (o: OrderView) => anna.post(`/api/orders/${o.id}/submit`, {});
const followUps = async (c: Client = anna) => {
  const r = await c.get('/api/ordering/follow-ups');
  expect(r.statusCode, r.body).toBe(200);
  return (r.json() as { items: FollowUpItem[] }).items;
};

describe('the measurements an ISO class asks for', () => {
  it('are data per class prefix, and the most specific prefix wins', async () => {
    const r = await anna.get('/api/ordering/prescription-classes');
    expect(r.statusCode).toBe(200);
    const classes = r.json() as PrescriptionClass[];
    const manual = classes.find((c) => c.isoPrefix === '12 22')!;
    expect(manual.measurements.find((m) => m.code === 'userWeight')).toMatchObject({ unit: 'kg', min: 20, max: 250 });
    expect(manual.measurements.map((m) => m.code)).toEqual(['userWeight', 'seatWidth', 'seatDepth']);
    expect(classes.find((c) => c.isoPrefix === '12 06')!.measurements.map((m) => m.code)).toEqual(['userWeight', 'handleHeight']);
    expect(classFor(classes, '12 22 03')?.isoPrefix).toBe('12 22');
    expect(classFor(classes, '09 33 03')).toBeNull();
    const specific = [...classes, { ...manual, isoPrefix: '12 22 03', titleSv: 'Särskild' }];
    expect(classFor(specific, '122203')?.titleSv).toBe('Särskild');
    expect(classFor(specific, '12 22 06')?.isoPrefix).toBe('12 22');
  });
});

describe('system management sets what a class asks for', () => {
  it('a new, more specific class is asked for at once; a bad definition is refused with a field message; the change is audited', async () => {
    const admin = await t.login('admin');
    const body = {
      titleSv: 'Aktivrullstolar',
      titleEn: 'Active wheelchairs',
      aimRequired: true,
      measurements: [{ code: 'seatWidth', labelSv: 'Sittbredd', labelEn: 'Seat width', unit: 'cm', min: 30, max: 55, required: true }],
    };
    const bad = await admin.put('/api/ordering/prescription-classes/12%2022%2003', {
      ...body,
      measurements: [{ ...body.measurements[0], min: 60 }, body.measurements[0]],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues.map((i: { path: string }) => i.path)).toEqual(['body.measurements.0.max', 'body.measurements']);
    expect((await admin.put('/api/ordering/prescription-classes/12%2022%2003%2001', body)).statusCode).toBe(400);
    expect((await anna.put('/api/ordering/prescription-classes/12%2022%2003', body)).statusCode).toBe(403);
    const r = await admin.put('/api/ordering/prescription-classes/12%2022%2003', body);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ isoPrefix: '12 22 03', aimRequired: true });
    expect(((await admin.get('/api/ordering/prescription-classes')).json() as PrescriptionClass[]).map((c) => c.isoPrefix)).toContain('12 22 03');

    // The manual wheelchair (12 22 03) now needs a seat width and an aim.
    const d = await save(anna, await newDraft(), { lines: [{ articleId: art.manual }] });
    const refused = await submit(d);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toBe('Rad 1 (Rullstol Recept): ange sittbredd (cm), det krävs för aktivrullstolar');
    const [row] = await t.database.query<{ entity_id: string }>(
      `select entity_id from audit_log where action = 'prescription-class.update' order by id desc limit 1`,
    );
    expect(row!.entity_id).toBe('122203');
    await t.database.query(`delete from ordering_prescription_class where iso_prefix = '122203'`);
    expect((await submit(d)).statusCode).toBe(200);
  });
});

describe('a customer order with prescription details', () => {
  it('a missing required measurement is refused naming the line and the field, and the draft keeps everything', async () => {
    const d = await save(anna, await newDraft(), {
      lines: [{ articleId: art.powered, measurements: { seatWidth: 45 } }],
      prescription: { aim: 'Självständig förflyttning inomhus', followUpDate: addDays(today(), 3) },
    });
    const r = await submit(d);
    expect(r.statusCode).toBe(400);
    expect(r.json().error.message).toBe('Rad 1 (Elrullstol Recept): ange brukarens vikt (kg), det krävs för eldrivna rullstolar');
    expect(r.json().error.issues[0]).toMatchObject({ path: 'lines.0.measurements.userWeight', code: 'measurement_required' });
    const kept = (await anna.get(`/api/orders/${d.id}`)).json() as OrderView;
    expect(kept.status).toBe('draft');
    expect(kept.lines[0]!.measurements).toEqual([{ code: 'seatWidth', labelSv: 'Sittbredd', labelEn: 'Seat width', unit: 'cm', value: 45 }]);
    expect(kept.prescription).toMatchObject({ aim: 'Självständig förflyttning inomhus', followUpBy: null, followUp: null });
  });

  it('a value outside its range, a measurement the class does not ask for, a missing aim and a past follow-up date are refused', async () => {
    const d = await newDraft();
    const unknown = await anna.put(`/api/orders/${d.id}`, {
      version: d.version,
      customerId,
      delivery: { kind: 'patientAddress' },
      lines: [{ articleId: art.powered, measurements: { shoeSize: 42 } }],
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toBe('Rad 1: artikeln frågar inte efter måttet shoeSize');
    const s = await save(anna, d, { lines: [{ articleId: art.powered, measurements: { userWeight: 300, seatWidth: 45 } }] });
    const range = await submit(s);
    expect(range.statusCode).toBe(400);
    expect(range.json().error.message).toBe('Rad 1 (Elrullstol Recept): brukarens vikt ska vara mellan 20 och 250 kg');
    const s2 = await save(anna, s, { lines: [{ articleId: art.powered, measurements: { userWeight: 82.5, seatWidth: 45 } }] });
    const aim = await submit(s2);
    expect(aim.statusCode).toBe(400);
    expect(aim.json().error.issues[0]).toMatchObject({ path: 'prescription.aim', code: 'aim_required' });
    const s3 = await save(anna, s2, {
      lines: [{ articleId: art.powered, measurements: { userWeight: 82.5, seatWidth: 45 } }],
      prescription: { aim: 'Förflyttning', followUpDate: addDays(today(), -1) },
    });
    const past = await submit(s3);
    expect(past.statusCode).toBe(400);
    expect(past.json().error.issues[0]).toMatchObject({ path: 'prescription.followUpDate', code: 'date_in_past' });
  });

  it('a manual wheelchair asks for measurements but needs none, and an accessory asks for none', async () => {
    const d = await save(anna, await newDraft(), { lines: [{ articleId: art.manual }, { articleId: art.cushion, accessoryForLine: 1 }] });
    const r = await submit(d);
    expect(r.statusCode, r.body).toBe(200);
    const refused = await anna.put(`/api/orders/${(await newDraft()).id}`, {
      version: 1,
      customerId,
      delivery: { kind: 'patientAddress' },
      lines: [{ articleId: art.manual }, { articleId: art.cushion, accessoryForLine: 1, measurements: { userWeight: 70 } }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toBe('Rad 2: artikeln frågar inte efter måttet userWeight');
  });

  it('is sent to the centre, shown on the order, and its follow-up is on the prescriber’s list until marked done', async () => {
    const due = addDays(today(), 5);
    const d = await save(anna, await newDraft(), {
      lines: [{ articleId: art.powered, measurements: { userWeight: 82.5, seatWidth: 46, seatDepth: 44 } }],
      prescription: { aim: 'Självständig förflyttning i hemmet', followUpDate: due },
    });
    const r = await submit(d);
    expect(r.statusCode, r.body).toBe(200);
    const sent = r.json() as OrderView;
    expect(sent.prescription).toMatchObject({ aim: 'Självständig förflyttning i hemmet', followUpDate: due, followUp: { doneAt: null } });
    expect(sent.lines[0]!.measurements.map((m) => [m.labelSv, m.value, m.unit])).toEqual([
      ['Brukarens vikt', 82.5, 'kg'],
      ['Sittbredd', 46, 'cm'],
      ['Sittdjup', 44, 'cm'],
    ]);
    await worker.runDue();
    const m = centre.submitted(sent.id);
    expect(m.order.prescription).toEqual({
      aim: 'Självständig förflyttning i hemmet',
      followUp: { date: due, by: 'Anna Åberg' },
      measurements: [
        { lineId: sent.lines[0]!.id, code: 'userWeight', label: 'Brukarens vikt', unit: 'kg', value: 82.5 },
        { lineId: sent.lines[0]!.id, code: 'seatWidth', label: 'Sittbredd', unit: 'cm', value: 46 },
        { lineId: sent.lines[0]!.id, code: 'seatDepth', label: 'Sittdjup', unit: 'cm', value: 44 },
      ],
    });

    // Later ones (beyond a week) wait; another prescriber's list does not show it.
    const later = await save(anna, await newDraft(), { lines: [{ articleId: art.manual }], prescription: { followUpDate: addDays(today(), 30) } });
    expect((await submit(later)).statusCode).toBe(200);
    const mine = await followUps();
    const item = mine.find((f) => f.order.id === sent.id)!;
    expect(item).toMatchObject({ dueDate: due, overdue: false, responsibleName: null, articles: ['Elrullstol Recept'], patient: { id: patientId } });
    expect(item.patient!.name).toMatch(/\w+ \w+/);
    expect(mine.some((f) => f.order.id === later.id)).toBe(false);
    expect(await followUps(erik)).toEqual([]);
    const [row] = await t.database.query<{ purpose: string; details: { patientIds: string[] } }>(
      `select purpose, details from audit_log where actor_label = 'forskrivare' and action = 'patient.list' order by id desc limit 1`,
    );
    expect(row!.purpose).toBe('follow-up-list');
    expect(row!.details.patientIds).toContain(patientId);

    expect((await erik.post(`/api/ordering/follow-ups/${item.id}/done`, {})).statusCode).toBe(404);
    const done = await anna.post(`/api/ordering/follow-ups/${item.id}/done`, { note: 'Fungerar bra, sitter rätt' });
    expect(done.statusCode, done.body).toBe(204);
    expect((await anna.post(`/api/ordering/follow-ups/${item.id}/done`, {})).statusCode).toBe(409);
    expect((await followUps()).some((f) => f.id === item.id)).toBe(false);
    const after = (await anna.get(`/api/orders/${sent.id}`)).json() as OrderView;
    expect(after.prescription!.followUp).toMatchObject({ doneNote: 'Fungerar bra, sitter rätt' });
    expect(after.prescription!.followUp!.doneAt).not.toBeNull();
  });

  it('someone else may follow up; a protected identity is listed by initials only', async () => {
    const d = await save(anna, await newDraft(protectedId), {
      lines: [{ articleId: art.manual }],
      prescription: { followUpDate: today(), followUpBy: 'Kalle Sjukgymnast, rehab Norrvik' },
    });
    const r = await submit(d);
    expect(r.statusCode, r.body).toBe(200);
    await worker.runDue();
    expect(centre.submitted(d.id).order.prescription?.followUp).toEqual({ date: today(), by: 'Kalle Sjukgymnast, rehab Norrvik' });
    const item = (await followUps()).find((f) => f.order.id === d.id)!;
    expect(item.responsibleName).toBe('Kalle Sjukgymnast, rehab Norrvik');
    expect(item.patient).toMatchObject({ name: 'S. Ö.', protectedIdentity: true });
  });
});
