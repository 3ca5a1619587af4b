import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/db.ts';
import { testConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db/client.ts';
import { createLogger } from '../../platform/logger.ts';
import { EXIT_INVALID, EXIT_OK, EXIT_REFUSED, runImportCommand } from './cli.ts';
import { catalogueChecksum, FIXTURES, fixtureVariant, givenIsoCodes } from './test-helpers.ts';

/** `bista import-catalogue FILE [--dry-run]`: what a person at the terminal sees, and the exit codes. */

let database: Database & { drop(): Promise<void> };
const config = testConfig();
const log = createLogger('silent');
const FIXTURE = path.join(FIXTURES, 'catalogue-small.xml');

beforeAll(async () => {
  database = await freshDatabase();
  await givenIsoCodes(database);
});
afterAll(() => database.drop());

async function run(file: string, dryRun = false) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runImportCommand(database, config, log, file, { dryRun, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('bista import-catalogue', () => {
  it('a dry run says what publishing would do and publishes nothing', async () => {
    const before = await catalogueChecksum(database);
    const r = await run(FIXTURE, true);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/catalogue-small\.xml \(3 kB, XML, ISO 9999:2022, nationell, hela katalogen\)/);
    expect(r.out).toMatch(/5 artiklar, 2 produkter, 2 leverantörer, 1 avtal, 6 priser/);
    expect(r.out).toMatch(
      /Filen är giltig\. Torrkörning: inget publicerades\. En publicering skulle ge 5 nya, 0 ändrade, 0 borttagna och 0 oförändrade artiklar\./,
    );
    expect(await catalogueChecksum(database)).toBe(before);
  });

  it('publishes the file and lists the changes', async () => {
    const r = await run(FIXTURE);
    expect(r.code).toBe(EXIT_OK);
    expect(r.out).toMatch(/Publicerad på [\d,]+ s: 5 nya, 0 ändrade, 0 borttagna och 0 oförändrade artiklar\./);
    expect(r.out).toMatch(/Nya: 100101, 100102, 100103, 100104, 200101/);
    const again = await run(FIXTURE);
    expect(again.out).toMatch(/0 nya, 0 ändrade, 0 borttagna och 5 oförändrade artiklar/);
  });

  it('an invalid file prints its errors with row and field, exits 1 and changes nothing', async () => {
    const before = await catalogueChecksum(database);
    const r = await run(fixtureVariant((x) => x.replace('amount="1895"', 'amount="-1895"')));
    expect(r.code).toBe(EXIT_INVALID);
    expect(r.err).toMatch(/Filen har 1 fel; inget publicerades och katalogen är oförändrad\.\n {2}Rad \d+, fält 'amount': priset får inte vara negativt/);
    expect(await catalogueChecksum(database)).toBe(before);
  });

  it('a file that is missing is refused with exit code 2', async () => {
    const r = await run('/finns/inte.xml');
    expect(r.code).toBe(EXIT_REFUSED);
    expect(r.err).toBe('bista: Filen /finns/inte.xml finns inte');
  });
});
