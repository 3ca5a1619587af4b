import type { DbOrTx } from '../../platform/db/client.ts';
import { registerPatient } from '../schema.ts';
import { formatPersonalNumber, makePersonalNumber, type PersonalNumberKind } from './personal-number.ts';

/**
 * The demo population of the embedded register: about 60 fictitious people in the demo seed's four
 * municipalities (src/administration/seed/demo.ts: 9901 Norrvik, 9902 Åby, 9903 Ängsby, 9904 Östervik).
 *
 * Every number has a birth number (the three digits after the date) in 980–999, the series Skatteverket uses
 * for its published test personal numbers (testpersonnummer) rather than for real people; the check digits
 * are valid. A few are samordningsnummer (day + 60), some have protected identity, one is over 100 and
 * one was born on a leap day.
 */

export const MUNICIPALITIES = [
  { code: '9901', name: 'Norrvik', postal: '990', streets: ['Storgatan', 'Kyrkogatan', 'Sjövägen', 'Parkvägen', 'Älvstranden', 'Björkgatan'] },
  { code: '9902', name: 'Åby', postal: '991', streets: ['Byvägen', 'Åkervägen', 'Kvarnvägen', 'Skolgatan'] },
  { code: '9903', name: 'Ängsby', postal: '992', streets: ['Ängsvägen', 'Lärkstigen', 'Ringvägen', 'Hagagatan'] },
  { code: '9904', name: 'Östervik', postal: '993', streets: ['Hamngatan', 'Strandvägen', 'Fyrvägen', 'Östra Långgatan'] },
] as const;

interface DemoPerson {
  birthDate: string;
  birthNumber: number;
  kind?: PersonalNumberKind;
  firstName: string;
  lastName: string;
  protectedIdentity?: boolean;
  /** Index into MUNICIPALITIES, or null for no home municipality. */
  municipality: number | null;
  address: { street: string; postalCode: string; city: string } | null;
}

const muni = (i: number) => MUNICIPALITIES[i]!;
const addr = (i: number, street: string, zip: string) => ({ street, postalCode: `${muni(i).postal} ${zip}`, city: muni(i).name });

/** People that tests, the browser tests and the demo refer to by name. */
const NAMED = {
  ordinary: {
    birthDate: '1938-04-12',
    birthNumber: 982,
    firstName: 'Astrid',
    lastName: 'Lindqvist',
    municipality: 0,
    address: addr(0, 'Storgatan 5 lgh 1201', '10'),
  },
  protectedIdentity: {
    birthDate: '1975-11-02',
    birthNumber: 988,
    firstName: 'Sofia',
    lastName: 'Öberg',
    protectedIdentity: true,
    municipality: 0,
    address: null,
  },
  protectedChild: { birthDate: '2015-08-19', birthNumber: 986, firstName: 'Ella', lastName: 'Åström', protectedIdentity: true, municipality: 2, address: null },
  protectedElder: {
    birthDate: '1944-01-30',
    birthNumber: 993,
    firstName: 'Göran',
    lastName: 'Ängström',
    protectedIdentity: true,
    municipality: 1,
    address: null,
  },
  coordination: {
    birthDate: '1990-04-12',
    birthNumber: 991,
    kind: 'samordningsnummer',
    firstName: 'Yusuf',
    lastName: 'Haddad',
    municipality: null,
    address: addr(0, 'c/o Nilsson, Sjövägen 3', '12'),
  },
  coordinationWithMunicipality: {
    birthDate: '1986-09-27',
    birthNumber: 986,
    kind: 'samordningsnummer',
    firstName: 'Agnieszka',
    lastName: 'Kowalska',
    municipality: 3,
    address: addr(3, 'Hamngatan 22', '40'),
  },
  over100: { birthDate: '1923-06-06', birthNumber: 984, firstName: 'Elsa', lastName: 'Björk', municipality: 1, address: addr(1, 'Kvarnvägen 2', '20') },
  leapDay: { birthDate: '2016-02-29', birthNumber: 995, firstName: 'Leo', lastName: 'Nyström', municipality: 2, address: addr(2, 'Lärkstigen 9', '30') },
} satisfies Record<string, DemoPerson>;

// The third digit of the birth number is even for women and odd for men.
const WOMEN = [
  'Åsa',
  'Ärla',
  'Märta',
  'Inga',
  'Maj-Britt',
  'Ingrid',
  'Gunnel',
  'Birgitta',
  'Agneta',
  'Ulla',
  'Margareta',
  'Alva',
  'Vera',
  'Signe',
  'Aya',
  'Ebba',
  'Tove',
];
const MEN = ['Örjan', 'Göran', 'Björn', 'Kjell', 'Sven-Åke', 'Stig', 'Lennart', 'Håkan', 'Bengt', 'Noah', 'Elias', 'Olle', 'Mohammed'];
const LAST = [
  'Andersson',
  'Bäckström',
  'Carlsson',
  'Dahlén',
  'Ekström',
  'Forsberg',
  'Gärdin',
  'Hedlund',
  'Isaksson',
  'Jönsson',
  'Källström',
  'Lundén',
  'Mårtensson',
  'Nordström',
  'Olofsson',
  'Påhlsson',
  'Rönnqvist',
  'Sjöberg',
  'Törnqvist',
  'Öhrn',
  'Åkerlund',
  'Ärlemalm',
  'Wästberg',
  'Yilmaz',
];

/** A small deterministic pseudo-random sequence, so the demo population is the same on every install. */
function sequence(seed: number) {
  // mulberry32
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((((x ^ (x >>> 14)) >>> 0) / 4294967296) * n) | 0;
  };
}

function generated(count: number): DemoPerson[] {
  const next = sequence(20260101);
  const people: DemoPerson[] = [];
  for (let i = 0; i < count; i++) {
    const year = 1926 + next(95);
    const month = 1 + next(12);
    const day = 1 + next(28);
    const m = next(MUNICIPALITIES.length);
    const street = muni(m).streets[next(muni(m).streets.length)]!;
    const woman = next(2) === 0;
    const names = woman ? WOMEN : MEN;
    people.push({
      birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      birthNumber: 980 + 2 * (i % 10) + (woman ? 0 : 1),
      firstName: names[next(names.length)]!,
      lastName: LAST[next(LAST.length)]!,
      // One in eighteen has a samordningsnummer; the samordningsnummer holders have no home municipality.
      ...(i % 18 === 7 ? { kind: 'samordningsnummer' as const } : {}),
      municipality: i % 18 === 7 ? null : m,
      address: addr(m, `${street} ${1 + next(60)}`, String(10 + next(80))),
    });
  }
  return people;
}

const identifierOf = (p: DemoPerson) => makePersonalNumber(p.birthDate, p.birthNumber, p.kind ?? 'personnummer');

/** The canonical numbers of the named demo people, for tests and the browser tests. */
export const DEMO_PATIENTS = Object.fromEntries(Object.entries(NAMED).map(([k, p]) => [k, identifierOf(p)])) as Record<keyof typeof NAMED, string>;

/** The whole demo population as register rows (unique numbers; protected people have no address). */
export function demoPopulation(): (typeof registerPatient.$inferInsert)[] {
  const rows = new Map<string, typeof registerPatient.$inferInsert>();
  for (const p of [...Object.values(NAMED), ...generated(54)] as DemoPerson[]) {
    const identifier = identifierOf(p);
    if (rows.has(identifier)) continue;
    const m = p.municipality === null ? null : muni(p.municipality);
    const a = p.protectedIdentity ? null : p.address;
    rows.set(identifier, {
      identifier,
      firstName: p.firstName,
      lastName: p.lastName,
      protectedIdentity: p.protectedIdentity ?? false,
      municipalityCode: m?.code ?? null,
      municipalityName: m?.name ?? null,
      street: a?.street ?? null,
      postalCode: a?.postalCode ?? null,
      city: a?.city ?? null,
    });
  }
  return [...rows.values()];
}

/** Fills the embedded register with the demo population (people already there are left as they are). */
export async function seedPatientRegister(db: DbOrTx): Promise<number> {
  const rows = demoPopulation();
  const inserted = await db.insert(registerPatient).values(rows).onConflictDoNothing().returning({ identifier: registerPatient.identifier });
  return inserted.length;
}

/**
 * A fictitious person for a number in Skatteverket's test series (testpersonnummer: birth number 980–999) that
 * the demo register does not hold, so that the published test numbers work in the embedded directory. The same
 * number always gives the same person (name, municipality and address follow from the number); the third digit
 * of the birth number tells woman (even) or man (odd), as in real numbers. Null for any other number.
 */
export function testSeriesPerson(identifier12: string): typeof registerPatient.$inferInsert | null {
  if (!/^\d{12}$/.test(identifier12)) return null;
  const birthNumber = Number(identifier12.slice(8, 11));
  if (birthNumber < 980) return null;
  const next = sequence(Number(identifier12.slice(2)) % 2 ** 31);
  const names = birthNumber % 2 === 0 ? WOMEN : MEN;
  const samordning = Number(identifier12.slice(6, 8)) > 60;
  const m = next(MUNICIPALITIES.length);
  const street = muni(m).streets[next(muni(m).streets.length)]!;
  return {
    identifier: identifier12,
    firstName: names[next(names.length)]!,
    lastName: LAST[next(LAST.length)]!,
    protectedIdentity: false,
    municipalityCode: samordning ? null : muni(m).code,
    municipalityName: samordning ? null : muni(m).name,
    street: `${street} ${1 + next(60)}`,
    postalCode: `${muni(m).postal} ${10 + next(80)}`,
    city: muni(m).name,
  };
}

/** What each demo patient in the guide is for (the web's login page names them in its language). */
type DemoPatientUse = 'ordinary' | 'protectedIdentity' | 'coordinationNumber' | 'child';

/**
 * A few demo patients to try, by number and what each is for: the start-up output, the README and a demo
 * installation's login page list them (issue 16 item 2).
 */
export function demoPatientGuide(): { identifier: string; name: string; use: DemoPatientUse }[] {
  const entry = (key: keyof typeof NAMED, use: DemoPatientUse) => {
    const p = NAMED[key] as DemoPerson;
    return { identifier: formatPersonalNumber(identifierOf(p)), name: `${p.firstName} ${p.lastName}`, use };
  };
  return [
    entry('ordinary', 'ordinary'),
    entry('protectedIdentity', 'protectedIdentity'),
    entry('coordination', 'coordinationNumber'),
    entry('leapDay', 'child'),
  ];
}
