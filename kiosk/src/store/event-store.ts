/**
 * The station's local store: one PouchDB database (LevelDB on disk) holding the station's
 * ticket events and ticket documents. The agent is their single writer. Events are appended
 * together with the ticket documents they change in one bulk write, before any state in memory
 * changes and before anything is printed.
 *
 * Event ids carry a station-wide sequence (`event:{station}:{seq}`). The same database replicates
 * with the hub, so after a restore it also holds the events written before the loss: start-up
 * reads the events from the newest back to the first one older than the day asked for (events
 * are written in time order), whoever wrote them, and the next sequence is one past the highest
 * in the database.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_EVENT_SEQ, parseTicketEventId, stationDbName, ticketEventId } from '@xz/shared/ids';
import type { QueueEvent, TicketView } from '@xz/shared/queue/types';
import { createStationTime } from '@xz/shared/time';
import PouchDB from 'pouchdb';

export interface StoredEvent {
  seq: number;
  event: QueueEvent;
}

export interface EventStore {
  readonly db: PouchDB.Database;
  /** The database held no document when it was opened (a new station, or one that lost its disk). */
  readonly wasEmpty: boolean;
  /** Events of `day` (station time) and later, in sequence order. */
  loadSince(day: string): Promise<StoredEvent[]>;
  /** Appends events and the ticket documents after them; all land or the call fails. */
  append(events: readonly QueueEvent[], tickets: readonly TicketView[]): Promise<void>;
  /** Whether the database holds a ticket document with this id (written here or replicated in). */
  ticketExists(ticketId: string): Promise<boolean>;
  /** The next event sequences start above `seq` (and above the highest in the database). */
  raiseSeqFloor(seq: number): Promise<void>;
  close(): Promise<void>;
}

const LOAD_PAGE = 1000;
/**
 * Ticket revisions are read this many ids at a time: PouchDB opens a LevelDB iterator for every id
 * of an `allDocs({ keys })` at once, and a day's tickets in one query held some 35 MB of native
 * memory after a restart.
 */
const REVS_BATCH = 25;

/**
 * First event sequence after a restore the hub could not refill: from the clock (seconds × 100),
 * above every sequence the station can have written before (fewer than 100 events a second on
 * average since its start or its last such restore).
 */
export function restoreSeqFloor(now: number): number {
  return Math.min(MAX_EVENT_SEQ - 1_000_000_000, Math.floor(now / 1000) * 100);
}

/** Opens (creating if needed) the station database under `dataDir`. */
export async function openEventStore(
  dataDir: string,
  stationId: string,
  timeZone: string,
): Promise<EventStore> {
  const dir = join(dataDir, 'pouch');
  mkdirSync(dir, { recursive: true });
  const db = new PouchDB(join(dir, stationDbName(stationId)));
  const time = createStationTime(timeZone);
  const ticketRevs = new Map<string, string>();
  const prefix = `event:${stationId}:`;
  const lastKey = `${prefix}\uffff`;
  const wasEmpty = (await db.info()).doc_count === 0;

  async function highestSeq(): Promise<number> {
    const latest = await db.allDocs({ startkey: lastKey, endkey: prefix, descending: true, limit: 1 });
    const parsed = latest.rows.length > 0 ? parseTicketEventId(latest.rows[0].id) : null;
    return parsed?.seq ?? 0;
  }
  let lastSeq = await highestSeq();

  async function loadSince(day: string): Promise<StoredEvent[]> {
    const from = time.toEpoch(day, '00:00');
    lastSeq = Math.max(lastSeq, await highestSeq());
    // Newest first, in pages, until the first event older than the day: a day is tens of
    // thousands of events, and one huge read costs memory at start.
    const out: StoredEvent[] = [];
    let startkey = lastKey;
    for (let done = false; !done; ) {
      const res = await db.allDocs({
        startkey,
        endkey: prefix,
        descending: true,
        include_docs: true,
        limit: LOAD_PAGE + 1,
      });
      const rows = res.rows.slice(0, LOAD_PAGE);
      for (const row of rows) {
        const doc = row.doc as unknown as { seq?: number; event?: QueueEvent } | undefined;
        if (!doc || typeof doc.seq !== 'number' || !doc.event) continue;
        if (doc.event.data.at < from) {
          done = true;
          break;
        }
        out.push({ seq: doc.seq, event: doc.event });
      }
      if (res.rows.length <= LOAD_PAGE) break;
      startkey = res.rows[LOAD_PAGE].id;
    }
    out.reverse();
    await readRevs([...new Set(out.map((e) => e.event.data.ticketId))]);
    return out;
  }

  /** Keeps the current revision of each ticket document that exists. */
  async function readRevs(ids: readonly string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += REVS_BATCH) {
      const res = await db.allDocs({ keys: ids.slice(i, i + REVS_BATCH) });
      for (const row of res.rows) if ('value' in row && row.value?.rev) ticketRevs.set(row.id, row.value.rev);
    }
  }

  function ticketDoc(t: TicketView): PouchDB.Doc {
    const rev = ticketRevs.get(t.id);
    return {
      ...(t as unknown as Record<string, unknown>),
      _id: t.id,
      ...(rev ? { _rev: rev } : {}),
      type: 'ticket',
      schemaVersion: 1,
      stationId,
    };
  }

  function eventDoc(event: QueueEvent, seq: number): PouchDB.Doc {
    return {
      _id: ticketEventId({ stationId, seq }),
      type: 'ticket-event',
      schemaVersion: 1,
      stationId,
      seq,
      at: event.data.at,
      event: event as unknown as Record<string, unknown>,
    };
  }

  async function append(events: readonly QueueEvent[], tickets: readonly TicketView[]): Promise<void> {
    if (events.length === 0) return;
    let docs: PouchDB.Doc[] = [
      ...events.map((event, i) => eventDoc(event, lastSeq + 1 + i)),
      ...tickets.map(ticketDoc),
    ];
    lastSeq += events.length;
    // A conflict is a document replication wrote meanwhile (an event id taken, or a ticket
    // document with a newer revision): the event gets the next free sequence, the ticket
    // document the current revision. Then the write is tried again, once.
    for (let attempt = 1; ; attempt++) {
      const results = await db.bulkDocs(docs);
      const retry: PouchDB.Doc[] = [];
      let other: (typeof results)[number] | undefined;
      for (const [i, r] of results.entries()) {
        const doc = docs[i];
        if ('ok' in r && r.ok) {
          if (!doc._id.startsWith('event:') && r.rev) ticketRevs.set(doc._id, r.rev);
          continue;
        }
        if ((r as { status?: number }).status === 409) retry.push(doc);
        else other = r;
      }
      if (other) {
        const e = other as { reason?: string; error?: string | boolean };
        throw new Error(`The local store refused a document: ${e.reason ?? e.error}`);
      }
      if (retry.length === 0) return;
      if (attempt > 1) throw new Error(`The local store refused ${retry.length} document(s) twice: conflict`);
      lastSeq = Math.max(lastSeq, await highestSeq());
      await readRevs(retry.filter((d) => !d._id.startsWith('event:')).map((d) => d._id));
      docs = retry.map((d) => {
        if (!d._id.startsWith('event:')) return { ...d, _rev: ticketRevs.get(d._id) } as PouchDB.Doc;
        lastSeq += 1;
        const { event } = d as unknown as { event: QueueEvent };
        return eventDoc(event, lastSeq);
      });
    }
  }

  async function ticketExists(ticketId: string): Promise<boolean> {
    // One key read; `allDocs({ keys })` would open a LevelDB iterator for it.
    try {
      await db.get(ticketId);
      return true;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return false;
      throw error;
    }
  }

  return {
    db,
    wasEmpty,
    loadSince,
    append,
    ticketExists,
    async raiseSeqFloor(seq) {
      lastSeq = Math.max(lastSeq, seq, await highestSeq());
    },
    close: () => db.close(),
  };
}
