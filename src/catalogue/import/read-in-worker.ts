import { Worker } from 'node:worker_threads';
import { FatalFileError, type ImportIssue, type IssueList } from './issues.ts';
import type { StageTable } from './mapping.ts';
import type { FileHeader } from './read-xml.ts';
import type { StageWriter } from './staging.ts';

export interface WorkerData {
  filePath: string;
  batchRows: number;
  issueLimit: number;
}

export type WorkerMessage =
  | { t: 'rows'; text: Partial<Record<StageTable, string>>; counts: Partial<Record<StageTable, number>>; bytes: number }
  | { t: 'end'; header: FileHeader; issues: ImportIssue[]; issueCount: number }
  | { t: 'fatal'; issue: ImportIssue; issues: ImportIssue[]; issueCount: number }
  | { t: 'error'; message: string; stack: string };

/**
 * Reads a catalogue XML file in a worker thread (parse-worker.ts) and stages what it sends: parsing and
 * checking use one core while writing to the database uses another. Issues are merged into `issues`;
 * a fatal problem of the file is thrown as FatalFileError, as the in-thread reader does.
 */
export async function readXmlInWorker(
  filePath: string,
  writer: StageWriter,
  issues: IssueList,
  batchRows = 20_000,
  onBatch?: (bytesRead: number) => Promise<void> | undefined,
): Promise<FileHeader> {
  const data: WorkerData = { filePath, batchRows, issueLimit: issues.limit };
  const worker = new Worker(new URL('./parse-worker.mjs', import.meta.url), { workerData: data });
  // Batches are written in order, one after the other.
  let chain: Promise<void> = Promise.resolve();
  try {
    return await new Promise<FileHeader>((resolve, reject) => {
      const mergeIssues = (items: ImportIssue[], count: number) => {
        for (const i of items) issues.add(i);
        issues.count += count - items.length;
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.t === 'rows') {
          chain = chain
            .then(() => writer.addCopyText(m.text, m.counts))
            .then(() => onBatch?.(m.bytes))
            .then(() => worker.postMessage({ t: 'ack' }));
          chain.catch(reject);
        } else if (m.t === 'end') {
          mergeIssues(m.issues, m.issueCount);
          chain.then(() => resolve(m.header), reject);
        } else if (m.t === 'fatal') {
          mergeIssues(m.issues, m.issueCount);
          chain.then(() => reject(new FatalFileError(m.issue)), reject);
        } else {
          const err = new Error(`parse worker: ${m.message}`);
          err.stack = m.stack;
          reject(err);
        }
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`parse worker stopped with exit code ${code}`));
      });
    });
  } finally {
    await chain.catch(() => {});
    await worker.terminate();
  }
}
