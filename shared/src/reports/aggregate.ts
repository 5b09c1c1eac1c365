/**
 * Per-station-per-day aggregates (pure): the figures of one station day, made from the facts of
 * its tickets, ratings and requests, and mergeable, so a month is the merge of its days and a
 * district the merge of its stations. `summaryOf` turns merged figures into what a report shows.
 *
 * Everything a summary or a table shows is computed from these aggregates by the functions here
 * (and in `tables.ts`), so the summary, every table and the CSV show the same numbers.
 *
 * What is judged against a moment (`asOf`): a request or follow-up step not done yet counts as
 * late once its deadline has passed; such steps are kept as their due instants (few: only the
 * unfinished ones), everything else as counts.
 */

import {
  counterOfTicket,
  INDICATORS,
  type Indicator,
  isGreen,
  isVoided,
  outcomeOf,
  type RatingFacts,
  type RequestFacts,
  type TicketFacts,
  waitSecondsOf,
} from './facts.ts';
import { addSample, emptyHistogram, type Histogram, maxOf, meanOf, percentileOf } from './histogram.ts';

export interface TicketFigures {
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  /** Issued and not ended when the figures were made. */
  open: number;
  transferred: number;
  recalled: number;
  /** Seconds from issue to first call, of tickets called. */
  wait: Histogram;
  /** Seconds of service, of tickets served. */
  service: Histogram;
}

/**
 * Counts and sums only (no percentiles), per hour of day and per counter, kept compact as
 * [tickets, served, noShow, waitN, waitSum, waitMax, serviceN, serviceSum] (a day document holds
 * many of them).
 */
export type ActivityCell = [number, number, number, number, number, number, number, number];
export const A = {
  tickets: 0,
  served: 1,
  noShow: 2,
  waitN: 3,
  waitSum: 4,
  waitMax: 5,
  serviceN: 6,
  serviceSum: 7,
} as const;

export interface IndicatorCell {
  n: number;
  sum: number;
  /** Levels 4–5. */
  good: number;
}

export interface RatingFigures {
  /** Ratings not voided on appeal. */
  count: number;
  /** Levels 4–5 among `count`. */
  good: number;
  voided: number;
  /** Level '1'…'5' → ratings not voided. */
  byLevel: Record<string, number>;
  indicators: Record<Indicator, IndicatorCell>;
}

/** Bad ratings (1–2) and their follow-up cases. */
export interface FollowUpFigures {
  bad: number;
  /** Bad ratings that left a phone (实名差评) and of those, called back. */
  named: number;
  namedCalledBack: number;
  cases: number;
  calledBackOnTime: number;
  calledBackLate: number;
  fedBackOnTime: number;
  fedBackLate: number;
  /** Fix-by-date rectifications and those done by their date. */
  fixDue: number;
  rectifiedOnTime: number;
  closed: number;
  /** Due instants of callbacks / feedback not given yet (late once passed). */
  pendingCallback: number[];
  pendingFeedback: number[];
}

export interface RequestFigures {
  received: number;
  contactedOnTime: number;
  contactedLate: number;
  feedbackOnTime: number;
  feedbackLate: number;
  closed: number;
  reopened: number;
  /** Minutes from the hub's receipt to closing, of closed requests (the histogram counts minutes). */
  closeMinutes: Histogram;
  pendingContact: number[];
  pendingFeedback: number[];
}

export interface ServiceSlice {
  normal: TicketFigures;
  green: TicketFigures;
  /** Green group id → its tickets. */
  groups: Record<string, TicketFigures>;
  /** Hour of issue (station time, '0'…'23') → tickets issued then. */
  hours: Record<string, ActivityCell>;
  /** Counter id → tickets counted there. */
  counters: Record<string, ActivityCell>;
  /** Ratings of the service (the service the rating names). */
  ratings: RatingFigures;
  followUps: FollowUpFigures;
}

/** The figures of one station day: the document the hub keeps per station and day. */
export interface DayAggregate {
  stationId: string;
  day: string;
  /** Service id → its figures. */
  services: Record<string, ServiceSlice>;
  /** `${category}|${department}` → requests taken at the station that day. */
  requests: Record<string, RequestFigures>;
}

/**
 * A station day's figures as reports read them: added into totals, all services or one, never
 * changed. An aggregate is one (`figuresOfDay`); so is the packed form the hub keeps
 * (`packed.ts`), which holds no objects per day.
 */
export interface DayFigures {
  readonly stationId: string;
  readonly day: string;
  /** Adds the figures of every service, or of one, into `target`; returns `target`. */
  addSlicesInto(target: ServiceSlice, serviceId?: string): ServiceSlice;
  /** Each service with a way to add its figures into a slice (called at once, in order). */
  forEachService(each: (serviceId: string, addInto: (target: ServiceSlice) => void) => void): void;
  /** Adds every request group into `target`; returns `target`. */
  addRequestsInto(target: RequestFigures): RequestFigures;
  /** Each `${category}|${department}` group with a way to add its figures (called at once). */
  forEachRequests(each: (key: string, addInto: (target: RequestFigures) => void) => void): void;
}

// ── empty values and merges ─────────────────────────────────────────────────────────────────

export function emptyTicketFigures(): TicketFigures {
  return {
    issued: 0,
    served: 0,
    noShow: 0,
    cancelled: 0,
    open: 0,
    transferred: 0,
    recalled: 0,
    wait: emptyHistogram(),
    service: emptyHistogram(),
  };
}

export function emptyActivity(): ActivityCell {
  return [0, 0, 0, 0, 0, 0, 0, 0];
}

export function emptyRatings(): RatingFigures {
  return {
    count: 0,
    good: 0,
    voided: 0,
    byLevel: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
    indicators: Object.fromEntries(INDICATORS.map((k) => [k, { n: 0, sum: 0, good: 0 }])) as Record<
      Indicator,
      IndicatorCell
    >,
  };
}

export function emptyFollowUps(): FollowUpFigures {
  return {
    bad: 0,
    named: 0,
    namedCalledBack: 0,
    cases: 0,
    calledBackOnTime: 0,
    calledBackLate: 0,
    fedBackOnTime: 0,
    fedBackLate: 0,
    fixDue: 0,
    rectifiedOnTime: 0,
    closed: 0,
    pendingCallback: [],
    pendingFeedback: [],
  };
}

export function emptyRequests(): RequestFigures {
  return {
    received: 0,
    contactedOnTime: 0,
    contactedLate: 0,
    feedbackOnTime: 0,
    feedbackLate: 0,
    closed: 0,
    reopened: 0,
    closeMinutes: emptyHistogram(),
    pendingContact: [],
    pendingFeedback: [],
  };
}

export function emptySlice(): ServiceSlice {
  return {
    normal: emptyTicketFigures(),
    green: emptyTicketFigures(),
    groups: {},
    hours: {},
    counters: {},
    ratings: emptyRatings(),
    followUps: emptyFollowUps(),
  };
}

// Accumulation in place: `addXInto(target, source)` adds `source` to `target` (never changing
// `source`, never sharing its objects) and returns `target`. Merges are additions into empties.

function addHistogramInto(t: Histogram, s: Histogram): Histogram {
  t.n += s.n;
  t.sum += s.sum;
  if (s.max > t.max) t.max = s.max;
  for (const key in s.b) t.b[key] = (t.b[key] ?? 0) + s.b[key];
  return t;
}

export function addTicketFiguresInto(t: TicketFigures, s: TicketFigures): TicketFigures {
  t.issued += s.issued;
  t.served += s.served;
  t.noShow += s.noShow;
  t.cancelled += s.cancelled;
  t.open += s.open;
  t.transferred += s.transferred;
  t.recalled += s.recalled;
  addHistogramInto(t.wait, s.wait);
  addHistogramInto(t.service, s.service);
  return t;
}

export function addActivityInto(t: ActivityCell, s: ActivityCell): ActivityCell {
  for (let i = 0; i < 8; i++) t[i] = i === A.waitMax ? Math.max(t[i], s[i]) : t[i] + s[i];
  return t;
}

export function addRatingsInto(t: RatingFigures, s: RatingFigures): RatingFigures {
  t.count += s.count;
  t.good += s.good;
  t.voided += s.voided;
  for (const level in s.byLevel) t.byLevel[level] = (t.byLevel[level] ?? 0) + s.byLevel[level];
  for (const k of INDICATORS) {
    t.indicators[k].n += s.indicators[k].n;
    t.indicators[k].sum += s.indicators[k].sum;
    t.indicators[k].good += s.indicators[k].good;
  }
  return t;
}

/** The follow-up figures that are plain counts (added, packed and unpacked key by key). */
export const FOLLOW_UP_COUNTS = [
  'bad',
  'named',
  'namedCalledBack',
  'cases',
  'calledBackOnTime',
  'calledBackLate',
  'fedBackOnTime',
  'fedBackLate',
  'fixDue',
  'rectifiedOnTime',
  'closed',
] as const satisfies readonly (keyof FollowUpFigures)[];

/** The request figures that are plain counts. */
export const REQUEST_COUNTS = [
  'received',
  'contactedOnTime',
  'contactedLate',
  'feedbackOnTime',
  'feedbackLate',
  'closed',
  'reopened',
] as const satisfies readonly (keyof RequestFigures)[];

export function addFollowUpsInto(t: FollowUpFigures, s: FollowUpFigures): FollowUpFigures {
  for (const key of FOLLOW_UP_COUNTS) t[key] += s[key];
  t.pendingCallback.push(...s.pendingCallback);
  t.pendingFeedback.push(...s.pendingFeedback);
  return t;
}

export function addRequestsInto(t: RequestFigures, s: RequestFigures): RequestFigures {
  for (const key of REQUEST_COUNTS) t[key] += s[key];
  addHistogramInto(t.closeMinutes, s.closeMinutes);
  t.pendingContact.push(...s.pendingContact);
  t.pendingFeedback.push(...s.pendingFeedback);
  return t;
}

function addRecordInto<T>(
  t: Record<string, T>,
  s: Record<string, T>,
  empty: () => T,
  add: (a: T, b: T) => T,
) {
  for (const key in s) {
    t[key] ??= empty();
    add(t[key], s[key]);
  }
  return t;
}

export function addSliceInto(t: ServiceSlice, s: ServiceSlice): ServiceSlice {
  addTicketFiguresInto(t.normal, s.normal);
  addTicketFiguresInto(t.green, s.green);
  addRecordInto(t.groups, s.groups, emptyTicketFigures, addTicketFiguresInto);
  addRecordInto(t.hours, s.hours, emptyActivity, addActivityInto);
  addRecordInto(t.counters, s.counters, emptyActivity, addActivityInto);
  addRatingsInto(t.ratings, s.ratings);
  addFollowUpsInto(t.followUps, s.followUps);
  return t;
}

export const mergeTicketFigures = (a: TicketFigures, b: TicketFigures): TicketFigures =>
  addTicketFiguresInto(addTicketFiguresInto(emptyTicketFigures(), a), b);
export const mergeActivity = (a: ActivityCell, b: ActivityCell): ActivityCell =>
  addActivityInto(addActivityInto(emptyActivity(), a), b);
export const mergeRequests = (a: RequestFigures, b: RequestFigures): RequestFigures =>
  addRequestsInto(addRequestsInto(emptyRequests(), a), b);
export const mergeSlices = (a: ServiceSlice, b: ServiceSlice): ServiceSlice =>
  addSliceInto(addSliceInto(emptySlice(), a), b);

/** An aggregate read as `DayFigures`. */
export function figuresOfDay(day: DayAggregate): DayFigures {
  return {
    stationId: day.stationId,
    day: day.day,
    addSlicesInto(target, serviceId) {
      if (serviceId !== undefined) {
        const slice = day.services[serviceId];
        if (slice) addSliceInto(target, slice);
      } else {
        for (const slice of Object.values(day.services)) addSliceInto(target, slice);
      }
      return target;
    },
    forEachService(each) {
      for (const [serviceId, slice] of Object.entries(day.services))
        each(serviceId, (target) => addSliceInto(target, slice));
    },
    addRequestsInto(target) {
      for (const r of Object.values(day.requests)) addRequestsInto(target, r);
      return target;
    },
    forEachRequests(each) {
      for (const [key, r] of Object.entries(day.requests)) each(key, (target) => addRequestsInto(target, r));
    },
  };
}

/** Figures as reports read them, from an aggregate or from figures already. */
export const asDayFigures = (day: DayAggregate | DayFigures): DayFigures =>
  typeof (day as DayFigures).addSlicesInto === 'function'
    ? (day as DayFigures)
    : figuresOfDay(day as DayAggregate);

/** The merge of day aggregates' service slices (all services, or one). */
export function sliceOf(day: Pick<DayAggregate, 'services'>, serviceId?: string): ServiceSlice {
  const out = emptySlice();
  if (serviceId !== undefined)
    return day.services[serviceId] ? addSliceInto(out, day.services[serviceId]) : out;
  for (const slice of Object.values(day.services)) addSliceInto(out, slice);
  return out;
}

/** Requests of a day merged over categories and departments. */
export function requestsOf(
  day: Pick<DayAggregate, 'requests'>,
  key?: (cd: string) => boolean,
): RequestFigures {
  return Object.entries(day.requests)
    .filter(([cd]) => key === undefined || key(cd))
    .map(([, r]) => r)
    .reduce(addRequestsInto, emptyRequests());
}

// ── building a day ──────────────────────────────────────────────────────────────────────────

export interface DayInput {
  stationId: string;
  day: string;
  /** Hour of day (station time) of an instant. */
  hourOf: (at: number) => number;
  /** Ticket facts with the service the ticket was issued for (from its id). */
  tickets: Iterable<{ serviceId: string; facts: TicketFacts }>;
  ratings: Iterable<Partial<RatingFacts>>;
  requests: Iterable<RequestFacts>;
}

function addTicket(f: TicketFigures, t: TicketFacts): void {
  f.issued += 1;
  const outcome = outcomeOf(t);
  if (outcome === 'served') f.served += 1;
  else if (outcome === 'no-show') f.noShow += 1;
  else if (outcome === 'cancelled') f.cancelled += 1;
  else f.open += 1;
  if (t.transferred) f.transferred += 1;
  if (t.recalled) f.recalled += 1;
  const wait = waitSecondsOf(t);
  if (wait !== undefined) addSample(f.wait, wait);
  if (outcome === 'served' && t.served) addSample(f.service, t.served.seconds);
}

function addActivity(c: ActivityCell, t: TicketFacts): void {
  c[A.tickets] += 1;
  const outcome = outcomeOf(t);
  if (outcome === 'served') c[A.served] += 1;
  if (outcome === 'no-show') c[A.noShow] += 1;
  const wait = waitSecondsOf(t);
  if (wait !== undefined) {
    c[A.waitN] += 1;
    c[A.waitSum] += wait;
    c[A.waitMax] = Math.max(c[A.waitMax], wait);
  }
  if (outcome === 'served' && t.served) {
    c[A.serviceN] += 1;
    c[A.serviceSum] += Math.round(t.served.seconds);
  }
}

function addFollowUp(f: FollowUpFigures, r: Partial<RatingFacts>): void {
  f.bad += 1;
  const c = r.followUp;
  if (r.named) {
    f.named += 1;
    if (c?.calledBackAt !== undefined) f.namedCalledBack += 1;
  }
  if (c === undefined) return;
  f.cases += 1;
  step(c.calledBackAt, c.callbackDue, f, 'calledBackOnTime', 'calledBackLate', f.pendingCallback);
  if (!c.voided) step(c.fedBackAt, c.feedbackDue, f, 'fedBackOnTime', 'fedBackLate', f.pendingFeedback);
  if (c.fixDue !== undefined) {
    f.fixDue += 1;
    if (c.rectifiedAt !== undefined && c.rectifiedAt <= c.fixDue) f.rectifiedOnTime += 1;
  }
  if (c.closedAt !== undefined) f.closed += 1;
}

/** A step done on time, done late, or not done yet (its due kept to judge later). */
function step<T>(
  doneAt: number | undefined,
  due: number,
  into: T,
  onTime: keyof T,
  late: keyof T,
  pending: number[],
): void {
  const counts = into as Record<keyof T, number>;
  if (doneAt === undefined) pending.push(due);
  else if (doneAt <= due) counts[onTime] += 1;
  else counts[late] += 1;
}

function addRequest(f: RequestFigures, r: RequestFacts): void {
  f.received += 1;
  const c = r.case;
  if (c === undefined) return;
  step(c.contactedAt, c.contactDue, f, 'contactedOnTime', 'contactedLate', f.pendingContact);
  step(c.fedBackAt, c.feedbackDue, f, 'feedbackOnTime', 'feedbackLate', f.pendingFeedback);
  if (c.closedAt !== undefined) {
    f.closed += 1;
    addSample(f.closeMinutes, Math.max(0, (c.closedAt - c.receivedAt) / 60_000));
  }
  if (c.reopenCount > 0) f.reopened += 1;
}

/** The figures of one station day from the facts of its tickets, ratings and requests. */
export function aggregateDay(input: DayInput): DayAggregate {
  const services: Record<string, ServiceSlice> = {};
  const slice = (serviceId: string) => {
    services[serviceId] ??= emptySlice();
    return services[serviceId];
  };
  for (const { serviceId, facts: t } of input.tickets) {
    if (t.issuedAt === undefined) continue; // its issue has not arrived yet
    const s = slice(serviceId);
    if (isGreen(t)) {
      addTicket(s.green, t);
      const group = t.green?.groupId ?? 'unknown';
      s.groups[group] ??= emptyTicketFigures();
      addTicket(s.groups[group], t);
    } else {
      addTicket(s.normal, t);
    }
    const hour = String(input.hourOf(t.issuedAt));
    s.hours[hour] ??= emptyActivity();
    addActivity(s.hours[hour], t);
    const counter = counterOfTicket(t);
    if (counter !== undefined) {
      s.counters[counter] ??= emptyActivity();
      addActivity(s.counters[counter], t);
    }
  }
  for (const r of input.ratings) {
    if (r.level === undefined || r.serviceId === undefined) continue; // the case came before its rating
    const s = slice(r.serviceId);
    if (isVoided(r)) {
      s.ratings.voided += 1;
    } else {
      s.ratings.count += 1;
      s.ratings.byLevel[String(r.level)] = (s.ratings.byLevel[String(r.level)] ?? 0) + 1;
      if (r.level >= 4) s.ratings.good += 1;
      if (r.indicators) {
        for (const k of INDICATORS) {
          const cell = s.ratings.indicators[k];
          cell.n += 1;
          cell.sum += r.indicators[k];
          if (r.indicators[k] >= 4) cell.good += 1;
        }
      }
    }
    if (r.level <= 2) addFollowUp(s.followUps, r);
  }
  const requests: Record<string, RequestFigures> = {};
  for (const r of input.requests) {
    const key = `${r.category ?? 'other'}|${r.case?.department ?? ''}`;
    requests[key] ??= emptyRequests();
    addRequest(requests[key], r);
  }
  return { stationId: input.stationId, day: input.day, services, requests };
}

// ── what a report shows ─────────────────────────────────────────────────────────────────────

/** Figures merged over any set of station days (one station or many, one day or many). */
export interface Totals {
  slice: ServiceSlice;
  requests: RequestFigures;
}

export function emptyTotals(): Totals {
  return { slice: emptySlice(), requests: emptyRequests() };
}

/**
 * Adds a day to totals, in place (all services, or one; requests are station-wide and ignore the
 * service). Returns the totals.
 */
export function addDay(totals: Totals, day: DayAggregate | DayFigures, serviceId?: string): Totals {
  const figures = asDayFigures(day);
  figures.addSlicesInto(totals.slice, serviceId);
  figures.addRequestsInto(totals.requests);
  return totals;
}

const ratio = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;
const mean = (sum: number, n: number): number | null => (n === 0 ? null : Math.round((sum / n) * 10) / 10);

export const allTickets = (s: ServiceSlice): TicketFigures => mergeTicketFigures(s.normal, s.green);

export interface Summary {
  tickets: {
    issued: number;
    served: number;
    noShow: number;
    cancelled: number;
    open: number;
    transferred: number;
    recalled: number;
    /** no-shows / issued. */
    noShowRate: number | null;
  };
  waitSeconds: { mean: number | null; p90: number | null; max: number | null };
  serviceSeconds: { mean: number | null; p90: number | null };
  green: {
    issued: number;
    /** green / all issued. */
    share: number | null;
    waitSecondsMean: number | null;
    waitSecondsP90: number | null;
    waitSecondsMax: number | null;
    normalWaitSecondsMean: number | null;
    normalWaitSecondsP90: number | null;
  };
  ratings: {
    count: number;
    byLevel: Record<string, number>;
    /** 好评率: levels 4–5 over ratings not voided on appeal. */
    goodRate: number | null;
    voided: number;
  };
  followUps: {
    bad: number;
    named: number;
    namedCalledBack: number;
    /** 实名差评回访率 (target 100%). */
    namedCallbackRate: number | null;
    calledBackOnTime: number;
    calledBackLate: number;
    fedBackOnTime: number;
    fedBackLate: number;
    rectifiedOnTime: number;
    fixDue: number;
    /** 整改率: fix-by-date rectifications done by their date. */
    rectifiedOnTimeRate: number | null;
  };
  requests: {
    received: number;
    contactedOnTime: number;
    contactedLate: number;
    feedbackOnTime: number;
    feedbackLate: number;
    closed: number;
    reopened: number;
    /** Median minutes from the hub's receipt to closing (histogram precision, see histogram.ts). */
    closeMinutesMedian: number | null;
    /** Requests answered on time over those answered or past their feedback deadline. */
    onTimeRate: number | null;
  };
  /** Hours of day (station time) with the most tickets issued, busiest first (up to 3). */
  busiestHours: Array<{ hour: number; issued: number }>;
}

const countLate = (dues: readonly number[], asOf: number) => dues.filter((d) => d < asOf).length;

/** What a report shows for merged figures, judged at `asOf` (steps not done and past due are late). */
export function summaryOf(totals: Totals, asOf: number): Summary {
  const { slice, requests } = totals;
  const all = allTickets(slice);
  const f = slice.followUps;
  const hours = Object.entries(slice.hours)
    .map(([hour, c]) => ({ hour: Number(hour), issued: c[A.tickets] }))
    .filter((h) => h.issued > 0)
    .sort((a, b) => b.issued - a.issued || a.hour - b.hour)
    .slice(0, 3);
  const feedbackLate = requests.feedbackLate + countLate(requests.pendingFeedback, asOf);
  return {
    tickets: {
      issued: all.issued,
      served: all.served,
      noShow: all.noShow,
      cancelled: all.cancelled,
      open: all.open,
      transferred: all.transferred,
      recalled: all.recalled,
      noShowRate: ratio(all.noShow, all.issued),
    },
    waitSeconds: { mean: meanOf(all.wait), p90: percentileOf(all.wait, 0.9), max: maxOf(all.wait) },
    serviceSeconds: { mean: meanOf(all.service), p90: percentileOf(all.service, 0.9) },
    green: {
      issued: slice.green.issued,
      share: ratio(slice.green.issued, all.issued),
      waitSecondsMean: meanOf(slice.green.wait),
      waitSecondsP90: percentileOf(slice.green.wait, 0.9),
      waitSecondsMax: maxOf(slice.green.wait),
      normalWaitSecondsMean: meanOf(slice.normal.wait),
      normalWaitSecondsP90: percentileOf(slice.normal.wait, 0.9),
    },
    ratings: {
      count: slice.ratings.count,
      byLevel: { ...slice.ratings.byLevel },
      goodRate: ratio(slice.ratings.good, slice.ratings.count),
      voided: slice.ratings.voided,
    },
    followUps: {
      bad: f.bad,
      named: f.named,
      namedCalledBack: f.namedCalledBack,
      namedCallbackRate: ratio(f.namedCalledBack, f.named),
      calledBackOnTime: f.calledBackOnTime,
      calledBackLate: f.calledBackLate + countLate(f.pendingCallback, asOf),
      fedBackOnTime: f.fedBackOnTime,
      fedBackLate: f.fedBackLate + countLate(f.pendingFeedback, asOf),
      rectifiedOnTime: f.rectifiedOnTime,
      fixDue: f.fixDue,
      rectifiedOnTimeRate: ratio(f.rectifiedOnTime, f.fixDue),
    },
    requests: {
      received: requests.received,
      contactedOnTime: requests.contactedOnTime,
      contactedLate: requests.contactedLate + countLate(requests.pendingContact, asOf),
      feedbackOnTime: requests.feedbackOnTime,
      feedbackLate,
      closed: requests.closed,
      reopened: requests.reopened,
      closeMinutesMedian: percentileOf(requests.closeMinutes, 0.5),
      onTimeRate: ratio(requests.feedbackOnTime, requests.feedbackOnTime + feedbackLate),
    },
    busiestHours: hours,
  };
}

/** Mean of an activity cell's waits / service times (seconds, one decimal). */
export const activityWaitMean = (c: ActivityCell) => mean(c[A.waitSum], c[A.waitN]);
export const activityServiceMean = (c: ActivityCell) => mean(c[A.serviceSum], c[A.serviceN]);
export { mean as meanOfSum, ratio };
