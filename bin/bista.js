#!/usr/bin/env node
// Entry point of the `bista` command. Runs the server bundle that `npm run build` writes to dist/server when
// it was built from the sources as they are now: it starts about a second sooner than the sources loaded
// through tsx. Otherwise (no bundle, a source changed since, or BISTA_FROM_SOURCE=1) it runs the TypeScript
// sources through tsx, as development and the tests do.
import { bundleIsCurrent } from '../src/platform/server/bundle-current.mjs';

const root = new URL('../', import.meta.url);
const bundle = new URL('dist/server/', root);

if (process.env.BISTA_FROM_SOURCE !== '1' && bundleIsCurrent(root, bundle)) {
  await import(new URL('main.js', bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
