/**
 * Report facts (pure): what the reports need to know about one ticket, one rating, one request,
 * folded from the documents stations replicate and the hub's cases.
 *
 * Ticket facts form a join-semilattice: folding an event is a merge with the facts of that one
 * event (earliest first call, latest no-show and restore, flags that only turn on), so the same
 * event folded twice, or events folded in any order, give the same facts. That is what lets the
 * hub keep them under at-least-once delivery without remembering which events it has seen.
 *
 * Definitions (what a user reads in the reports):
 * - A ticket counts once, on the station day and under the service it was issued for (its id),
 *   however often it is recalled, returned to the queue, transferred or restored.
 * - Wait = first call − issue. Service time = the seconds of the finishing call (TicketServed).
 * - Outcome: served; else cancelled; else no-show when the last no-show was not restored; else
 *   open (still waiting or at a counter when the figures were made).
 * - Green channel: granted at issue and not declined at the counter.
 * - Counter: where the ticket was served or marked no-show, else where it was first called.
 */

import type { WorkingCalendar } from '../calendar/calendar.ts';
import type { CaseEvent, CaseState } from '../cases/case.ts';
import { type CaseDues, duesOf } from '../cases/case.ts';
import type { QueueEvent } from '../queue/types.ts';

export interface TicketFacts {
  issuedAt?: number;
  green?: { groupId: string };
  declined?: true;
  firstCall?: { at: number; counterId: string };
  served?: { at: number; seconds: number; counterId: string };
  noShow?: { at: number; counterId: string };
  restoredAt?: number;
  cancelledAt?: number;
  transferred?: true;
  recalled?: true;
}

export type TicketOutcome = 'served' | 'no-show' | 'cancelled' | 'open';

const earlier = <T extends { at: number }>(a: T | undefined, b: T | undefined): T | undefined =>
  a === undefined ? b : b === undefined ? a : b.at < a.at ? b : a;
const later = <T extends { at: number }>(a: T | undefined, b: T | undefined): T | undefined =>
  a === undefined ? b : b === undefined ? a : b.at > a.at ? b : a;
const minOf = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);
const maxOf = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/** Drops undefined fields (documents stay small and compare equal). */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** The join of two ticket facts: commutative, associative and idempotent. */
export function mergeTicketFacts(a: TicketFacts, b: TicketFacts): TicketFacts {
  const green =
    a.green === undefined
      ? b.green
      : b.green === undefined || a.green.groupId <= b.green.groupId
        ? a.green
        : b.green;
  return clean({
    issuedAt: minOf(a.issuedAt, b.issuedAt),
    green,
    declined: a.declined || b.declined ? (true as const) : undefined,
    firstCall: earlier(a.firstCall, b.firstCall),
    served: later(a.served, b.served),
    noShow: later(a.noShow, b.noShow),
    restoredAt: maxOf(a.restoredAt, b.restoredAt),
    cancelledAt: maxOf(a.cancelledAt, b.cancelledAt),
    transferred: a.transferred || b.transferred ? (true as const) : undefined,
    recalled: a.recalled || b.recalled ? (true as const) : undefined,
  });
}

/** The facts one queue event tells about its ticket. */
export function factsOfEvent(event: QueueEvent): TicketFacts {
  switch (event.type) {
    case 'TicketIssued':
      return clean({
        issuedAt: event.data.issuedAt,
        green: event.data.green ? { groupId: event.data.green.groupId } : undefined,
      });
    case 'GreenChannelGranted':
      return { green: { groupId: event.data.groupId } };
    case 'GreenChannelDeclined':
      return { declined: true };
    case 'TicketCalled':
      return { firstCall: { at: event.data.at, counterId: event.data.counterId } };
    case 'TicketRecalled':
    case 'TicketReturnedToQueue':
      return { recalled: true };
    case 'TicketTransferred':
      return { transferred: true };
    case 'TicketServed':
      return {
        served: { at: event.data.at, seconds: event.data.serviceSeconds, counterId: event.data.counterId },
      };
    case 'TicketNoShow':
      return { noShow: { at: event.data.at, counterId: event.data.counterId } };
    case 'TicketRestored':
      return { restoredAt: event.data.at };
    case 'TicketCancelled':
      return { cancelledAt: event.data.at };
    case 'TicketReprinted':
    case 'TicketPrinted':
    case 'GreenChannelConfirmed':
      return {};
    default: {
      const never: never = event;
      throw new Error(`unknown queue event ${JSON.stringify((never as { type?: unknown }).type)}`);
    }
  }
}

/** Folds events into ticket facts (in any order, any number of times). */
export function foldTicketFacts(events: readonly QueueEvent[], from: TicketFacts = {}): TicketFacts {
  return events.reduce((facts, event) => mergeTicketFacts(facts, factsOfEvent(event)), from);
}

export function outcomeOf(t: TicketFacts): TicketOutcome {
  if (t.served) return 'served';
  if (t.cancelledAt !== undefined) return 'cancelled';
  if (t.noShow && t.noShow.at > (t.restoredAt ?? 0)) return 'no-show';
  return 'open';
}

/** Seconds from issue to the first call, or undefined when never called (or the issue is unknown). */
export function waitSecondsOf(t: TicketFacts): number | undefined {
  if (t.issuedAt === undefined || t.firstCall === undefined) return undefined;
  return Math.max(0, Math.round((t.firstCall.at - t.issuedAt) / 1000));
}

export const isGreen = (t: TicketFacts): boolean => t.green !== undefined && t.declined !== true;

/** The counter a ticket is counted at. */
export function counterOfTicket(t: TicketFacts): string | undefined {
  const outcome = outcomeOf(t);
  if (outcome === 'served') return t.served?.counterId;
  if (outcome === 'no-show') return t.noShow?.counterId;
  return t.firstCall?.counterId;
}

// ── ratings ──────────────────────────────────────────────────────────────────────────────────

export const INDICATORS = ['overall', 'efficiency', 'quality', 'attitude'] as const;
export type Indicator = (typeof INDICATORS)[number];

/** A bad rating's follow-up case, as far as the reports need it. */
export interface FollowUpFacts {
  /** Events in the case so far (a case only grows): the facts of the longer history win. */
  version: number;
  receivedAt: number;
  callbackDue: number;
  calledBackAt?: number;
  feedbackDue: number;
  fedBackAt?: number;
  fixDue?: number;
  rectifiedAt?: number;
  voided: boolean;
  closedAt?: number;
  reopenCount: number;
}

export interface RatingFacts {
  level: number;
  serviceId: string;
  counterId?: string;
  indicators?: Record<Indicator, number>;
  /** The citizen left a phone for a callback (实名). */
  named: boolean;
  followUp?: FollowUpFacts;
}

/** Rating facts from a replicated rating document, or undefined when it is not one. */
export function ratingFactsOf(doc: Record<string, unknown>): RatingFacts | undefined {
  const level = doc.level;
  if (doc.type !== 'rating' || typeof level !== 'number' || level < 1 || level > 5) return undefined;
  if (typeof doc.serviceId !== 'string') return undefined;
  const ind = doc.indicators as Record<string, unknown> | undefined;
  const indicators =
    ind && INDICATORS.every((k) => typeof ind[k] === 'number')
      ? (Object.fromEntries(INDICATORS.map((k) => [k, ind[k] as number])) as Record<Indicator, number>)
      : undefined;
  return clean({
    level: Math.round(level),
    serviceId: doc.serviceId,
    counterId: typeof doc.counterId === 'string' ? doc.counterId : undefined,
    indicators,
    named: typeof doc.phone === 'string' && doc.phone !== '',
  });
}

const newer = <T extends { version: number }>(a: T | undefined, b: T | undefined): T | undefined =>
  a === undefined ? b : b === undefined ? a : b.version > a.version ? b : a;

/** Rating facts from the station merged with the follow-up from the hub (the newer case wins). */
export function mergeRatingFacts(a: Partial<RatingFacts>, b: Partial<RatingFacts>): Partial<RatingFacts> {
  const station = a.level !== undefined ? a : b;
  const { followUp: _a, ...base } = station;
  return clean({ ...base, followUp: newer(a.followUp, b.followUp) });
}

export const isVoided = (r: Partial<RatingFacts>): boolean => r.followUp?.voided === true;

// ── requests (诉求) ─────────────────────────────────────────────────────────────────────────

/** A request's case, as far as the reports need it. */
export interface RequestCaseFacts {
  /** Events in the case so far: the facts of the longer history win. */
  version: number;
  department?: string;
  receivedAt: number;
  contactDue: number;
  contactedAt?: number;
  feedbackDue: number;
  /** When the reply was given, or (long-running) when it was marked long-running. */
  fedBackAt?: number;
  closedAt?: number;
  reopenCount: number;
}

export interface RequestFacts {
  category?: string;
  kioskAt?: number;
  case?: RequestCaseFacts;
}

export function requestFactsOf(doc: Record<string, unknown>): RequestFacts | undefined {
  if (doc.type !== 'request') return undefined;
  return clean({
    category: typeof doc.category === 'string' ? doc.category : undefined,
    kioskAt: typeof doc.kioskAt === 'number' ? doc.kioskAt : undefined,
  });
}

export function mergeRequestFacts(a: RequestFacts, b: RequestFacts): RequestFacts {
  return clean({
    category: a.category ?? b.category,
    kioskAt: a.kioskAt ?? b.kioskAt,
    case: newer(a.case, b.case),
  });
}

// ── cases ────────────────────────────────────────────────────────────────────────────────────

const dueAt = (dues: CaseDues, name: keyof CaseDues['dues']) => dues.dues[name]?.at;

/**
 * What the reports keep of a case: its deadlines as instants (computed with the calendar at the
 * time the case last changed) and when each step was done.
 */
export function caseFactsOf(
  state: CaseState,
  events: readonly CaseEvent[],
  calendar: WorkingCalendar,
): { kind: 'request'; facts: RequestCaseFacts } | { kind: 'rating'; facts: FollowUpFacts } {
  const dues = duesOf(state, calendar, state.receivedAt);
  if (state.kind === 'request') {
    const longRunningAt = events.find((e) => e.type === 'MarkedLongRunning')?.data as
      | { at: number }
      | undefined;
    return {
      kind: 'request',
      facts: clean({
        version: events.length,
        department: state.department,
        receivedAt: state.receivedAt,
        contactDue: dueAt(dues, 'contactBy') ?? state.receivedAt,
        contactedAt: state.contactedAt,
        feedbackDue: dueAt(dues, 'feedbackBy') ?? state.receivedAt,
        fedBackAt: minOf(state.repliedAt, longRunningAt?.at),
        closedAt: state.status === 'closed' ? state.closedAt : undefined,
        reopenCount: state.reopenCount,
      }),
    };
  }
  return {
    kind: 'rating',
    facts: clean({
      version: events.length,
      receivedAt: state.receivedAt,
      callbackDue: dueAt(dues, 'callbackBy') ?? state.receivedAt,
      calledBackAt: state.calledBackAt,
      feedbackDue: dueAt(dues, 'feedbackBy') ?? state.receivedAt,
      fedBackAt: state.fedBackAt,
      fixDue: dueAt(dues, 'fixBy'),
      rectifiedAt: state.rectifiedAt,
      voided: state.voided,
      closedAt: state.status === 'closed' ? state.closedAt : undefined,
      reopenCount: state.reopenCount,
    }),
  };
}
