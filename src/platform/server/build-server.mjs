// Builds the server into one CommonJS bundle (dist/server/server.cjs) with a small entry point beside it
// (dist/server/main.js, from bundle-loader.mjs), which `bin/bista.js` runs when it was built from the sources as
// they are: loading ~200 TypeScript files through tsx (and fastify's and zod's ~700 files) costs about a second of
// start-up, the bundle a fraction of that. The entry point runs the bundle through V8's code cache, which Node.js
// offers for scripts (not for ES modules): from the second start after a build, the bundle's code is not parsed
// and compiled again (see bundle-loader.mjs). Dynamic imports of the sources become functions that run the
// imported modules' code when first called (the catalogue importer, demo data, backup). A few pure-JavaScript
// packages are bundled too (BUNDLED below); every other package is required from node_modules as usual.
//
// The sources find files next to themselves through import.meta.url (migrations, web/dist, the import
// parser's worker). In the bundle every such import.meta is replaced by the URL of the source file it was
// written in, so those paths resolve exactly as they do when the sources run through tsx.
//
//   node src/platform/server/build-server.mjs        (npm run build:server; npm run build does web + server)
import crypto from 'node:crypto';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const OUT = path.join(ROOT, 'dist', 'server');

// esbuild comes with tsx (a dependency), so it is there wherever the server can run from source.
const require = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('tsx'));
const esbuild = require('esbuild');

/**
 * Packages bundled with the sources: plain JavaScript. Loading them from one file instead of ~800 (zod alone is
 * 95, fastify with its dependencies 300, the OpenAPI page's YAML library 70) saves a fifth of a second of
 * start-up, and their compiled code is in the bundle's code cache. Every other package the sources import stays
 * in node_modules.
 */
const BUNDLED = new Set([
  'fastify',
  '@fastify/cookie',
  '@fastify/multipart',
  '@fastify/static',
  '@fastify/swagger',
  'fastify-type-provider-zod',
  'zod',
  'drizzle-orm',
  '@electric-sql/pglite',
  '@fastify/swagger-ui',
  'pino',
  'saxes',
]);
/**
 * Bundled packages that find files beside their code (PGlite its WebAssembly and data files, the OpenAPI page
 * its static files, the logger its worker): in the bundle, their import.meta.url, __dirname and __filename
 * stand for their files in node_modules, as for the sources (see keepFileLocations).
 */
const WITH_FILES = ['@electric-sql/pglite', '@fastify/swagger-ui', 'pino'];
/**
 * Never bundled, also when a bundled package imports them: native code, a worker run from its file, or loaded
 * only for one command.
 */
const NEVER = new Set(['@node-rs/argon2', 'exceljs', 'pg', 'pg-copy-streams', 'pg-native', 'sharp', 'thread-stream', 'tsx']);

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function choosePackages() {
  return {
    name: 'choose-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        // The require() in a module made below for an import() of something that stays outside.
        if (args.namespace === 'required-package') return { path: args.path, external: true };
        const builtin = args.path.startsWith('node:') || builtinModules.includes(args.path);
        const name = packageName(args.path);
        const fromPackage = args.importer.split(path.sep).includes('node_modules');
        if (!builtin && (fromPackage ? !NEVER.has(name) : BUNDLED.has(name))) return undefined;
        // A script has no import(): an import() of a package that stays outside (each is CommonJS or has a
        // CommonJS build) or of Node's own modules requires it, through a module that esbuild gives the import's
        // semantics.
        if (args.kind === 'dynamic-import') return { path: args.path, namespace: 'required-package' };
        return { path: args.path, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: 'required-package' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

/** The bundle's entry point, copied beside it as main.js. */
const LOADER = 'src/platform/server/bundle-loader.mjs';

/** In the bundle: the URL of the bundle's file (server.cjs; see `banner` below). */
const BASE = '__bistaBundleUrl';

/** Rewrites import.meta.{url,dirname,filename} of one source file to that file's own location. */
function keepImportMeta(outDir) {
  return {
    name: 'keep-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
        let text = await fs.promises.readFile(args.path, 'utf8');
        if (text.includes('import.meta')) {
          const rel = path.relative(outDir, args.path).split(path.sep).join('/');
          const url = `new URL(${JSON.stringify(rel)}, ${BASE})`;
          text = text
            .replace(/\bimport\.meta\.url\b/g, `${url}.href`)
            .replace(/\bimport\.meta\.dirname\b/g, `__bistaPath.dirname(__bistaUrl.fileURLToPath(${url}))`)
            .replace(/\bimport\.meta\.filename\b/g, `__bistaUrl.fileURLToPath(${url})`);
          if (text.includes('__bistaPath') || text.includes('__bistaUrl')) {
            text = `import * as __bistaPath from 'node:path';\nimport * as __bistaUrl from 'node:url';\n${text}`;
          }
        }
        return { contents: text, loader: 'ts' };
      });
    },
  };
}

/** Rewrites import.meta.url, __dirname and __filename in the WITH_FILES packages' files to those files' own. */
function keepFileLocations(outDir) {
  const inPackage = (file) => {
    const parts = file.split(path.sep);
    const at = parts.lastIndexOf('node_modules');
    return at >= 0 && WITH_FILES.includes(packageName(parts.slice(at + 1).join('/')));
  };
  return {
    name: 'keep-file-locations',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, async (args) => {
        if (!inPackage(args.path)) return undefined;
        const text = await fs.promises.readFile(args.path, 'utf8');
        const rel = JSON.stringify(path.relative(outDir, args.path).split(path.sep).join('/'));
        const dir = JSON.stringify(path.relative(outDir, path.dirname(args.path)).split(path.sep).join('/'));
        return {
          contents: text
            .replace(/\bimport\.meta\.url\b/g, `new URL(${rel}, ${BASE}).href`)
            .replace(/(?<![.\w$])__dirname\b/g, `require("node:path").join(__dirname, ${dir})`)
            .replace(/(?<![.\w$])__filename\b/g, `require("node:path").join(__dirname, ${rel})`),
          loader: 'js',
        };
      });
    },
  };
}

/**
 * Builds into `outDir` (dist/server; the tests build elsewhere under the project, where node_modules is found).
 */
export async function buildServer({ quiet = false, outDir = OUT } = {}) {
  const started = performance.now();
  const out = path.resolve(outDir);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // Built next to the old bundle and swapped in, so a server starting meanwhile sees one or the other.
  const tmp = fs.mkdtempSync(path.join(path.dirname(out), '.server-'));
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: { server: 'src/cli/main.ts' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      banner: { js: `const ${BASE} = require('node:url').pathToFileURL(__filename);` },
      outdir: tmp,
      outExtension: { '.js': '.cjs' },
      metafile: true,
      sourcemap: 'linked',
      // Error messages and stack traces keep the sources' names.
      keepNames: true,
      logLevel: 'warning',
      plugins: [choosePackages(), keepImportMeta(out), keepFileLocations(out)],
    });
    // ASCII only, so that main.js can read it as Latin-1 (a fifth of the time of decoding UTF-8): esbuild escapes
    // every other character but in the comments it keeps, where an escape changes nothing.
    const bundle = path.join(tmp, 'server.cjs');
    const text = fs.readFileSync(bundle, 'utf8');
    fs.writeFileSync(
      bundle,
      text.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
    const loader = fs.readFileSync(path.join(ROOT, LOADER), 'utf8');
    fs.writeFileSync(path.join(tmp, 'main.js'), loader.replace("'__BISTA_BUILD__'", JSON.stringify(crypto.randomBytes(8).toString('hex'))));
    // bin/bista.js compares these with the sources before it uses the bundle.
    const inputs = {};
    // The bundled packages are in there too: what npm installed decides whether they are the same.
    const lockFiles = ['package-lock.json', 'node_modules/.package-lock.json'].filter((f) => fs.existsSync(path.join(ROOT, f)));
    for (const file of [...Object.keys(result.metafile.inputs).sort(), LOADER, ...lockFiles]) {
      if ((file.startsWith('node_modules/') && !lockFiles.includes(file)) || file.includes(':')) continue;
      const text = fs.readFileSync(path.join(ROOT, file));
      const stat = fs.statSync(path.join(ROOT, file));
      inputs[file] = { size: stat.size, mtimeMs: stat.mtimeMs, sha1: crypto.createHash('sha1').update(text).digest('hex') };
    }
    fs.writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify({ builtAt: new Date().toISOString(), inputs }, null, 1));
    fs.writeFileSync(path.join(tmp, 'package.json'), '{ "type": "module" }\n');
    const old = fs.existsSync(out) ? `${tmp}.old` : null;
    if (old) fs.renameSync(out, old);
    fs.renameSync(tmp, out);
    if (old) fs.rmSync(old, { recursive: true, force: true });
    if (!quiet) {
      const ms = Math.round(performance.now() - started);
      process.stderr.write(`Servern byggd till ${path.relative(ROOT, out)} (${Object.keys(inputs).length} källfiler, ${ms} ms).\n`);
    }
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildServer().catch((err) => {
    process.stderr.write(`Bygget av servern misslyckades: ${err?.message ?? err}\n`);
    process.exit(1);
  });
}
