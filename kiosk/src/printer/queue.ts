/**
 * The print queue: jobs in a journal on disk, sent one at a time to the printer.
 *
 * - A job is written durably before any byte is sent, and marked 'sending' before its bytes go.
 * - After the bytes, the printer is asked for its status (DLE EOT); only an answer of ready or
 *   paper-near-end marks the job printed. Any other answer (or none) leaves it unconfirmed: it
 *   is sent again, marked 补打/REPRINT, once the printer is back, with the same number.
 * - On start, a job found 'sending' was interrupted: it is reprinted once, marked 补打/REPRINT.
 * - A job past its expiry is cancelled with reason 'expired', never printed late.
 * - Paper out, cover open, cutter error or no answer hold the queue (no bytes are sent); it
 *   resumes by itself when the status is ready again.
 * Memory changes only after the journal write succeeded.
 */
import { randomUUID } from 'node:crypto';
import type { PrinterProfile } from '@xz/firmware-config/schemas';
import { REPRINT_MARK } from '@xz/shared/print/layouts';
import { checkPrintRequest, type PrintRequest, type SchemaIssue } from '@xz/shared/print/schemas';
import { encodePrintRequest, feedCommand, INIT, PrintEncodeError, textBytes } from './encoder.ts';
import { createPrintJournal, type JobRecord, type PrintJournal } from './journal.ts';
import {
  canPrint,
  createStatusMonitor,
  type PrinterState,
  queryStatus,
  type StatusMonitor,
  type StatusReport,
} from './status.ts';
import type { PrinterTransport } from './transport.ts';

export const XZ_ERR_PRINT_JOB_INVALID = 'XZ_ERR_PRINT_JOB_INVALID';
export const XZ_ERR_PRINT_QUEUE_STOPPED = 'XZ_ERR_PRINT_QUEUE_STOPPED';

export class PrintQueueError extends Error {
  readonly code:
    | typeof XZ_ERR_PRINT_JOB_INVALID
    | typeof XZ_ERR_PRINT_QUEUE_STOPPED
    | PrintEncodeError['code'];
  readonly issues: readonly SchemaIssue[];
  constructor(code: PrintQueueError['code'], message: string, issues: readonly SchemaIssue[] = []) {
    super(message);
    this.name = 'PrintQueueError';
    this.code = code;
    this.issues = issues;
  }
}

export type { JobRecord, JobState } from './journal.ts';

/** A job to enqueue: a print request (laid out by the queue) or ready-made bytes. */
export type JobInput = {
  /** Idempotency: enqueueing an id again returns the existing job and prints nothing more. */
  readonly id?: string;
  readonly ticketId?: string;
  /** Absolute expiry (ms, by `now`); default now + jobTtlMs. */
  readonly expiresAt?: number;
} & ({ readonly request: PrintRequest } | { readonly bytes: Uint8Array });

export interface QueueState {
  /** Last known printer state; 'offline' until the first answer. */
  readonly printer: PrinterState;
  /** True while jobs wait because the printer cannot print. */
  readonly held: boolean;
  /** Jobs waiting (pending or unconfirmed). */
  readonly waiting: number;
  /** Id of the job whose bytes are being sent. */
  readonly sending?: string;
}

export interface PrintQueueOptions {
  /** Folder of the journal. */
  readonly dir: string;
  readonly transport: PrinterTransport;
  readonly profile: PrinterProfile;
  readonly now?: () => number;
  /** Status poll interval (ms); also how old a status may be before a job is sent. */
  readonly pollMs?: number;
  /** Wait for a status answer (ms). */
  readonly statusTimeoutMs?: number;
  /** Default lifetime of a job (ms). */
  readonly jobTtlMs?: number;
  /** Sends of one job before it is cancelled ('attempts-exhausted'). */
  readonly maxAttempts?: number;
  /** Every change of the queue state (printer state, held, waiting). */
  readonly onState?: (state: QueueState) => void;
  /** Every durable change of a job. */
  readonly onJob?: (job: JobRecord) => void;
  /** Called when a background step fails unexpectedly (journal I/O). */
  readonly onError?: (error: Error) => void;
}

export interface PrintQueue {
  /** Validates, writes the job durably, then resolves with its record. */
  enqueue(job: JobInput): Promise<JobRecord>;
  /** Opens the journal, recovers interrupted and expired jobs, starts polling and printing. */
  start(): Promise<void>;
  /** Stops polling and printing after the job in hand; closes the journal (not the transport). */
  stop(): Promise<void>;
  state(): QueueState;
  /** All known jobs, in enqueue order. */
  jobs(): JobRecord[];
}

/**
 * The bytes in memory of their own: a small Buffer is usually a slice of an 8 KB pool that stays
 * allocated as long as any slice of it lives, so a queue of waiting jobs would hold 8 KB each.
 */
function ownCopy(bytes: Buffer): Buffer {
  const own = Buffer.allocUnsafeSlow(bytes.length);
  bytes.copy(own);
  return own;
}

export function createPrintQueue(options: PrintQueueOptions): PrintQueue {
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 2000;
  const statusTimeoutMs = options.statusTimeoutMs ?? 1000;
  const jobTtlMs = options.jobTtlMs ?? 10 * 60_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const journal: PrintJournal = createPrintJournal({ dir: options.dir });
  const jobs = new Map<string, JobRecord>();
  /** The jobs still to print (pending or sending), in the order they were enqueued. */
  const live = new Map<string, JobRecord>();
  const remember = (job: JobRecord) => {
    jobs.set(job.id, job);
    if (job.state === 'pending' || job.state === 'sending') live.set(job.id, job);
    else live.delete(job.id);
  };
  /** Bytes of first sends, encoded at enqueue (a reprint is encoded when sent). */
  const encoded = new Map<string, Buffer>();
  let running = false;
  let pumping: Promise<void> | undefined;
  let again = false;
  let sending: string | undefined;
  let held = false;
  let lastEmitted = '';
  let sweep: NodeJS.Timeout | undefined;

  const report = (error: unknown) =>
    options.onError?.(error instanceof Error ? error : new Error(String(error)));

  const monitor: StatusMonitor = createStatusMonitor({
    transport: options.transport,
    pollMs,
    timeoutMs: statusTimeoutMs,
    now,
    onChange: (next) => {
      emitState();
      if (canPrint(next.state)) wake();
    },
  });

  const state = (): QueueState => ({
    printer: monitor.current()?.state ?? 'offline',
    held,
    waiting: live.size,
    ...(sending ? { sending } : {}),
  });

  function emitState() {
    const s = state();
    const key = JSON.stringify(s);
    if (key === lastEmitted) return;
    lastEmitted = key;
    options.onState?.(s);
  }

  const update = async (job: JobRecord, change: Partial<JobRecord>): Promise<JobRecord> => {
    const next: JobRecord = { ...job, ...change, updatedAt: now() };
    await journal.put(next);
    remember(next);
    options.onJob?.(next);
    return next;
  };

  const reprintHeader = () =>
    Buffer.concat([
      INIT,
      Buffer.of(0x1b, 0x61, 0x01, 0x1d, 0x42, 0x01),
      textBytes(` ${REPRINT_MARK} `),
      Buffer.of(0x0a, 0x1d, 0x42, 0x00, 0x1b, 0x61, 0x00),
      feedCommand(1),
    ]);

  const render = (job: JobRecord): Buffer => {
    if (job.request) {
      if (!job.reprint) {
        const cached = encoded.get(job.id);
        if (cached) return cached;
      }
      return encodePrintRequest(job.request, options.profile, { reprint: job.reprint });
    }
    const bytes = Buffer.from(job.bytes ?? '', 'base64');
    return job.reprint ? Buffer.concat([reprintHeader(), bytes]) : bytes;
  };

  const freshStatus = async (): Promise<StatusReport> => {
    const current = monitor.current();
    const at = monitor.checkedAt();
    if (current && at !== undefined && now() - at < pollMs) return current;
    return monitor.refresh();
  };

  const sendOne = async (job: JobRecord): Promise<'sent' | 'hold' | 'skipped'> => {
    if (now() >= job.expiresAt) {
      await update(job, { state: 'cancelled', reason: 'expired' });
      encoded.delete(job.id);
      return 'skipped';
    }
    if (job.attempts >= maxAttempts) {
      await update(job, { state: 'cancelled', reason: 'attempts-exhausted' });
      encoded.delete(job.id);
      return 'skipped';
    }
    const status = await freshStatus();
    if (!canPrint(status.state)) return 'hold';
    return transmit(await update(job, { state: 'sending', attempts: job.attempts + 1 }));
  };

  /** Sends a job whose 'sending' record is on disk, then asks the printer whether it printed. */
  const transmit = async (marked: JobRecord): Promise<'sent' | 'hold'> => {
    let current = marked;
    const bytes = render(current);
    sending = current.id;
    emitState();
    let after: StatusReport;
    try {
      await options.transport.write(bytes);
      after = await queryStatus(options.transport, statusTimeoutMs);
    } catch {
      after = { state: 'offline', raw: [] };
    } finally {
      sending = undefined;
    }
    monitor.record(after);
    if (canPrint(after.state)) {
      current = await update(current, { state: 'printed', printedAt: now(), reason: undefined });
      encoded.delete(current.id);
      emitState();
      return 'sent';
    }
    // Not confirmed: the slip may be half printed. Send it again, marked as a reprint.
    await update(current, { state: 'pending', reprint: true, reason: `unconfirmed:${after.state}` });
    return 'hold';
  };

  /** Nothing is waiting or being sent, and the printer said it is ready within the last poll. */
  const idleAndReady = (): boolean => {
    const status = monitor.current();
    const at = monitor.checkedAt();
    return (
      running &&
      pumping === undefined &&
      live.size === 0 &&
      status !== undefined &&
      at !== undefined &&
      now() - at < pollMs &&
      canPrint(status.state)
    );
  };

  /**
   * A job for an idle queue and a ready printer is written as 'sending' at once: one durable write,
   * not two, between the ticket and its first byte. It counts as sent from then on (after a crash
   * it is printed again marked 补打/REPRINT, as any job caught sending).
   */
  const sendAtOnce = (record: JobRecord, bytes: Buffer): Promise<JobRecord> => {
    const marked: JobRecord = { ...record, state: 'sending', attempts: 1 };
    const written = journal.put(marked).then(() => {
      remember(marked);
      encoded.set(marked.id, ownCopy(bytes));
      options.onJob?.(marked);
    });
    pumping = (async () => {
      try {
        await written;
      } catch {
        return; // the caller hears of it; nothing was sent
      }
      held = (await transmit(marked)) === 'hold';
      if (!held) await pump();
      else emitState();
    })()
      .catch(report)
      .finally(() => {
        pumping = undefined;
        if (again && running) wake();
      });
    return written.then(() => marked);
  };

  const cancelExpired = async () => {
    for (const job of [...live.values()]) {
      if (job.state === 'pending' && now() >= job.expiresAt) {
        await update(job, { state: 'cancelled', reason: 'expired' });
        encoded.delete(job.id);
      }
    }
  };

  const pump = async () => {
    for (;;) {
      if (!running) return;
      again = false;
      await cancelExpired();
      let next: JobRecord | undefined;
      for (const j of live.values()) {
        if (j.state === 'pending') {
          next = j;
          break;
        }
      }
      if (!next) {
        held = false;
        break;
      }
      const outcome = await sendOne(next);
      if (outcome === 'hold') {
        held = true;
        break;
      }
      held = false;
    }
    emitState();
  };

  function wake() {
    if (!running) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = pump()
      .catch(report)
      .finally(() => {
        pumping = undefined;
        if (again && running) wake();
      });
  }

  return {
    async enqueue(input) {
      if (!running) throw new PrintQueueError(XZ_ERR_PRINT_QUEUE_STOPPED, 'print queue is not running');
      if (input.id !== undefined) {
        if (typeof input.id !== 'string' || !/^[A-Za-z0-9_.:-]{1,80}$/.test(input.id)) {
          throw new PrintQueueError(XZ_ERR_PRINT_JOB_INVALID, 'invalid job id', [
            { path: '/id', message: 'expected 1-80 characters A-Z a-z 0-9 _ . : -' },
          ]);
        }
        const existing = jobs.get(input.id);
        if (existing) return existing;
      }
      const id = input.id ?? randomUUID();
      const createdAt = now();
      const expiresAt = input.expiresAt ?? createdAt + jobTtlMs;
      if (!Number.isFinite(expiresAt)) {
        throw new PrintQueueError(XZ_ERR_PRINT_JOB_INVALID, 'invalid expiry', [
          { path: '/expiresAt', message: 'expected a finite number' },
        ]);
      }
      let record: JobRecord;
      let bytes: Buffer;
      if ('request' in input) {
        const issues = checkPrintRequest(input.request);
        if (issues.length > 0) {
          throw new PrintQueueError(
            XZ_ERR_PRINT_JOB_INVALID,
            `invalid print request: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
            issues.map((i) => ({ ...i, path: `/request${i.path}` })),
          );
        }
        try {
          bytes = encodePrintRequest(input.request, options.profile);
        } catch (error) {
          if (error instanceof PrintEncodeError) throw new PrintQueueError(error.code, error.message);
          throw error;
        }
        record = {
          id,
          ...(input.ticketId ? { ticketId: input.ticketId } : {}),
          kind: input.request.kind,
          request: input.request,
          createdAt,
          expiresAt,
          attempts: 0,
          state: 'pending',
          reprint: false,
          updatedAt: createdAt,
        };
      } else {
        if (!(input.bytes instanceof Uint8Array) || input.bytes.length === 0) {
          throw new PrintQueueError(XZ_ERR_PRINT_JOB_INVALID, 'bytes must be a non-empty Uint8Array', [
            { path: '/bytes', message: 'expected non-empty bytes' },
          ]);
        }
        bytes = Buffer.from(input.bytes);
        if (bytes.length > options.profile.maxJobBytes) {
          throw new PrintQueueError(
            'XZ_ERR_PRINT_JOB_TOO_LARGE',
            `job is ${bytes.length} bytes, profile ${options.profile.id} takes at most ${options.profile.maxJobBytes}`,
          );
        }
        record = {
          id,
          ...(input.ticketId ? { ticketId: input.ticketId } : {}),
          kind: 'raw',
          bytes: bytes.toString('base64'),
          createdAt,
          expiresAt,
          attempts: 0,
          state: 'pending',
          reprint: false,
          updatedAt: createdAt,
        };
      }
      if (idleAndReady()) return sendAtOnce(record, bytes);
      await journal.put(record);
      remember(record);
      encoded.set(id, ownCopy(bytes));
      options.onJob?.(record);
      emitState();
      wake();
      return record;
    },

    async start() {
      if (running) return;
      const loaded = await journal.open();
      jobs.clear();
      live.clear();
      for (const job of loaded) remember(job);
      running = true;
      for (const job of loaded) {
        if (job.state === 'sending') {
          await update(job, { state: 'pending', reprint: true, reason: 'interrupted' });
        }
      }
      await cancelExpired();
      monitor.start();
      // While held, look again every poll: expired jobs are cancelled without waiting for paper.
      sweep = setInterval(() => {
        if (held) wake();
      }, pollMs);
      sweep.unref();
      wake();
    },

    async stop() {
      if (!running) return;
      running = false;
      if (sweep) clearInterval(sweep);
      await monitor.stop();
      await pumping;
      await journal.close();
    },

    state,
    jobs: () => [...jobs.values()],
  };
}
