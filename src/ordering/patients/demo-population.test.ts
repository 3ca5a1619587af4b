import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/db.ts';
import type { Database } from '../../platform/db/client.ts';
import { DEMO_PATIENTS, demoPatientGuide, demoPopulation } from './demo-population.ts';
import { EmbeddedPatientDirectory } from './embedded-directory.ts';
import { makePersonalNumber, parsePersonalNumber } from './personal-number.ts';

let database: Database & { drop(): Promise<void> };
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.drop());

describe('the demo population of the embedded register', () => {
  const people = demoPopulation();
  const today = '2026-03-16';

  it('has about sixty people with unique, valid numbers in the test series (birth numbers 980–999)', () => {
    expect(people.length).toBeGreaterThanOrEqual(55);
    expect(people.length).toBeLessThanOrEqual(65);
    expect(new Set(people.map((p) => p.identifier)).size).toBe(people.length);
    for (const p of people) {
      const r = parsePersonalNumber(p.identifier, today);
      expect(r.ok, `${p.firstName} ${p.lastName}`).toBe(true);
      expect(Number(p.identifier.slice(8, 11))).toBeGreaterThanOrEqual(980);
    }
  });

  it('has a few samordningsnummer, three or more protected identities, someone over 100 and a leap-day birthday', () => {
    const kinds = people.map((p) => parsePersonalNumber(p.identifier, today)).flatMap((r) => (r.ok ? [r.value] : []));
    expect(kinds.filter((k) => k.kind === 'samordningsnummer').length).toBeGreaterThanOrEqual(3);
    expect(people.filter((p) => p.protectedIdentity).length).toBeGreaterThanOrEqual(3);
    expect(DEMO_PATIENTS.over100.slice(0, 4)).toBe('1923');
    expect(DEMO_PATIENTS.leapDay.slice(4, 8)).toBe('0229');
  });

  it('lives in the demo municipalities (9901–9904) and has Swedish names with Å, Ä and Ö', () => {
    for (const p of people) if (p.municipalityCode) expect(['9901', '9902', '9903', '9904']).toContain(p.municipalityCode);
    const names = people.map((p) => `${p.firstName} ${p.lastName}`).join(' ');
    for (const letter of ['Å', 'Ä', 'Ö', 'å', 'ä', 'ö']) expect(names).toContain(letter);
  });

  it('is the same on every install', () => {
    expect(demoPopulation()).toEqual(people);
  });
});

describe("Skatteverket's test numbers", () => {
  it('a test-series number the register does not hold is a fictitious person, the same each time; other numbers are not', async () => {
    const directory = new EmbeddedPatientDirectory(database.db);
    const number = makePersonalNumber('1979-03-14', 989);
    const first = await directory.find(number);
    expect(first).toMatchObject({ identifier: number, kind: 'personnummer', protectedIdentity: false });
    expect(first!.firstName.length).toBeGreaterThan(1);
    expect(await directory.find(number)).toEqual(first);
    expect(await directory.find(makePersonalNumber('1979-03-14', 412))).toBeNull();
  });
});

describe('the demo patient guide', () => {
  it('names four patients in the demo register, and the README lists the same', () => {
    const guide = demoPatientGuide();
    expect(guide.map((g) => g.use)).toEqual(['ordinary', 'protectedIdentity', 'coordinationNumber', 'child']);
    const numbers = new Set(demoPopulation().map((p) => `${p.identifier.slice(0, 8)}-${p.identifier.slice(8)}`));
    const readme = fs.readFileSync(path.join(import.meta.dirname, '../../../README.md'), 'utf8');
    for (const g of guide) {
      expect(numbers.has(g.identifier), g.name).toBe(true);
      expect(readme).toContain(`| ${g.identifier} | ${g.name} |`);
    }
  });
});
