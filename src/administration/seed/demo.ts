import { sql } from 'drizzle-orm';
import { hashPassword } from '../../platform/auth/passwords.ts';
import type { Db } from '../../platform/db/client.ts';
import { news } from '../../governance/schema.ts';
import { swedishSortKey } from '../../platform/i18n/sort-key.ts';
import { seedPatientRegister } from '../../ordering/patients/demo-population.ts';
import { seedProvisionDemo } from '../../provision/seed/demo.ts';
import { appUser, bufferStore, careProvider, collaboration, customer, deliveryAddress, deliveryArea, membership, userRole, type Role } from '../schema.ts';

/** Every demo account has this password (printed at start; the embedded demo only). */
export const DEMO_PASSWORD = 'bista-demo-2026';

export interface DemoLogin {
  username: string;
  role: Role;
  name: string;
}

/** One demo login per role, the first customer listed is the user's default. */
const DEMO_USERS: { username: string; first: string; last: string; profession: string | null; roles: Role[]; customers: string[] }[] = [
  { username: 'forskrivare', first: 'Anna', last: 'Åberg', profession: 'occupationalTherapist', roles: ['prescriber'], customers: ['10101', '20101'] },
  { username: 'sjukgymnast', first: 'Erik', last: 'Öhman', profession: 'physiotherapist', roles: ['prescriber'], customers: ['10102'] },
  { username: 'bestallare', first: 'Bo', last: 'Ek', profession: 'administrator', roles: ['orderer'], customers: ['20102'] },
  {
    username: 'anvandarstod',
    first: 'Lisa',
    last: 'Ärlig',
    profession: 'occupationalTherapist',
    roles: ['localSupport', 'prescriber'],
    customers: ['20101', '20102'],
  },
  { username: 'kundtjanst', first: 'Karin', last: 'Lund', profession: null, roles: ['customerService'], customers: [] },
  { username: 'tekniker', first: 'Tomas', last: 'Berg', profession: 'technician', roles: ['technician'], customers: [] },
  { username: 'chauffor', first: 'Dragan', last: 'Petrović', profession: null, roles: ['driver'], customers: [] },
  { username: 'lager', first: 'Leila', last: 'Haddad', profession: null, roles: ['warehouse'], customers: [] },
  { username: 'konsulent', first: 'Maria', last: 'Virtanen', profession: 'occupationalTherapist', roles: ['consultant'], customers: [] },
  { username: 'ekonomi', first: 'Elin', last: 'Sandberg', profession: 'administrator', roles: ['finance'], customers: [] },
  { username: 'sortiment', first: 'Sara', last: 'Nilsson', profession: null, roles: ['assortment'], customers: [] },
  { username: 'samordnare', first: 'Fredrik', last: 'Holm', profession: null, roles: ['functionCoordinator'], customers: [] },
  { username: 'beredning', first: 'Greta', last: 'Ström', profession: null, roles: ['preparationGroup'], customers: [] },
  { username: 'admin', first: 'Ali', last: 'Karimi', profession: null, roles: ['systemAdmin'], customers: [] },
  // The region's PDL log reviewer (loggranskare): reviews the accesses of the region's own units.
  { username: 'loggranskare', first: 'Ingrid', last: 'Falk', profession: 'administrator', roles: ['logReviewer'], customers: ['10101'] },
];

const FIRST = [
  'Maja',
  'Oskar',
  'Elsa',
  'Hugo',
  'Alice',
  'Lucas',
  'Ebba',
  'Liam',
  'Saga',
  'Nils',
  'Ida',
  'Omar',
  'Wilma',
  'Åke',
  'Märta',
  'Örjan',
  'Zara',
  'Ville',
  'Siri',
  'Adam',
];
const LAST = [
  'Andersson',
  'Johansson',
  'Karlsson',
  'Nilsson',
  'Eriksson',
  'Larsson',
  'Olsson',
  'Persson',
  'Svensson',
  'Gustafsson',
  'Åström',
  'Ängström',
  'Öberg',
  'Zetterberg',
  'Wallin',
  'Vik',
  'Ahmed',
  'Kowalski',
  'Lindqvist',
  'Hassan',
];
const PROFESSIONS = ['occupationalTherapist', 'physiotherapist', 'nurse', 'doctor', 'speechTherapist'];

export const demoLogins = (): DemoLogin[] => DEMO_USERS.map((u) => ({ username: u.username, role: u.roles[0]!, name: `${u.first} ${u.last}` }));

/** True if the database has no organisation yet. */
export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(collaboration);
  return (row?.n ?? 0) === 0;
}

/**
 * Demo data: a fictitious region with four municipalities and a private provider, 14 customers with
 * delivery areas, addresses and buffer stores, one login per role and 60 more prescribers.
 */
export async function seedDemo(db: Db, opts: { extraPrescribers?: number; provision?: boolean } = {}): Promise<DemoLogin[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    const [collab] = await tx.insert(collaboration).values({ name: 'Hjälpmedelssamverkan Region Norrvik' }).returning();
    const areas = await tx
      .insert(deliveryArea)
      .values([
        { name: 'Område Nord', weekday: 1 },
        { name: 'Område Syd', weekday: 2 },
        { name: 'Område Öst', weekday: 3 },
        { name: 'Område Väst', weekday: 4 },
        { name: 'Centralorten', weekday: 5 },
      ])
      .returning();
    const area = (name: string) => areas.find((a) => a.name === name)!.id;

    const providers = [
      { key: 'region', name: 'Region Norrvik', kind: 'region' as const, org: '232100-0999', code: null },
      { key: 'norrvik', name: 'Norrviks kommun', kind: 'municipality' as const, org: '212000-9001', code: '9901' },
      { key: 'aby', name: 'Åby kommun', kind: 'municipality' as const, org: '212000-9002', code: '9902' },
      { key: 'angsby', name: 'Ängsby kommun', kind: 'municipality' as const, org: '212000-9003', code: '9903' },
      { key: 'ostervik', name: 'Östervik kommun', kind: 'municipality' as const, org: '212000-9004', code: '9904' },
      { key: 'omsorg', name: 'Omsorgshuset i Norrvik AB', kind: 'private' as const, org: '556677-8899', code: null },
    ];
    const cpRows = await tx
      .insert(careProvider)
      .values(
        providers.map((p) => ({
          collaborationId: collab!.id,
          name: p.name,
          sortKey: swedishSortKey(p.name),
          kind: p.kind,
          organisationNumber: p.org,
          municipalityCode: p.code,
        })),
      )
      .returning();
    const cp = (key: string) => cpRows[providers.findIndex((p) => p.key === key)]!.id;

    const customers = [
      { n: '10101', cp: 'region', name: 'Vårdcentralen Norrvik', area: 'Centralorten', city: 'Norrvik', street: 'Storgatan 12', zip: '990 10' },
      { n: '10102', cp: 'region', name: 'Rehabkliniken Norrviks sjukhus', area: 'Centralorten', city: 'Norrvik', street: 'Sjukhusvägen 1', zip: '990 12' },
      { n: '10103', cp: 'region', name: 'Vårdcentralen Åby', area: 'Område Nord', city: 'Åby', street: 'Kyrkvägen 3', zip: '991 20' },
      { n: '10104', cp: 'region', name: 'Barn- och ungdomshabiliteringen', area: 'Centralorten', city: 'Norrvik', street: 'Parkgatan 8', zip: '990 14' },
      { n: '20101', cp: 'norrvik', name: 'Hemtjänst Norrvik centrum', area: 'Centralorten', city: 'Norrvik', street: 'Torget 2', zip: '990 11' },
      { n: '20102', cp: 'norrvik', name: 'Särskilt boende Solgården', area: 'Område Väst', city: 'Norrvik', street: 'Solvägen 14', zip: '990 30' },
      { n: '20103', cp: 'norrvik', name: 'Elevhälsan Norrvik', area: 'Centralorten', city: 'Norrvik', street: 'Skolgatan 5', zip: '990 15' },
      { n: '30101', cp: 'aby', name: 'Hemsjukvården Åby', area: 'Område Nord', city: 'Åby', street: 'Älvgatan 9', zip: '991 21' },
      { n: '30102', cp: 'aby', name: 'Åby äldreboende Björken', area: 'Område Nord', city: 'Åby', street: 'Björkvägen 2', zip: '991 22' },
      { n: '40101', cp: 'angsby', name: 'Ängsby rehab', area: 'Område Syd', city: 'Ängsby', street: 'Ängsvägen 4', zip: '992 30' },
      { n: '40102', cp: 'angsby', name: 'Hemtjänst Ängsby', area: 'Område Syd', city: 'Ängsby', street: 'Byvägen 11', zip: '992 31' },
      { n: '50101', cp: 'ostervik', name: 'Östervik vård och omsorg', area: 'Område Öst', city: 'Östervik', street: 'Hamngatan 7', zip: '993 40' },
      { n: '50102', cp: 'ostervik', name: 'Korttidsboendet Östervik', area: 'Område Öst', city: 'Östervik', street: 'Strandvägen 21', zip: '993 41' },
      { n: '60101', cp: 'omsorg', name: 'Omsorgshuset hemtjänst', area: 'Område Väst', city: 'Norrvik', street: 'Industrigatan 30', zip: '990 40' },
    ];
    const custRows = await tx
      .insert(customer)
      .values(
        customers.map((c) => ({
          careProviderId: cp(c.cp),
          customerNumber: c.n,
          name: c.name,
          sortKey: swedishSortKey(c.name),
          payer: providers.find((p) => p.key === c.cp)!.name,
          costCentre: `KST-${c.n}`,
          deliveryAreaId: area(c.area),
          urgentFeeExempt: c.n === '10104',
        })),
      )
      .returning();
    const cust = (n: string) => custRows.find((c) => c.customerNumber === n)!.id;
    await tx.insert(deliveryAddress).values(
      customers.flatMap((c) => [
        { customerId: cust(c.n), label: 'Huvudadress', street: c.street, postalCode: c.zip, city: c.city, isDefault: true },
        ...(c.n.endsWith('01')
          ? [
              {
                customerId: cust(c.n),
                label: 'Godsmottagning',
                street: `${c.street.split(' ')[0]} baksidan`,
                postalCode: c.zip,
                city: c.city,
                isDefault: false,
              },
            ]
          : []),
      ]),
    );
    await tx.insert(bufferStore).values([
      { customerId: cust('20101'), name: 'Buffertförråd Norrvik centrum', size: 'medium' },
      { customerId: cust('20102'), name: 'Solgårdens förråd', size: 'small' },
      { customerId: cust('30101'), name: 'Buffert Åby', size: 'mini' },
      { customerId: cust('40102'), name: 'Buffert Ängsby', size: 'small' },
      { customerId: cust('50101'), name: 'Österviks buffertförråd', size: 'large' },
    ]);

    const now = new Date();
    const people = [
      ...DEMO_USERS.map((u, i) => ({ ...u, hsa: `SE2321000999-D${String(i + 1).padStart(3, '0')}` })),
      ...Array.from({ length: opts.extraPrescribers ?? 60 }, (_, i) => {
        const first = FIRST[i % FIRST.length]!;
        const last = LAST[(i * 7) % LAST.length]!;
        const c = customers[i % customers.length]!.n;
        return {
          username: `${first}.${last}.${i}`
            .toLowerCase()
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, ''),
          first,
          last,
          profession: PROFESSIONS[i % PROFESSIONS.length]!,
          roles: ['prescriber'] as Role[],
          customers: [c],
          hsa: `SE2321000999-P${String(i + 1).padStart(4, '0')}`,
        };
      }),
    ];
    const userRows = await tx
      .insert(appUser)
      .values(
        people.map((p) => ({
          username: p.username,
          firstName: p.first,
          lastName: p.last,
          sortKey: swedishSortKey(p.last, p.first),
          profession: p.profession,
          hsaId: p.hsa,
          email: `${p.username}@example.se`,
          phone: '010-123 45 67',
          passwordHash,
          lastLoginAt: now,
        })),
      )
      .returning({ id: appUser.id, username: appUser.username });
    const uid = (username: string) => userRows.find((u) => u.username === username)!.id;
    await tx.insert(userRole).values(people.flatMap((p) => p.roles.map((role) => ({ userId: uid(p.username), role }))));
    const members = people.flatMap((p) => p.customers.map((c, i) => ({ userId: uid(p.username), customerId: cust(c), isDefault: i === 0 })));
    if (members.length) await tx.insert(membership).values(members);

    await tx.insert(news).values([
      {
        title: 'Välkommen till Bistå',
        body: 'Här beställer du hjälpmedel, följer dina beställningar och ser patientens hjälpmedel. Kontakta ditt lokala användarstöd om något inte fungerar.',
        severity: 'info',
        publishedAt: now,
      },
      {
        title: 'Ändrad leveransdag i Område Öst vecka 52',
        body: 'På grund av julhelgen levererar vi till Område Öst fredag 2 januari i stället för onsdag 24 december.',
        severity: 'disruption',
        publishedAt: now,
      },
    ]);
    // The embedded population register's demo people (the ordering side's patient directory).
    await seedPatientRegister(tx);
  });
  // The centre's warehouses; its demo articles and units in stock only when asked for (the browser tests
  // expect the demo catalogue to start empty). See src/provision/seed/demo.ts.
  await seedProvisionDemo(db, { articlesAndUnits: opts.provision ?? false });
  return demoLogins();
}
