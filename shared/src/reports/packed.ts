/**
 * Day figures packed (pure): a station day's aggregate as a few kilobytes of bytes and a short
 * list of names, the form the hub stores and keeps in memory. A month of a hundred stations is
 * 3,000 station days: parsed as nested objects they took seconds to read and hundreds of
 * megabytes to hold; packed they are read in one pass of small integers, straight into the
 * totals a report adds up, without making an object per day.
 *
 * `packDay` and `unpackDay` are exact inverses (every count, sum, maximum, bucket and due instant
 * comes back the same). `PackedDay` reads the bytes where a report needs them (`DayFigures`):
 * one service's figures are found by skipping the others' bytes.
 *
 * Bytes (version 1). Every number is an unsigned LEB128 varint of 2·v for a whole v in
 * 0 … 2^52, otherwise the varint 1 followed by the IEEE 754 double (little-endian); a name is the
 * number of its place in the names list.
 *   day      := 1 nServices service* nRequestGroups requests*
 *   service  := name(serviceId) byteLength slice
 *   slice    := tickets(normal) tickets(green) nGroups (name tickets)* nHours (hour cell)*
 *               nCounters (name cell)* ratings followUps
 *   tickets  := issued served noShow cancelled open transferred recalled histogram(wait) histogram(service)
 *   histogram:= n sum max nBuckets (bucket − previous bucket, count)*   (buckets ascending)
 *   cell     := the 8 numbers of an activity cell
 *   ratings  := count good voided nLevels (name(level) count)* (n sum good) × 4 indicators
 *   followUps:= the 11 counts, nDues due*, nDues due*   (callbacks, feedback)
 *   requests := name(category|department) received contactedOnTime contactedLate feedbackOnTime
 *               feedbackLate closed reopened histogram(closeMinutes) nDues due* nDues due*
 */
import {
  type ActivityCell,
  type DayAggregate,
  type DayFigures,
  emptyRequests,
  emptySlice,
  emptyTicketFigures,
  FOLLOW_UP_COUNTS,
  type FollowUpFigures,
  type RatingFigures,
  REQUEST_COUNTS,
  type RequestFigures,
  type ServiceSlice,
  type TicketFigures,
} from './aggregate.ts';
import { INDICATORS } from './facts.ts';
import type { Histogram } from './histogram.ts';

export const PACKED_VERSION = 1;

/** A station day packed: the bytes and the names they refer to. */
export interface PackedFigures {
  names: string[];
  bytes: Uint8Array;
}

const TICKET_COUNTS = ['issued', 'served', 'noShow', 'cancelled', 'open', 'transferred', 'recalled'] as const;

const TWO_52 = 2 ** 52;

// ── writing ─────────────────────────────────────────────────────────────────────────────────

class Writer {
  private buf = new Uint8Array(1024);
  private pos = 0;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  constructor(private readonly names: Map<string, number>) {}

  private room(n: number) {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  private varint(u: number) {
    this.room(8);
    let v = u;
    while (v >= 128) {
      this.buf[this.pos++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }

  num(v: number) {
    if (Number.isInteger(v) && v >= 0 && v <= TWO_52) {
      this.varint(v * 2);
      return;
    }
    this.varint(1);
    this.room(8);
    this.scratch.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) this.buf[this.pos++] = this.scratch.getUint8(i);
  }

  name(s: string) {
    let i = this.names.get(s);
    if (i === undefined) {
      i = this.names.size;
      this.names.set(s, i);
    }
    this.num(i);
  }

  bytes(b: Uint8Array) {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

function writeHistogram(w: Writer, h: Histogram) {
  w.num(h.n);
  w.num(h.sum);
  w.num(h.max);
  const buckets = Object.keys(h.b)
    .map(Number)
    .sort((a, b) => a - b);
  w.num(buckets.length);
  let previous = 0;
  for (const bucket of buckets) {
    w.num(bucket - previous);
    w.num(h.b[String(bucket)]);
    previous = bucket;
  }
}

function writeTickets(w: Writer, t: TicketFigures) {
  for (const key of TICKET_COUNTS) w.num(t[key]);
  writeHistogram(w, t.wait);
  writeHistogram(w, t.service);
}

function writeCell(w: Writer, c: ActivityCell) {
  for (let i = 0; i < 8; i++) w.num(c[i]);
}

function writeDues(w: Writer, dues: readonly number[]) {
  w.num(dues.length);
  for (const due of dues) w.num(due);
}

function writeSlice(w: Writer, s: ServiceSlice) {
  writeTickets(w, s.normal);
  writeTickets(w, s.green);
  const groups = Object.entries(s.groups);
  w.num(groups.length);
  for (const [group, t] of groups) {
    w.name(group);
    writeTickets(w, t);
  }
  const hours = Object.entries(s.hours);
  w.num(hours.length);
  for (const [hour, c] of hours) {
    w.num(Number(hour));
    writeCell(w, c);
  }
  const counters = Object.entries(s.counters);
  w.num(counters.length);
  for (const [counter, c] of counters) {
    w.name(counter);
    writeCell(w, c);
  }
  const r = s.ratings;
  w.num(r.count);
  w.num(r.good);
  w.num(r.voided);
  const levels = Object.entries(r.byLevel);
  w.num(levels.length);
  for (const [level, n] of levels) {
    w.name(level);
    w.num(n);
  }
  for (const k of INDICATORS) {
    w.num(r.indicators[k].n);
    w.num(r.indicators[k].sum);
    w.num(r.indicators[k].good);
  }
  for (const key of FOLLOW_UP_COUNTS) w.num(s.followUps[key]);
  writeDues(w, s.followUps.pendingCallback);
  writeDues(w, s.followUps.pendingFeedback);
}

function writeRequests(w: Writer, r: RequestFigures) {
  for (const key of REQUEST_COUNTS) w.num(r[key]);
  writeHistogram(w, r.closeMinutes);
  writeDues(w, r.pendingContact);
  writeDues(w, r.pendingFeedback);
}

/** A day's figures packed (without its station and day, which the document id carries). */
export function packDay(day: Pick<DayAggregate, 'services' | 'requests'>): PackedFigures {
  const names = new Map<string, number>();
  const w = new Writer(names);
  w.num(PACKED_VERSION);
  const services = Object.entries(day.services);
  w.num(services.length);
  for (const [serviceId, slice] of services) {
    const inner = new Writer(names);
    writeSlice(inner, slice);
    const bytes = inner.done();
    w.name(serviceId);
    w.num(bytes.length);
    w.bytes(bytes);
  }
  const requests = Object.entries(day.requests);
  w.num(requests.length);
  for (const [key, r] of requests) {
    w.name(key);
    writeRequests(w, r);
  }
  return { names: [...names.keys()], bytes: w.done() };
}

// ── reading ─────────────────────────────────────────────────────────────────────────────────

class Reader {
  pos = 0;
  private readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    private readonly names: readonly string[],
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  num(): number {
    const bytes = this.bytes;
    if (this.pos >= bytes.length) throw new Error('packed figures: cut short');
    let b = bytes[this.pos++];
    let u = b & 127;
    let scale = 128;
    while (b >= 128) {
      if (this.pos >= bytes.length) throw new Error('packed figures: cut short');
      b = bytes[this.pos++];
      u += (b & 127) * scale;
      scale *= 128;
    }
    if (u % 2 === 0) return u / 2;
    if (u !== 1) throw new Error('packed figures: bad number');
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  name(): string {
    const i = this.num();
    const s = this.names[i];
    if (s === undefined) throw new Error(`packed figures: no name ${i}`);
    return s;
  }
}

function addHistogramFrom(r: Reader, t: Histogram) {
  t.n += r.num();
  t.sum += r.num();
  const max = r.num();
  if (max > t.max) t.max = max;
  const n = r.num();
  let bucket = 0;
  const b = t.b;
  for (let i = 0; i < n; i++) {
    bucket += r.num();
    const count = r.num();
    b[bucket] = (b[bucket] ?? 0) + count;
  }
}

function addTicketsFrom(r: Reader, t: TicketFigures) {
  t.issued += r.num();
  t.served += r.num();
  t.noShow += r.num();
  t.cancelled += r.num();
  t.open += r.num();
  t.transferred += r.num();
  t.recalled += r.num();
  addHistogramFrom(r, t.wait);
  addHistogramFrom(r, t.service);
}

function addCellFrom(r: Reader, c: ActivityCell) {
  c[0] += r.num();
  c[1] += r.num();
  c[2] += r.num();
  c[3] += r.num();
  c[4] += r.num();
  const max = r.num();
  if (max > c[5]) c[5] = max;
  c[6] += r.num();
  c[7] += r.num();
}

function addDuesFrom(r: Reader, into: number[]) {
  const n = r.num();
  for (let i = 0; i < n; i++) into.push(r.num());
}

function addRatingsFrom(r: Reader, t: RatingFigures) {
  t.count += r.num();
  t.good += r.num();
  t.voided += r.num();
  const levels = r.num();
  for (let i = 0; i < levels; i++) {
    const level = r.name();
    t.byLevel[level] = (t.byLevel[level] ?? 0) + r.num();
  }
  for (const k of INDICATORS) {
    const cell = t.indicators[k];
    cell.n += r.num();
    cell.sum += r.num();
    cell.good += r.num();
  }
}

function addFollowUpsFrom(r: Reader, t: FollowUpFigures) {
  for (const key of FOLLOW_UP_COUNTS) t[key] += r.num();
  addDuesFrom(r, t.pendingCallback);
  addDuesFrom(r, t.pendingFeedback);
}

/** Reads one packed slice and adds it into `t` (what `addSliceInto` does with the unpacked slice). */
function addSliceFrom(r: Reader, t: ServiceSlice) {
  addTicketsFrom(r, t.normal);
  addTicketsFrom(r, t.green);
  const groups = r.num();
  for (let i = 0; i < groups; i++) {
    const group = r.name();
    t.groups[group] ??= emptyTicketFigures();
    addTicketsFrom(r, t.groups[group]);
  }
  const hours = r.num();
  for (let i = 0; i < hours; i++) {
    const hour = r.num();
    t.hours[hour] ??= [0, 0, 0, 0, 0, 0, 0, 0];
    addCellFrom(r, t.hours[hour]);
  }
  const counters = r.num();
  for (let i = 0; i < counters; i++) {
    const counter = r.name();
    t.counters[counter] ??= [0, 0, 0, 0, 0, 0, 0, 0];
    addCellFrom(r, t.counters[counter]);
  }
  addRatingsFrom(r, t.ratings);
  addFollowUpsFrom(r, t.followUps);
}

function addRequestsFrom(r: Reader, t: RequestFigures) {
  for (const key of REQUEST_COUNTS) t[key] += r.num();
  addHistogramFrom(r, t.closeMinutes);
  addDuesFrom(r, t.pendingContact);
  addDuesFrom(r, t.pendingFeedback);
}

/**
 * A packed station day read where a report needs it. Nothing is decoded until asked, and each
 * ask reads the bytes again (a few kilobytes): the day holds no objects of its own.
 */
export class PackedDay implements DayFigures {
  private readonly requestsAt: number;

  constructor(
    readonly stationId: string,
    readonly day: string,
    readonly figures: PackedFigures,
  ) {
    const r = this.reader();
    const version = r.num();
    if (version !== PACKED_VERSION) throw new Error(`packed figures: version ${version} unknown`);
    const services = r.num();
    for (let i = 0; i < services; i++) {
      r.name();
      const length = r.num();
      r.pos += length;
    }
    if (r.pos > figures.bytes.length) throw new Error('packed figures: cut short');
    this.requestsAt = r.pos;
  }

  private reader() {
    return new Reader(this.figures.bytes, this.figures.names);
  }

  /** Bytes held (what the day costs in memory, besides its names). */
  get size(): number {
    return this.figures.bytes.length;
  }

  private services(each: (serviceId: string, r: Reader, end: number) => void) {
    const r = this.reader();
    r.num();
    const n = r.num();
    for (let i = 0; i < n; i++) {
      const serviceId = r.name();
      const length = r.num();
      const end = r.pos + length;
      each(serviceId, r, end);
      r.pos = end;
    }
  }

  addSlicesInto(target: ServiceSlice, serviceId?: string): ServiceSlice {
    this.services((id, r) => {
      if (serviceId === undefined || id === serviceId) addSliceFrom(r, target);
    });
    return target;
  }

  forEachService(each: (serviceId: string, addInto: (target: ServiceSlice) => void) => void): void {
    this.services((id, r) => {
      const at = r.pos;
      each(id, (target) => {
        r.pos = at;
        addSliceFrom(r, target);
      });
    });
  }

  addRequestsInto(target: RequestFigures): RequestFigures {
    this.forEachRequests((_key, addInto) => addInto(target));
    return target;
  }

  forEachRequests(each: (key: string, addInto: (target: RequestFigures) => void) => void): void {
    const r = this.reader();
    r.pos = this.requestsAt;
    const n = r.num();
    for (let i = 0; i < n; i++) {
      const key = r.name();
      const at = r.pos;
      let read = false;
      each(key, (target) => {
        r.pos = at;
        addRequestsFrom(r, target);
        read = true;
      });
      if (!read) addRequestsFrom(r, emptyRequests());
    }
  }
}

/** The day's figures as objects again (exactly what was packed). */
export function unpackDay(stationId: string, day: string, figures: PackedFigures): DayAggregate {
  const packed = new PackedDay(stationId, day, figures);
  const services: Record<string, ServiceSlice> = {};
  packed.forEachService((serviceId, addInto) => {
    services[serviceId] = emptySlice();
    addInto(services[serviceId]);
  });
  const requests: Record<string, RequestFigures> = {};
  packed.forEachRequests((key, addInto) => {
    requests[key] = emptyRequests();
    addInto(requests[key]);
  });
  return { stationId, day, services, requests };
}
