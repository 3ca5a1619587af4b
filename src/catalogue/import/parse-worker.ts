import { parentPort, workerData } from 'node:worker_threads';
import { FatalFileError, IssueList } from './issues.ts';
import type { StageTable } from './mapping.ts';
import { readCatalogueXml, type ReaderSink } from './read-xml.ts';
import { copyLine } from './staging.ts';
import type { WorkerData, WorkerMessage } from './read-in-worker.ts';

/**
 * The XML reader in a worker thread: parses and checks the file and builds the COPY text of the staged rows,
 * while the main thread (and, on PGlite, the database itself) writes the previous batch. At most two batches
 * are in flight; the worker waits for the main thread's acknowledgement before it reads further.
 */
const { filePath, batchRows, issueLimit } = workerData as WorkerData;
const port = parentPort!;
const send = (m: WorkerMessage) => port.postMessage(m);

let text: Partial<Record<StageTable, string>> = {};
let counts: Partial<Record<StageTable, number>> = {};
let buffered = 0;
let bytesRead = 0;
let outstanding = 0;
let acked: (() => void) | null = null;
port.on('message', (m: { t: 'ack' }) => {
  if (m.t === 'ack') {
    outstanding--;
    acked?.();
    acked = null;
  }
});

const issues = new IssueList(issueLimit);
const flush = () => {
  if (buffered === 0) return;
  send({ t: 'rows', text, counts, bytes: bytesRead });
  outstanding++;
  text = {};
  counts = {};
  buffered = 0;
};
const sink: ReaderSink = {
  add(table, values) {
    text[table] = (text[table] ?? '') + copyLine(values);
    counts[table] = (counts[table] ?? 0) + 1;
    buffered++;
  },
  issue: (i) => issues.add(i),
  read: (bytes) => {
    bytesRead = bytes;
  },
  async maybeFlush() {
    if (buffered < batchRows) return;
    flush();
    while (outstanding >= 2) await new Promise<void>((r) => (acked = r));
  },
};

try {
  const header = await readCatalogueXml(filePath, sink);
  flush();
  send({ t: 'end', header, issues: issues.items, issueCount: issues.count });
} catch (e) {
  flush();
  if (e instanceof FatalFileError) send({ t: 'fatal', issue: e.issue, issues: issues.items, issueCount: issues.count });
  else send({ t: 'error', message: (e as Error).message, stack: (e as Error).stack ?? '' });
}
