/**
 * Reports on the hub: per-station-per-day figures kept up to date from what stations replicate
 * and from the hub's own cases, in the hub-only database `xz-hub-reports`.
 *
 * Documents:
 * - `facts:{stationId}:{day}:t:{serviceId}:{block}`: the facts of up to 50 tickets (by number,
 *   block = (seq − 1) / 50) of one service issued that day, and of their ratings with the
 *   follow-up case of a bad one.
 * - `facts:{stationId}:{day}:r`: the facts of the requests taken that day, with their cases.
 * - `day:{day}:{stationId}`: the figures of the station day, made from that day's facts
 *   documents, packed (`@xz/shared/reports/packed`: `names` and `figures`, base64 bytes; a
 *   station day is 2–4 KB). Reports read only these (one small document per station and day).
 *   A document written before the packed form (`services`, `requests`) is read as well.
 * - `board-settings`: the thresholds of the red / yellow / blue board.
 * - `checkpoint:cases`: where the case follower is in `xz-hub-cases`.
 *
 * Why this shape (at-least-once delivery, cheap):
 * - Facts are a join-semilattice (see `@xz/shared/reports/facts`): merging an event, rating or
 *   case again, or in another order, changes nothing. So nothing needs to remember which events
 *   were counted, a repeated delivery ends in "unchanged, not written", and two hub processes
 *   writing the same document resolve a 409 by reading again and merging again.
 * - A day is rebuilt from its own facts documents (a few, small), never from the station's whole
 *   day of events, and the blocks keep each rewrite to the tickets that just moved (a block is a
 *   few kilobytes however busy the day).
 * - The follower's checkpoint waits for the write: `ingestStationDoc` resolves once the facts and
 *   the day are stored, so a crash before that reads the documents again.
 * Case changes (voided ratings, deadlines met) come from the case documents through their own
 * changes feed, so a change made by any hub process, or by a citizen, reaches the figures.
 * Deadlines are instants computed with the calendar of the moment the case last changed.
 *
 * Reading: the station days are kept packed in memory (about 3 KB each), checked against the
 * stored revisions at every report. They are saved in the hub's data folder at stop
 * (`report-days.bin`, a copy only: nothing in it counts unless its revision is the stored one)
 * and taken back at the next start, so the first report after a start does not read a month of
 * days from the store.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import type { WorkingCalendar } from '@xz/shared/calendar/calendar';
import type { CaseEvent, CaseState } from '@xz/shared/cases/case';
import { CASE_TIME_ZONE } from '@xz/shared/cases/deadlines';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { HubDb, parseRatingId, parseRequestId, parseTicketEventId, parseTicketId } from '@xz/shared/ids';
import type { QueueEvent } from '@xz/shared/queue/types';
import { aggregateDay, type DayAggregate } from '@xz/shared/reports/aggregate';
import {
  caseFactsOf,
  factsOfEvent,
  mergeRatingFacts,
  mergeRequestFacts,
  mergeTicketFacts,
  type RatingFacts,
  type RequestFacts,
  ratingFactsOf,
  requestFactsOf,
  type TicketFacts,
} from '@xz/shared/reports/facts';
import { PackedDay, type PackedFigures, packDay, unpackDay } from '@xz/shared/reports/packed';
import { createStationTime } from '@xz/shared/time';
import { type CouchClient, statusOf } from '../couch/client.ts';
import { type BoardSettings, DEFAULT_BOARD_SETTINGS, parseBoardSettings } from './board.ts';

/** Tickets per facts block. */
export const BLOCK_SIZE = 50;
const PAGE = 500;

interface FactsDoc {
  _id: string;
  _rev?: string;
  type: 'report-facts';
  stationId: string;
  day: string;
  serviceId?: string;
  /** Ticket number (seq, 3 digits) → facts. */
  tickets?: Record<string, TicketFacts>;
  /** Ticket number → its rating's facts. */
  ratings?: Record<string, Partial<RatingFacts>>;
  /** Request id → facts. */
  requests?: Record<string, RequestFacts>;
}

/** A station day's figures as stored. */
export interface DayDoc {
  _id: string;
  _rev?: string;
  type: 'report-day';
  stationId: string;
  day: string;
  updatedAt: number;
  /** Generated history for the demo (`npm start`), not from a station. */
  demo?: true;
  /** The packed figures: the names they refer to and the bytes as base64. */
  names?: string[];
  figures?: string;
  /** Figures of a document written before the packed form. */
  services?: DayAggregate['services'];
  requests?: DayAggregate['requests'];
}

/** A station day's figures as reports read them (packed, with the revision they were read at). */
export class StoredDay extends PackedDay {
  constructor(
    stationId: string,
    day: string,
    figures: PackedFigures,
    /** The stored revision these figures are. */
    readonly rev: string,
    /** Generated demo history. */
    readonly demo: boolean,
    readonly updatedAt: number,
  ) {
    super(stationId, day, figures);
  }

  static of(doc: DayDoc, rev: string): StoredDay {
    return new StoredDay(doc.stationId, doc.day, figuresOfDoc(doc), rev, doc.demo === true, doc.updatedAt);
  }
}

/** The packed figures of a stored day (packing a document written before the packed form). */
function figuresOfDoc(doc: DayDoc) {
  if (doc.figures !== undefined && doc.names !== undefined)
    return { names: doc.names, bytes: new Uint8Array(Buffer.from(doc.figures, 'base64')) };
  return packDay({ services: doc.services ?? {}, requests: doc.requests ?? {} });
}

/** The figures of a stored day as an aggregate (objects). */
export function aggregateOfDoc(doc: DayDoc): DayAggregate {
  return unpackDay(doc.stationId, doc.day, figuresOfDoc(doc));
}

/** The stored fields of a station day's figures. */
function dayFields(day: Pick<DayAggregate, 'stationId' | 'day' | 'services' | 'requests'>) {
  const packed = packDay(day);
  return {
    stationId: day.stationId,
    day: day.day,
    names: packed.names,
    figures: Buffer.from(packed.bytes).toString('base64'),
  };
}

interface BoardSettingsDoc extends BoardSettings {
  _id: string;
  _rev?: string;
  type: 'board-settings';
  updatedAt: number;
  updatedBy: string;
}

interface CheckpointDoc {
  _id: string;
  _rev?: string;
  type: 'report-checkpoint';
  since: string | number;
}

type ReportDoc = FactsDoc | DayDoc | BoardSettingsDoc | CheckpointDoc;

/** The case document as the case service stores it. */
interface CaseDocLike {
  _id: string;
  type?: unknown;
  events?: CaseEvent[];
  state?: CaseState;
  updatedAt?: number;
}

export const dayDocId = (day: string, stationId: string) => `day:${day}:${stationId}`;
const ticketBlockId = (stationId: string, day: string, serviceId: string, seq: number) =>
  `facts:${stationId}:${day}:t:${serviceId}:${String(Math.floor((seq - 1) / BLOCK_SIZE)).padStart(2, '0')}`;
const requestBlockId = (stationId: string, day: string) => `facts:${stationId}:${day}:r`;
const CASES_CHECKPOINT = 'checkpoint:cases';
const BOARD_SETTINGS = 'board-settings';

export interface DayQuery {
  from: string;
  to: string;
  stationId?: string;
}

export interface ReportService {
  /** Folds one replicated station document into its day's facts and figures (idempotent). */
  ingestStationDoc(stationId: string, doc: Record<string, unknown>): Promise<void>;
  /** Folds a case document (from `xz-hub-cases`) into its day's facts and figures (idempotent). */
  ingestCase(doc: Record<string, unknown>): Promise<void>;
  /** Follows `xz-hub-cases` from the checkpoint. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves once no write is pending. */
  idle(): Promise<void>;
  /**
   * The day figures of a period, by day then station (one station: by day). Figures read before
   * are kept in memory while their revision is the stored one; a read while the start's warm-up
   * is loading waits for it rather than reading the same documents again.
   */
  days(query: DayQuery): AsyncGenerator<StoredDay>;
  /**
   * Loads the latest station days into memory (the saved copy, then newest first from the store,
   * up to `cacheDays`), once; `start` begins it without waiting. Resolves when done (a failure
   * leaves the days to be read on demand).
   */
  warmUp(): Promise<void>;
  /** How many station days have figures in the period (ids only). */
  countDays(query: DayQuery): Promise<number>;
  /** Stores generated figures of a station day (demo history, benchmarks). */
  putDay(day: DayAggregate, options?: { demo?: boolean }): Promise<void>;
  boardSettings(): Promise<BoardSettings & { updatedAt?: number; updatedBy?: string }>;
  saveBoardSettings(input: unknown, by: string): Promise<BoardSettings>;
  /** The hub's time (what late is judged against). */
  now(): number;
}

export interface ReportServiceOptions {
  couch: CouchClient;
  calendar: () => WorkingCalendar;
  now?: () => number;
  /**
   * Station days kept in memory, packed (about 3 KB each; default 32,000: a month of 1,000
   * stations).
   */
  cacheDays?: number;
  /** Load the latest days into memory at start (default true). */
  warmUp?: boolean;
  /**
   * Where the days kept in memory are saved at stop (and after the warm-up, and every 15 minutes
   * when they changed), to be taken back at the next start; none: nothing saved.
   */
  savedDaysFile?: string;
}

/** A change to one facts document: merged into what is stored. */
type FactsPatch = Pick<FactsDoc, 'tickets' | 'ratings' | 'requests'> & {
  stationId: string;
  day: string;
  serviceId?: string;
};

function mergeRecord<T>(
  into: Record<string, T> | undefined,
  add: Record<string, T> | undefined,
  merge: (a: T, b: T) => T,
): Record<string, T> | undefined {
  if (add === undefined) return into;
  const out: Record<string, T> = { ...(into ?? {}) };
  for (const [key, value] of Object.entries(add))
    out[key] = out[key] === undefined ? value : merge(out[key], value);
  return out;
}

function mergePatch(a: FactsPatch, b: FactsPatch): FactsPatch {
  return {
    ...a,
    tickets: mergeRecord(a.tickets, b.tickets, mergeTicketFacts),
    ratings: mergeRecord(a.ratings, b.ratings, mergeRatingFacts),
    requests: mergeRecord(a.requests, b.requests, mergeRequestFacts),
  };
}

const seq3 = (seq: number) => String(seq).padStart(3, '0');

export function createReportService(options: ReportServiceOptions): ReportService {
  const { couch } = options;
  const now = options.now ?? Date.now;
  const db = couch.db<ReportDoc>(HubDb.Reports);
  const cases = HubDb.Cases;
  const time = createStationTime(CASE_TIME_ZONE);
  const hourOf = (at: number) => Math.floor(time.clock(at).secondOfDay / 3600);

  // ── keyed locks: one writer per document in this process ────────────────────────────────
  const locks = new Map<string, Promise<unknown>>();
  function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = locks.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    locks.set(key, tail);
    void tail.then(() => {
      if (locks.get(key) === tail) locks.delete(key);
    });
    return run;
  }

  async function getOptional<T extends ReportDoc>(id: string): Promise<T | undefined> {
    try {
      return (await db.get(id)) as unknown as T;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw error;
    }
  }

  /** Writes `next(current)` unless unchanged; after a concurrent write, reads and merges again. */
  async function upsert<T extends ReportDoc>(
    id: string,
    next: (current: T | undefined) => T,
    written?: (doc: T, rev: string) => void,
  ): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const current = await getOptional<T>(id);
      const { _rev, ...before } = current ?? ({} as T);
      const doc = next(current);
      const { _rev: _ignored, ...after } = doc;
      if (current !== undefined && JSON.stringify(before) === JSON.stringify(after)) return false;
      try {
        const res = await db.insert({ ...doc, ...(_rev ? { _rev } : {}) } as ReportDoc);
        written?.(doc, res.rev);
        return true;
      } catch (error) {
        if (statusOf(error) !== 409 || attempt >= 8) throw error;
      }
    }
  }

  // ── batching: patches of one tick are written together ──────────────────────────────────
  let pending = new Map<string, FactsPatch>();
  let waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  let scheduled = false;
  const inFlight = new Set<Promise<void>>();

  function enqueue(id: string, patch: FactsPatch): Promise<void> {
    const current = pending.get(id);
    pending.set(id, current === undefined ? patch : mergePatch(current, patch));
    const done = new Promise<void>((resolve, reject) => waiters.push({ resolve, reject }));
    if (!scheduled) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        const batch = pending;
        const batchWaiters = waiters;
        pending = new Map();
        waiters = [];
        const run = flush(batch).then(
          () => {
            for (const w of batchWaiters) w.resolve();
          },
          (error: unknown) => {
            for (const w of batchWaiters) w.reject(error);
          },
        );
        inFlight.add(run);
        void run.finally(() => inFlight.delete(run));
      });
    }
    return done;
  }

  async function flush(batch: Map<string, FactsPatch>): Promise<void> {
    const changedDays = new Map<string, { stationId: string; day: string }>();
    await Promise.all(
      [...batch.entries()].map(([id, patch]) =>
        withLock(id, async () => {
          const changed = await upsert<FactsDoc>(id, (current) => {
            const base: FactsDoc = current ?? {
              _id: id,
              type: 'report-facts',
              stationId: patch.stationId,
              day: patch.day,
              ...(patch.serviceId !== undefined ? { serviceId: patch.serviceId } : {}),
            };
            const merged = mergePatch({ ...base }, patch);
            const doc: FactsDoc = { ...base };
            if (merged.tickets) doc.tickets = merged.tickets;
            if (merged.ratings) doc.ratings = merged.ratings;
            if (merged.requests) doc.requests = merged.requests;
            return doc;
          });
          const dayId = dayDocId(patch.day, patch.stationId);
          if (changed || !(await getOptional(dayId))) {
            changedDays.set(dayId, { stationId: patch.stationId, day: patch.day });
          }
        }),
      ),
    );
    await Promise.all([...changedDays.entries()].map(([id, d]) => withLock(id, () => rebuildDay(d))));
  }

  /** The figures of a station day from its facts documents. */
  async function rebuildDay({ stationId, day }: { stationId: string; day: string }): Promise<void> {
    const prefix = `facts:${stationId}:${day}:`;
    const res = await db.list({ include_docs: true, startkey: prefix, endkey: `${prefix}\ufff0` });
    const tickets: Array<{ serviceId: string; facts: TicketFacts }> = [];
    const ratings: Partial<RatingFacts>[] = [];
    const requests: RequestFacts[] = [];
    for (const row of res.rows) {
      const doc = row.doc as FactsDoc | undefined;
      if (doc?.type !== 'report-facts') continue;
      if (doc.serviceId !== undefined) {
        for (const facts of Object.values(doc.tickets ?? {}))
          tickets.push({ serviceId: doc.serviceId, facts });
      }
      ratings.push(...Object.values(doc.ratings ?? {}));
      requests.push(...Object.values(doc.requests ?? {}));
    }
    const fields = dayFields(aggregateDay({ stationId, day, hourOf, tickets, ratings, requests }));
    await upsert<DayDoc>(
      dayDocId(day, stationId),
      (current) => ({
        _id: dayDocId(day, stationId),
        type: 'report-day',
        ...fields,
        // Unchanged figures keep their time (and are not written again).
        updatedAt:
          current !== undefined &&
          current.figures === fields.figures &&
          sameNames(current.names, fields.names)
            ? current.updatedAt
            : now(),
      }),
      rememberWritten,
    );
  }

  const sameNames = (a: readonly string[] | undefined, b: readonly string[]) =>
    a !== undefined && a.length === b.length && a.every((name, i) => name === b[i]);

  // ── station documents ───────────────────────────────────────────────────────────────────
  function ticketPatch(
    stationId: string,
    ticketId: string,
    tickets?: TicketFacts,
    rating?: Partial<RatingFacts>,
  ) {
    const t = parseTicketId(ticketId);
    if (t === null || t.stationId !== stationId) return undefined;
    const key = seq3(t.seq);
    return {
      id: ticketBlockId(stationId, t.day, t.serviceId, t.seq),
      patch: {
        stationId,
        day: t.day,
        serviceId: t.serviceId,
        ...(tickets ? { tickets: { [key]: tickets } } : {}),
        ...(rating ? { ratings: { [key]: rating } } : {}),
      } satisfies FactsPatch,
    };
  }

  async function ingestStationDoc(stationId: string, doc: Record<string, unknown>): Promise<void> {
    if (doc._deleted === true || typeof doc._id !== 'string') return;
    if (doc.type === 'ticket-event') {
      const parsed = parseTicketEventId(doc._id);
      const event = doc.event as QueueEvent | undefined;
      if (parsed === null || parsed.stationId !== stationId || typeof event?.data?.ticketId !== 'string')
        return;
      let facts: TicketFacts;
      try {
        facts = factsOfEvent(event);
      } catch {
        return; // an event type this hub does not know: nothing to count
      }
      const p = ticketPatch(stationId, event.data.ticketId, facts);
      if (p) await enqueue(p.id, p.patch);
    } else if (doc.type === 'rating') {
      const parsed = parseRatingId(doc._id);
      const facts = ratingFactsOf(doc);
      if (parsed === null || facts === undefined) return;
      const p = ticketPatch(stationId, parsed.ticketId, undefined, facts);
      if (p) await enqueue(p.id, p.patch);
    } else if (doc.type === 'request') {
      const parsed = parseRequestId(doc._id);
      const facts = requestFactsOf(doc);
      if (parsed === null || parsed.stationId !== stationId || facts === undefined) return;
      await enqueue(requestBlockId(stationId, parsed.day), {
        stationId,
        day: parsed.day,
        requests: { [doc._id]: facts },
      });
    }
  }

  // ── cases ───────────────────────────────────────────────────────────────────────────────
  async function ingestCase(raw: Record<string, unknown>): Promise<void> {
    const doc = raw as unknown as CaseDocLike;
    if (doc.type !== 'case' || doc.state === undefined || !Array.isArray(doc.events)) return;
    const state = doc.state;
    const { kind, facts } = caseFactsOf(state, doc.events, options.calendar());
    if (kind === 'request') {
      const parsed = parseRequestId(state.sourceId);
      if (parsed === null) return;
      await enqueue(requestBlockId(parsed.stationId, parsed.day), {
        stationId: parsed.stationId,
        day: parsed.day,
        requests: { [state.sourceId]: { case: facts } },
      });
    } else {
      const parsed = parseRatingId(state.sourceId);
      if (parsed === null) return;
      const p = ticketPatch(parsed.ticket.stationId, parsed.ticketId, undefined, { followUp: facts });
      if (p) await enqueue(p.id, p.patch);
    }
  }

  let stopWatch: (() => void) | undefined;
  let saveTimer: ReturnType<typeof setInterval> | undefined;
  let reading: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function readCases(): Promise<void> {
    const checkpoint = await getOptional<CheckpointDoc>(CASES_CHECKPOINT);
    let since = checkpoint?.since ?? 0;
    for (;;) {
      const page = await couch.changes(cases, { since, limit: PAGE, includeDocs: true });
      await Promise.all(
        page.results
          .filter((row) => row.doc !== undefined && row.id.startsWith('case:'))
          .map((row) => ingestCase(row.doc as Record<string, unknown>)),
      );
      since = page.last_seq;
      if (page.results.length < PAGE) break;
    }
    if (since !== checkpoint?.since) {
      await upsert<CheckpointDoc>(CASES_CHECKPOINT, () => ({
        _id: CASES_CHECKPOINT,
        type: 'report-checkpoint',
        since,
      }));
    }
  }

  function markCases(): void {
    if (stopped) return;
    if (reading) {
      again = true;
      return;
    }
    reading = readCases()
      .catch(() => {
        // Read again at the next change (or the next start): the checkpoint did not move.
      })
      .finally(() => {
        reading = undefined;
        if (again) {
          again = false;
          markCases();
        }
      });
  }

  // ── reading ─────────────────────────────────────────────────────────────────────────────
  // Station days read or written are kept packed in memory (the least recently used dropped
  // first) while their revision is the stored one: a report lists the period's ids and revisions
  // (cheap) and reads only the days that changed or were never read, by their ids, or as one
  // range when most of a page is to be read.
  // At start (`warmUp`) the days kept at the last stop are taken back from the hub's data folder
  // (`savedDaysFile`), then the latest days are listed newest first and those not kept at their
  // stored revision read. A report arriving meanwhile waits until the warm-up has passed its first
  // day, then goes on as any other: every day it counts is one listed now at its stored revision,
  // so a saved copy that is out of date is never counted, and no day is counted twice or missed.
  const CACHE_LIMIT = options.cacheDays ?? 32_000;
  const LIST_PAGE = 2_000;
  const READ_PAGE = 1_000;
  const cache = new Map<string, StoredDay>();
  let warming: Promise<void> | undefined;
  let warmed = false;
  /** The smallest id the warm-up has listed so far (it lists newest first). */
  let warmedTo: string | undefined;
  let progress: Array<() => void> = [];
  /** The cache holds days the saved copy does not. */
  let unsaved = false;

  const generation = (rev: string) => Number.parseInt(rev, 10);

  /** Keeps a day read (unless a newer revision of it is kept already); the cache stays bounded. */
  function remember(id: string, day: StoredDay): void {
    const kept = cache.get(id);
    if (kept !== undefined && generation(kept.rev) > generation(day.rev)) return;
    if (kept?.rev !== day.rev) unsaved = true;
    cache.delete(id);
    cache.set(id, day);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  }

  /** Marks a kept day as just used (the last to be dropped). */
  function touch(id: string): void {
    const kept = cache.get(id);
    if (kept === undefined) return;
    cache.delete(id);
    cache.set(id, kept);
  }

  /** A day just written is kept as written: the next report need not read it. */
  function rememberWritten(doc: DayDoc, rev: string): void {
    remember(doc._id, StoredDay.of(doc, rev));
  }

  function storedOf(row: { id: string; doc?: unknown }): StoredDay | undefined {
    const doc = row.doc as DayDoc | null | undefined;
    if (doc?.type !== 'report-day' || typeof doc._rev !== 'string') return undefined;
    return StoredDay.of(doc, doc._rev);
  }

  type ListedRow = { id: string; value?: { rev: string; deleted?: boolean } };

  /**
   * The days of listed rows, in their order. `range`: the rows are one key range (in either
   * order), so most of them to be read are read as one range. `used`: mark them just used.
   */
  async function resolve(
    rows: readonly ListedRow[],
    { range, used }: { range: boolean; used: boolean },
  ): Promise<StoredDay[]> {
    const found = new Map<string, StoredDay>();
    const stale: string[] = [];
    for (const r of rows) {
      if (r.value === undefined || r.value.deleted) continue;
      const kept = cache.get(r.id);
      if (kept?.rev === r.value.rev) {
        found.set(r.id, kept);
        if (used) touch(r.id);
      } else {
        stale.push(r.id);
      }
    }
    const take = (res: { rows: Array<{ id: string; doc?: unknown }> }) => {
      for (const row of res.rows) {
        const day = storedOf(row);
        if (day === undefined) continue;
        found.set(row.id, day);
        remember(row.id, day);
      }
    };
    if (range && stale.length > rows.length / 2) {
      // Most of the page is to be read: one range read.
      let startkey = stale[0];
      let endkey = stale[0];
      for (const id of stale) {
        if (id < startkey) startkey = id;
        if (id > endkey) endkey = id;
      }
      let skip = 0;
      for (;;) {
        const res = await db.list({ startkey, endkey, include_docs: true, limit: READ_PAGE, skip });
        take(res);
        if (res.rows.length < READ_PAGE) break;
        startkey = res.rows[res.rows.length - 1].id;
        skip = 1;
      }
    } else {
      for (let i = 0; i < stale.length; i += READ_PAGE)
        take(await db.list({ keys: stale.slice(i, i + READ_PAGE), include_docs: true }));
    }
    const out: StoredDay[] = [];
    for (const r of rows) {
      const day = found.get(r.id);
      if (day !== undefined) out.push(day);
    }
    return out;
  }

  /** Resolves once the warm-up is done or has listed every day from `fromId` on. */
  async function untilWarmed(fromId: string): Promise<void> {
    while (warming !== undefined && !(warmedTo !== undefined && warmedTo < fromId)) {
      await new Promise<void>((resolve) => progress.push(resolve));
    }
  }

  function advanced() {
    const waiting = progress;
    progress = [];
    for (const resolve of waiting) resolve();
  }

  // The saved copy: [id, rev, stationId, day, updatedAt, demo, names, bytes] per day, oldest used
  // first. Only a starting point: each day is used only while its revision is the stored one.
  const SAVED_VERSION = 1;
  type SavedDay = [string, string, string, string, number, boolean, string[], Uint8Array];

  async function loadSaved(): Promise<void> {
    if (options.savedDaysFile === undefined) return;
    let saved: { version?: unknown; days?: unknown };
    try {
      saved = deserialize(await readFile(options.savedDaysFile));
    } catch {
      unsaved = true;
      return; // none yet, or unreadable: the days are read from the store
    }
    if (saved?.version !== SAVED_VERSION || !Array.isArray(saved.days)) return;
    for (const entry of saved.days as SavedDay[]) {
      const [id, rev, stationId, day, updatedAt, demo, names, bytes] = entry;
      if (cache.has(id) || !(bytes instanceof Uint8Array) || !Array.isArray(names)) continue;
      try {
        cache.set(id, new StoredDay(stationId, day, { names, bytes }, rev, demo, updatedAt));
      } catch {
        // a damaged entry: read from the store when asked
      }
      if (cache.size >= CACHE_LIMIT) break;
    }
  }

  let saving: Promise<void> = Promise.resolve();
  /** Saves the kept days to the data folder (written aside, then renamed into place). */
  function save(): Promise<void> {
    const file = options.savedDaysFile;
    if (file === undefined || !unsaved) return saving;
    unsaved = false;
    const days: SavedDay[] = [];
    for (const [id, d] of cache)
      days.push([id, d.rev, d.stationId, d.day, d.updatedAt, d.demo, d.figures.names, d.figures.bytes]);
    saving = saving.then(async () => {
      try {
        await writeFile(`${file}.new`, serialize({ version: SAVED_VERSION, days }), { mode: 0o600 });
        await rename(`${file}.new`, file);
      } catch {
        unsaved = true; // saved again at the next chance
      }
    });
    return saving;
  }

  async function loadLatest(): Promise<void> {
    await loadSaved();
    const listed: string[] = [];
    let startkey = 'day:\ufff0';
    let skip = 0;
    while (!stopped && listed.length < CACHE_LIMIT) {
      const limit = Math.min(LIST_PAGE, CACHE_LIMIT - listed.length);
      const res = await db.list({ startkey, endkey: 'day:', descending: true, limit, skip });
      if (res.rows.length === 0) break;
      await resolve(res.rows, { range: true, used: false });
      for (const r of res.rows) listed.push(r.id);
      warmedTo = res.rows[res.rows.length - 1].id;
      advanced();
      if (res.rows.length < limit) break;
      startkey = warmedTo;
      skip = 1;
    }
    // The newest days are the last to be dropped.
    for (let i = listed.length - 1; i >= 0; i--) touch(listed[i]);
  }

  function warmUp(): Promise<void> {
    if (warmed) return warming ?? Promise.resolve();
    warmed = true;
    warming = loadLatest()
      .catch(() => {
        // The days are read when a report asks for them.
      })
      .finally(() => {
        warming = undefined;
        advanced();
        void save();
      });
    return warming;
  }

  async function* days(query: DayQuery): AsyncGenerator<StoredDay> {
    await untilWarmed(`day:${query.from}:`);
    if (query.stationId !== undefined) {
      const ids: string[] = [];
      for (let d = query.from; d <= query.to; d = nextDay(d)) ids.push(dayDocId(d, query.stationId));
      for (let i = 0; i < ids.length; i += 400) {
        const res = await db.list({ keys: ids.slice(i, i + 400) });
        yield* await resolve(res.rows, { range: false, used: true });
      }
      return;
    }
    let startkey = `day:${query.from}:`;
    const endkey = `day:${query.to}:\ufff0`;
    let skip = 0;
    for (;;) {
      const res = await db.list({ startkey, endkey, limit: LIST_PAGE, skip });
      yield* await resolve(res.rows, { range: true, used: true });
      if (res.rows.length < LIST_PAGE) return;
      startkey = res.rows[res.rows.length - 1].id;
      skip = 1;
    }
  }

  async function countDays(query: DayQuery): Promise<number> {
    if (query.stationId !== undefined) {
      let n = 0;
      for await (const _ of days(query)) n++;
      return n;
    }
    let startkey = `day:${query.from}:`;
    const endkey = `day:${query.to}:\ufff0`;
    let skip = 0;
    let n = 0;
    for (;;) {
      const res = await db.list({ startkey, endkey, limit: 10_000, skip });
      n += res.rows.length;
      if (res.rows.length < 10_000) return n;
      startkey = res.rows[res.rows.length - 1].id;
      skip = 1;
    }
  }

  return {
    ingestStationDoc,
    ingestCase,
    now,
    async start() {
      stopped = false;
      stopWatch = couch.watch({
        onUpdate(update) {
          if (update.dbName === cases) markCases();
        },
        onReset: markCases,
      });
      markCases();
      // In the background: start and health do not wait for it.
      if (options.warmUp !== false) void warmUp();
      if (options.savedDaysFile !== undefined) {
        saveTimer = setInterval(() => void save(), 15 * 60_000);
        saveTimer.unref();
      }
      await reading;
    },
    async stop() {
      stopped = true;
      stopWatch?.();
      stopWatch = undefined;
      if (saveTimer) clearInterval(saveTimer);
      saveTimer = undefined;
      await reading;
      await warming;
      await Promise.allSettled([...inFlight]);
      await save();
    },
    async idle() {
      for (;;) {
        await new Promise((resolve) => setImmediate(resolve));
        if (reading === undefined && inFlight.size === 0 && !scheduled) return;
        await Promise.allSettled([reading, ...inFlight]);
      }
    },
    days,
    warmUp,
    countDays,
    async putDay(day, opts = {}) {
      const id = dayDocId(day.day, day.stationId);
      await withLock(id, () =>
        upsert<DayDoc>(
          id,
          () => ({
            _id: id,
            type: 'report-day',
            ...dayFields(day),
            updatedAt: now(),
            ...(opts.demo ? { demo: true as const } : {}),
          }),
          rememberWritten,
        ),
      );
    },
    async boardSettings() {
      const doc = await getOptional<BoardSettingsDoc>(BOARD_SETTINGS);
      if (doc === undefined) return DEFAULT_BOARD_SETTINGS;
      const { _id, _rev, type, ...settings } = doc;
      void _id;
      void _rev;
      void type;
      return settings;
    },
    async saveBoardSettings(input, by) {
      const settings = parseBoardSettings(input);
      await withLock(BOARD_SETTINGS, () =>
        upsert<BoardSettingsDoc>(BOARD_SETTINGS, () => ({
          _id: BOARD_SETTINGS,
          type: 'board-settings',
          ...settings,
          updatedAt: now(),
          updatedBy: by,
        })),
      );
      return settings;
    },
  };
}

/** The next calendar day of 'YYYY-MM-DD'. */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Days from `from` to `to` inclusive (1 for one day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

export const reportError = (field: string, message: string) =>
  new DomainError(ErrorCode.Validation, message, { field });
