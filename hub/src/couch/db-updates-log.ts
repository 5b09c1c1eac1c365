/**
 * An in-memory `_db_updates` log for the embedded server: which database changed, in order.
 *
 * Sequences are `{boot}-{n}`: a sequence from an earlier process, or older than the kept window,
 * cannot be answered (`since` returns null) and the reader must resynchronise (scan every database
 * from its own checkpoint), as after any feed error. Consecutive updates of one database are
 * collapsed, so the window holds recent *distinct* updates.
 */
import { randomBytes } from 'node:crypto';

export type DbUpdateType = 'created' | 'updated' | 'deleted';

export interface DbUpdate {
  db_name: string;
  type: DbUpdateType;
  seq: string;
}

export interface DbUpdatesRead {
  results: DbUpdate[];
  last_seq: string;
}

interface Waiter {
  since: string;
  timer: NodeJS.Timeout;
  deliver: (read: DbUpdatesRead) => void;
}

export class DbUpdatesLog {
  private readonly boot = randomBytes(4).toString('hex');
  private readonly entries: Array<{ n: number; update: DbUpdate }> = [];
  private n = 0;
  /** Sequence number of the newest entry dropped from the window (0: none dropped). */
  private droppedUpTo = 0;
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly capacity = 20_000) {}

  /** The current sequence (what `since=now` means). */
  get lastSeq(): string {
    return `${this.boot}-${this.n}`;
  }

  record(dbName: string, type: DbUpdateType): void {
    const last = this.entries.at(-1);
    if (
      last !== undefined &&
      last.update.db_name === dbName &&
      last.update.type === type &&
      type === 'updated'
    ) {
      // Same database updated again: move its sequence forward instead of growing the log.
      this.n += 1;
      last.n = this.n;
      last.update.seq = this.lastSeq;
    } else {
      this.n += 1;
      this.entries.push({ n: this.n, update: { db_name: dbName, type, seq: this.lastSeq } });
      if (this.entries.length > this.capacity) {
        const dropped = this.entries.splice(0, this.entries.length - this.capacity);
        this.droppedUpTo = dropped.at(-1)?.n ?? this.droppedUpTo;
      }
    }
    for (const waiter of [...this.waiters]) {
      const read = this.since(waiter.since);
      if (read !== null && read.results.length > 0) {
        this.release(waiter);
        waiter.deliver(read);
      }
    }
  }

  /** Updates after `since` (`now`, `0` or a sequence from this log); null when it cannot be answered. */
  since(since: string): DbUpdatesRead | null {
    let from: number;
    if (since === 'now') from = this.n;
    else if (since === '0') from = 0;
    else {
      const m = /^([0-9a-f]+)-(\d+)$/.exec(since);
      if (m === null || m[1] !== this.boot) return null;
      from = Number(m[2]);
      if (from > this.n) return null;
    }
    if (from < this.droppedUpTo) return null;
    const results = this.entries.filter((e) => e.n > from).map((e) => ({ ...e.update }));
    return {
      results,
      last_seq: results.at(-1)?.seq ?? (since === 'now' ? this.lastSeq : `${this.boot}-${from}`),
    };
  }

  /** Calls `deliver` once with the first updates after `since`, or with none after `timeoutMs`; returns a cancel function. */
  wait(since: string, timeoutMs: number, deliver: (read: DbUpdatesRead) => void): () => void {
    const waiter: Waiter = {
      since,
      deliver,
      timer: setTimeout(() => {
        this.release(waiter);
        deliver(this.since(since) ?? { results: [], last_seq: this.lastSeq });
      }, timeoutMs),
    };
    this.waiters.add(waiter);
    return () => this.release(waiter);
  }

  /** Ends every pending wait with an empty answer. */
  close(): void {
    for (const waiter of [...this.waiters]) {
      this.release(waiter);
      waiter.deliver({ results: [], last_seq: waiter.since });
    }
  }

  private release(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
  }
}
