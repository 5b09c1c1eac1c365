/**
 * The station's local store: one PouchDB database (LevelDB on disk) holding the station's
 * ticket events and ticket documents. The agent is their single writer. Events are appended
 * together with the ticket documents they change in one bulk write, before any state in memory
 * changes and before anything is printed.
 *
 * Event ids carry a station-wide sequence (`event:{station}:{seq}`); a local (never replicated)
 * checkpoint remembers the first sequence written on each station day, so start-up reads only
 * the recent days.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { stationDbName, ticketEventId } from '@xz/shared/ids';
import type { QueueEvent, TicketView } from '@xz/shared/queue/types';
import { createStationTime } from '@xz/shared/time';
import PouchDB from 'pouchdb';

export interface StoredEvent {
  seq: number;
  event: QueueEvent;
}

export interface EventStore {
  readonly db: PouchDB.Database;
  /** Events written on `day` (station time) and later, oldest first. */
  loadSince(day: string): Promise<StoredEvent[]>;
  /** Appends events and the ticket documents after them; all land or the call fails. */
  append(events: readonly QueueEvent[], tickets: readonly TicketView[]): Promise<void>;
  close(): Promise<void>;
}

const DAYS_DOC = '_local/xz-event-days';
const KEEP_DAYS = 60;
const LOAD_PAGE = 1000;

interface DaysDoc {
  _id: string;
  _rev?: string;
  /** day → first event sequence written that day. */
  days: Record<string, number>;
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

  const latest = await db.allDocs({ startkey: lastKey, endkey: prefix, descending: true, limit: 1 });
  let lastSeq = latest.rows.length > 0 ? Number(latest.rows[0].id.slice(prefix.length)) : 0;
  let days: DaysDoc = await db
    .get(DAYS_DOC)
    .then((d) => d as unknown as DaysDoc)
    .catch(() => ({ _id: DAYS_DOC, days: {} }));

  async function loadSince(day: string): Promise<StoredEvent[]> {
    const starts = Object.entries(days.days)
      .filter(([d]) => d >= day)
      .map(([, seq]) => seq);
    if (starts.length === 0) return [];
    const from = Math.min(...starts);
    // Read in pages: a day is tens of thousands of events, and one huge read costs memory at start.
    const out: StoredEvent[] = [];
    let startkey = ticketEventId({ stationId, seq: from });
    for (;;) {
      const res = await db.allDocs({ startkey, endkey: lastKey, include_docs: true, limit: LOAD_PAGE + 1 });
      const rows = res.rows.slice(0, LOAD_PAGE);
      for (const row of rows) {
        const doc = row.doc as unknown as { seq?: number; event?: QueueEvent } | undefined;
        if (doc && typeof doc.seq === 'number' && doc.event) out.push({ seq: doc.seq, event: doc.event });
      }
      if (res.rows.length <= LOAD_PAGE) break;
      startkey = res.rows[LOAD_PAGE].id;
    }
    const ticketIds = [...new Set(out.map((e) => e.event.data.ticketId))];
    if (ticketIds.length > 0) {
      const docs = await db.allDocs({ keys: ticketIds });
      for (const row of docs.rows) if (row.value?.rev) ticketRevs.set(row.id, row.value.rev);
    }
    return out;
  }

  async function rememberDay(day: string, seq: number): Promise<void> {
    if (days.days[day] !== undefined) return;
    const kept = Object.entries(days.days)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .slice(-KEEP_DAYS);
    const next: DaysDoc = { ...days, days: { ...Object.fromEntries(kept), [day]: seq } };
    const res = await db.put(next as unknown as PouchDB.Doc);
    days = { ...next, _rev: res.rev };
  }

  async function append(events: readonly QueueEvent[], tickets: readonly TicketView[]): Promise<void> {
    if (events.length === 0) return;
    const docs: PouchDB.Doc[] = [];
    let seq = lastSeq;
    for (const event of events) {
      seq += 1;
      docs.push({
        _id: ticketEventId({ stationId, seq }),
        type: 'ticket-event',
        schemaVersion: 1,
        stationId,
        seq,
        at: event.data.at,
        event: event as unknown as Record<string, unknown>,
      });
    }
    for (const t of tickets) {
      const rev = ticketRevs.get(t.id);
      docs.push({
        ...(t as unknown as Record<string, unknown>),
        _id: t.id,
        ...(rev ? { _rev: rev } : {}),
        type: 'ticket',
        schemaVersion: 1,
        stationId,
      });
    }
    // The day checkpoint goes first: a crash after it and before the events only makes a later
    // start read a few more events, never fewer.
    await rememberDay(time.day(events[0].data.at), lastSeq + 1);
    const results = await db.bulkDocs(docs);
    for (const r of results)
      if (r.ok && r.id && r.rev && !r.id.startsWith('event:')) ticketRevs.set(r.id, r.rev);
    lastSeq = seq;
    const failed = results.filter((r) => !r.ok);
    if (failed.length > 0) {
      throw new Error(
        `The local store refused ${failed.length} document(s): ${failed[0].reason ?? failed[0].error}`,
      );
    }
  }

  return { db, loadSince, append, close: () => db.close() };
}
