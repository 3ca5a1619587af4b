// The server bundle's entry point: build-server.mjs copies this file to dist/server/main.js, with the build's id
// in place of __BISTA_BUILD__. It runs the bundle (server.cjs beside it, one CommonJS file) through V8's code
// cache: the first start after a build compiles the bundle as usual and, once the server is up (the CLI emits
// STARTED), saves the compiled code of everything that ran so far beside the bundle; later starts load it from
// there instead of parsing and compiling four megabytes of JavaScript again. A cache V8 does not accept (another
// Node.js version or V8 flags) is simply made again; one that cannot be written (a read-only folder) is skipped.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

/** The process event the CLI emits when the server answers (src/cli/main.ts). */
const STARTED = 'bista:started';
/**
 * Unique to each build: V8 checks a cache against the length of the source only, so a cache must never be read
 * with another build's bundle (a process still running an old build may write its cache after a new build).
 */
const BUILD = '__BISTA_BUILD__';

const file = fileURLToPath(new URL('server.cjs', import.meta.url));
const dir = path.dirname(file);
const cacheFile = path.join(dir, `server-${BUILD}-${process.version}-${process.arch}.v8cache`);

let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  /* not made yet */
}
// The wrapper Node.js gives a CommonJS module; strict as the ES modules it was made from (esbuild writes its
// "use strict" after the bundle's first line).
// (The bundle is ASCII: see build-server.mjs.)
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {"use strict";${fs.readFileSync(file, 'latin1')}\n})`, {
  filename: file,
  cachedData,
});
if (!cachedData || script.cachedDataRejected) {
  process.once(STARTED, () =>
    setImmediate(() => {
      const tmp = `${cacheFile}.${process.pid}`;
      try {
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        fs.rmSync(tmp, { force: true });
      }
    }),
  );
}
const module = { exports: {}, id: file, filename: file };
script.runInThisContext()(module.exports, createRequire(file), module, file, dir);
