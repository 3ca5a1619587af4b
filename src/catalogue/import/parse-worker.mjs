// Bootstrap of the parse worker: a worker thread does not inherit the main thread's TypeScript loader,
// so it registers tsx itself and then loads the worker's code.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
