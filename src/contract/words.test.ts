import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultWorkOrderTypes } from './matrix.ts';

// Issue 15 item 11: the words a prescriber and the centre read. A due date is "klart senast" ("förfallodag" is an
// invoice's due date); the adjustment work order is "Justering", so it is not taken for "Specialanpassning".
const root = path.join(import.meta.dirname, '..', '..');
const read = (...p: string[]) => fs.readFileSync(path.join(root, ...p), 'utf8');

describe('the words of the matrix (issue 15 item 11)', () => {
  it('the adjustment work order is "Justering", and no other type is called an adaptation but the special adaptation', () => {
    expect(defaultWorkOrderTypes.find((t) => t.code === 'adjustment')?.sv).toBe('Justering');
    expect(defaultWorkOrderTypes.filter((t) => /anpassning/i.test(t.sv)).map((t) => t.code)).toEqual(['specialAdaptation']);
  });

  it('the glossary says the due date is "klart senast" and the adjustment is "justering"', () => {
    const glossary = read('docs', 'glossary.md');
    expect(glossary).toMatch(/^\| due date \| klart senast \|/m);
    expect(glossary).toMatch(/^\| adjustment \(work order\) \| justering \|/m);
  });

  it('no Swedish UI string calls a due date "förfallodag" or says it "förfaller"', () => {
    const dir = path.join(root, 'web', 'src', 'i18n');
    const files = fs.readdirSync(path.join(dir, 'areas')).map((f) => path.join('areas', f));
    for (const f of files) expect(fs.readFileSync(path.join(dir, f), 'utf8'), f).not.toMatch(/förfallo|förfaller/i);
  });
});
