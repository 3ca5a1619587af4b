import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The module boundaries of DESIGN.md, checked on every import in src/ (static, re-export and dynamic):
// the platform imports no domain module and not the composition root; the ordering side and the provision
// side know each other only through src/contract; no module reaches into the composition root (src/app); the
// FHIR facade (src/fhir) works through the contract and the modules' exported use cases, never their tables, and
// only the composition root mounts it.

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p);
    return /\.(ts|tsx|mts|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') && !e.name.endsWith('.d.mts') ? [p] : [];
  });
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

/** Every relative import of a file, as a path under src/ (e.g. 'provision/intake/receive-message.ts'). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec || !spec.startsWith('.')) continue;
    out.push(path.relative(src, path.resolve(path.dirname(file), spec)));
  }
  return out;
}

const top = (p: string) => p.split(path.sep)[0]!;
const domainModules = ['administration', 'billing', 'catalogue', 'contract', 'fhir', 'governance', 'ordering', 'provision', 'support'];

/** A module's tables: its schema files (each module keeps its tables in schema.ts files, DESIGN "Layout"). */
const isTables = (p: string) => path.basename(p) === 'schema.ts' || p === path.join('platform', 'db', 'platform-schema.ts');

const isTestHelper = (f: string) => f.split(path.sep).includes('testing');

interface Rule {
  name: string;
  from: (file: string) => boolean;
  forbidden: (target: string) => boolean;
}

const rules: Rule[] = [
  {
    name: 'the platform imports no domain module and not the composition root',
    from: (f) => top(f) === 'platform',
    forbidden: (t) => domainModules.includes(top(t)) || top(t) === 'app' || top(t) === 'cli',
  },
  // A side's test helpers may play the other side's part (e.g. an external system that knows the demo patients).
  {
    name: 'ordering does not import provision (only src/contract)',
    from: (f) => top(f) === 'ordering' && !isTestHelper(f),
    forbidden: (t) => top(t) === 'provision',
  },
  {
    name: 'provision does not import ordering (only src/contract)',
    from: (f) => top(f) === 'provision' && !isTestHelper(f),
    forbidden: (t) => top(t) === 'ordering',
  },
  { name: 'the contract imports no side', from: (f) => top(f) === 'contract', forbidden: (t) => ['ordering', 'provision', 'app'].includes(top(t)) },
  {
    name: "the FHIR facade reads no module's tables (it calls their exported use cases)",
    from: (f) => top(f) === 'fhir',
    forbidden: (t) => top(t) !== 'fhir' && isTables(t),
  },
  {
    name: 'no module imports the FHIR facade (only the composition root mounts it)',
    from: (f) => domainModules.includes(top(f)) && top(f) !== 'fhir',
    forbidden: (t) => top(t) === 'fhir',
  },
  {
    name: 'no domain module imports the composition root',
    from: (f) => domainModules.includes(top(f)) && !/\.test\.tsx?$/.test(f),
    forbidden: (t) => top(t) === 'app',
  },
];

function violations(files: string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const rel = path.relative(src, file);
    for (const target of importsOf(file)) {
      if (target.startsWith('..')) continue; // test/ helpers and the like, outside src/
      for (const rule of rules) if (rule.from(rel) && rule.forbidden(target)) found.push(`${rel} → ${target} (${rule.name})`);
    }
  }
  return found;
}

describe('module boundaries', () => {
  it('hold for every import in src/', () => {
    const files = filesUnder(src);
    expect(files.length).toBeGreaterThan(300);
    expect(violations(files)).toEqual([]);
  });

  it('are checked: a forbidden import is found', () => {
    const dir = fs.mkdtempSync(path.join(src, 'platform', '.dep-check-'));
    try {
      const probe = path.join(dir, 'probe.ts');
      fs.writeFileSync(probe, "import { x } from '../../provision/x.ts';\nconst y = await import('../../ordering/y.ts');\n");
      expect(violations([probe])).toHaveLength(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("are checked for the FHIR facade: it reading a module's tables, and a module importing it, are found", () => {
    const inFacade = fs.mkdtempSync(path.join(src, 'fhir', '.dep-check-'));
    const inOrdering = fs.mkdtempSync(path.join(src, 'ordering', '.dep-check-'));
    try {
      const facadeProbe = path.join(inFacade, 'probe.ts');
      fs.writeFileSync(
        facadeProbe,
        "import { patient } from '../../ordering/schema.ts';\nimport { getPatient } from '../../ordering/patients/get-patient.ts';\n",
      );
      expect(violations([facadeProbe])).toEqual([expect.stringContaining("reads no module's tables")]);
      const moduleProbe = path.join(inOrdering, 'probe.ts');
      fs.writeFileSync(moduleProbe, "import { careProviderPatients } from '../../fhir/care-provider-patients.ts';\n");
      expect(violations([moduleProbe])).toEqual([expect.stringContaining('no module imports the FHIR facade')]);
    } finally {
      fs.rmSync(inFacade, { recursive: true, force: true });
      fs.rmSync(inOrdering, { recursive: true, force: true });
    }
  });
});

/**
 * The web shares a few of the server's files instead of restating them: the named role lists (web/src/nav.ts: the
 * menu hides exactly what the routes refuse), the order matrix, the personnummer rules and which prescription class an
 * article belongs to. It may import those
 * and nothing else of src/; the role lists import types only, so nothing more of the server comes into the bundle.
 */
describe('the web and the server', () => {
  const isRoleList = (p: string) => /(^|\/)roles\.ts$/.test(p) || p === path.join('platform', 'auth', 'access.ts');

  const shared = (p: string) =>
    isRoleList(p) ||
    p === path.join('contract', 'matrix.ts') ||
    p === path.join('ordering', 'patients', 'personal-number.ts') ||
    p === path.join('ordering', 'orders', 'prescription-class.ts');

  it('the web imports from src/ only the files it shares', () => {
    const web = path.join(root, 'web', 'src');
    const found: string[] = [];
    for (const file of filesUnder(web)) {
      for (const target of importsOf(file)) if (!target.startsWith('..') && !shared(target)) found.push(`${path.relative(root, file)} → src/${target}`);
    }
    expect(found).toEqual([]);
  });

  it('the role lists import nothing at run time', () => {
    const lists = filesUnder(src).filter((f) => isRoleList(path.relative(src, f)));
    expect(lists.length).toBeGreaterThan(5);
    const runtime = lists.flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/^import\s+(?!type\s)[^;]*from\s*'([^']+)'/gm)]
        .filter((m) => !isRoleList(path.relative(src, path.resolve(path.dirname(f), m[1]!))))
        .map((m) => `${path.relative(root, f)} → ${m[1]}`),
    );
    expect(runtime).toEqual([]);
  });
});
