import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, schemaSource } from '../scripts/openapi.ts';

describe("the web's API types", () => {
  it('are made from the current route schemas (run `npm run api:generate` after changing a route)', async () => {
    const committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
    const current = await schemaSource();
    // A plain equality would print 20 000 lines; the first differing line says what changed.
    if (committed !== current) {
      const a = committed.split('\n');
      const b = current.split('\n');
      const i = a.findIndex((line, n) => line !== b[n]);
      expect.fail(`web/src/api/schema.d.ts is out of date at line ${i + 1}:\n  committed: ${a[i]}\n  server:    ${b[i]}\nRun: npm run api:generate`);
    }
  });
});
