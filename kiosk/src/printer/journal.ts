/**
 * The print journal: an append-only JSON-lines file, fsynced after every record, holding the
 * full job record after each change. The last record of a job wins. A line torn by a crash
 * (kill -9 mid-write) cannot parse and is dropped: its write was never acknowledged, so
 * nothing acted on it. On open the file is compacted (write, fsync, rename, fsync the folder).
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrintRequest } from '@xz/shared/print/schemas';
import { createSerialLock } from './transport.ts';

export type JobState = 'pending' | 'sending' | 'printed' | 'cancelled';

export type JobKind = PrintRequest['kind'] | 'raw';

export interface JobRecord {
  readonly id: string;
  readonly ticketId?: string;
  readonly kind: JobKind;
  /** What to print, laid out at send time (so a reprint can carry its mark). */
  readonly request?: PrintRequest;
  /** Ready-made ESC/POS bytes (base64) for kind 'raw'. */
  readonly bytes?: string;
  readonly createdAt: number;
  /** Past this time the job is cancelled, never printed late. */
  readonly expiresAt: number;
  /** How many times bytes were sent. */
  readonly attempts: number;
  readonly state: JobState;
  /** Why a job was cancelled or will be reprinted. */
  readonly reason?: string;
  /** The next send is a reprint (补打/REPRINT): an earlier send was not confirmed. */
  readonly reprint: boolean;
  readonly updatedAt: number;
  readonly printedAt?: number;
}

export interface PrintJournal {
  /** Reads the journal, compacts it and returns the jobs in order of creation. */
  open(): Promise<JobRecord[]>;
  /** Appends a record durably (resolves after fsync). */
  put(record: JobRecord): Promise<void>;
  close(): Promise<void>;
}

export interface PrintJournalOptions {
  readonly dir: string;
  /** Finished jobs kept on compaction (most recent). */
  readonly keepFinished?: number;
}

export const JOURNAL_FILE = 'print-journal.jsonl';

function parseLines(text: string): Map<string, JobRecord> {
  const jobs = new Map<string, JobRecord>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let record: JobRecord;
    try {
      record = JSON.parse(line) as JobRecord;
    } catch {
      continue; // torn by a crash mid-write
    }
    if (typeof record?.id !== 'string' || typeof record.state !== 'string') continue;
    // Map.set keeps a job at its first-seen place: the order of enqueueing.
    jobs.set(record.id, record);
  }
  return jobs;
}

export function createPrintJournal(options: PrintJournalOptions): PrintJournal {
  const file = join(options.dir, JOURNAL_FILE);
  const exclusive = createSerialLock();
  let handle: FileHandle | undefined;

  return {
    open: () =>
      exclusive(async () => {
        await mkdir(options.dir, { recursive: true });
        let text = '';
        try {
          text = await readFile(file, 'utf8');
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        const all = [...parseLines(text).values()]; // stable: enqueue order
        const live = all.filter((j) => j.state === 'pending' || j.state === 'sending');
        const finished = all
          .filter((j) => j.state === 'printed' || j.state === 'cancelled')
          .slice(-(options.keepFinished ?? 500));
        const keep = new Set([...finished, ...live]);
        const kept = all.filter((j) => keep.has(j));
        const tmp = `${file}.tmp`;
        await writeFile(tmp, kept.map((j) => `${JSON.stringify(j)}\n`).join(''));
        const tmpFd = openSync(tmp, 'r+');
        fsyncSync(tmpFd);
        closeSync(tmpFd);
        await rename(tmp, file);
        const dirFd = openSync(options.dir, 'r');
        fsyncSync(dirFd);
        closeSync(dirFd);
        handle = await open(file, 'a');
        return kept;
      }),
    put: (record) =>
      exclusive(async () => {
        if (!handle) throw new Error('print journal is not open');
        await handle.write(`${JSON.stringify(record)}\n`);
        await handle.datasync();
      }),
    close: () =>
      exclusive(async () => {
        await handle?.close();
        handle = undefined;
      }),
  };
}
