// Makes the embedded database's migrated template (src/platform/db/pglite-template.ts) unless it is there:
// `npm run build` runs it, so that the first start on an empty data directory loads it instead of creating
// and migrating a database.
import { ensureTemplate } from '../src/platform/db/pglite-template.ts';

const t0 = performance.now();
const file = await ensureTemplate();
console.log(`Databasmall: ${file} (${Math.round(performance.now() - t0)} ms)`);
