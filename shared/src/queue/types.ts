/**
 * Queue domain types: station configuration, commands, events and the state derived from events.
 * Time is always epoch milliseconds passed in by the caller; days are station days 'YYYY-MM-DD'.
 */

export type TicketKind = 'green' | 'normal';
export type GreenHow = 'id-age' | 'list' | 'declared';
export type Lang = 'zh' | 'en';

/** Why a ticket is in the green channel. `needsConfirmation`: staff confirm it when called. */
export interface GreenGrant {
  groupId: string;
  how: GreenHow;
  needsConfirmation: boolean;
}

/**
 * Opening hours. 'HH:MM' in station time; `to` may be '24:00'; `from` > `to` means the span runs
 * past midnight (the weekday check uses the day the span started).
 * 'working-days' follows `StationQueueConfig.calendar` (official rest days and adjusted working days).
 */
export interface OpeningHours {
  days: 'mon-sun' | 'mon-fri' | 'sat-sun' | 'working-days';
  from: string;
  to: string;
}

export interface ServiceConfig {
  id: string;
  /** One capital letter, e.g. 'A'. */
  prefix: string;
  name: { zh: string; en: string };
  /** Fallback mean service time when too few services were finished recently. */
  avgMinutes: number;
  /** Tickets per station day, ≤ 999. */
  dailyCap: number;
  /** `nearCap` from this many tickets issued on the day. */
  warnAt: number;
  /** Overrides the station hours for this service. */
  hours?: OpeningHours[];
}

export interface CounterConfig {
  id: string;
  services: string[];
  /** Counter reserved for one kind: serves that kind first, the other only when none of it waits. */
  reserved?: TicketKind;
}

export type CallingPolicyKind = 'default' | 'fifo' | 'strict';

export interface CallingPolicy {
  kind: CallingPolicyKind;
  /** Green ticket's effective arrival = arrival − head start (default policy). */
  greenHeadStartMinutes: number;
  /** After this many green calls in a row at the station, one normal ticket if any waits (default policy). */
  greenQuota: number;
  /** Aging (default policy): a normal ticket waiting longer than this is called before green tickets. */
  maxExtraWaitMinutes: number;
}

/**
 * Working-day calendar as data: `years` it covers, `restDays` (holidays, also on weekdays) and
 * `workDays` (adjusted working days, also on weekends). Days outside `years` count Monday–Friday
 * as working days (a station never refuses a ticket for want of a year's holiday data).
 */
export interface WorkingDayCalendar {
  years: number[];
  restDays: string[];
  workDays: string[];
}

export interface StationQueueConfig {
  stationId: string;
  /** IANA time zone of the station, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  services: ServiceConfig[];
  counters: CounterConfig[];
  hours: OpeningHours[];
  calling: CallingPolicy;
  /** Recalls allowed per call; the next one returns the ticket to the queue (once), then no-show. */
  recallMax: number;
  calendar?: WorkingDayCalendar;
  /** Recent service times kept per service for estimates (default 20). */
  serviceWindow?: number;
  /** Minutes after a no-show within which staff can restore the ticket to its place (default 10). */
  noShowUndoMinutes?: number;
  /**
   * Station day on which the station started again without its history (a new local store the
   * hub could not refill yet). Numbers of that day resume above `RESTORE_NUMBER_FLOOR`, where the
   * numbers issued before the loss cannot be.
   */
  restoredWithoutHistory?: string;
}

// ---------------------------------------------------------------------------------------------
// Commands (`at` = epoch ms; `by` = staff id or 'kiosk')

export type QueueCommand =
  | {
      /** The decider gives the ticket its sequence, number and id. */
      type: 'IssueTicket';
      data: {
        serviceId: string;
        at: number;
        green?: GreenGrant;
        idempotencyKey?: string;
        lang?: Lang;
      };
    }
  | { type: 'CallNext'; data: { counterId: string; at: number; by: string } }
  | { type: 'CallTicket'; data: { counterId: string; ticketId: string; at: number; by: string } }
  | { type: 'Recall'; data: { counterId: string; at: number; by: string } }
  | { type: 'MarkNoShow'; data: { counterId: string; at: number; by: string } }
  /** Undoes a no-show marked by mistake: the ticket waits again at its original place. */
  | { type: 'RestoreNoShow'; data: { ticketId: string; counterId: string; at: number; by: string } }
  | {
      type: 'Transfer';
      data: { counterId: string; toServiceId: string; position: 'front' | 'back'; at: number; by: string };
    }
  | { type: 'Finish'; data: { counterId: string; at: number; by: string } }
  | { type: 'CancelTicket'; data: { ticketId: string; reason: string; at: number; by: string } }
  | { type: 'Reprint'; data: { ticketId: string; at: number; by: string } }
  | { type: 'ConfirmGreen'; data: { counterId: string; confirmed: boolean; at: number; by: string } }
  | { type: 'RecordPrinted'; data: { ticketId: string; jobId: string; reprint: boolean; at: number } };

export type QueueCommandType = QueueCommand['type'];

// ---------------------------------------------------------------------------------------------
// Calling rules and explanations

/** Which rule chose a called ticket. */
export type CallRule =
  | 'manual'
  | 'fifo'
  | 'green-first'
  | 'green-quota'
  | 'aging'
  | 'reserved-counter'
  | 'strict-priority'
  | 'transfer-front';

/** A human explanation as an i18n key plus parameters, e.g. { key: 'call.rule.aging', params: { minutes: 23 } }. */
export interface Explanation {
  key: string;
  params: Record<string, string | number>;
}

// ---------------------------------------------------------------------------------------------
// Events ({ type, data }, PascalCase past tense)

interface EventBase {
  ticketId: string;
  stationId: string;
  at: number;
}

export interface TicketIssuedData extends EventBase {
  serviceId: string;
  day: string;
  seq: number;
  /** Prefix + 3 digits, e.g. 'A001'. */
  number: string;
  kind: TicketKind;
  green?: GreenGrant;
  issuedAt: number;
  idempotencyKey?: string;
  lang: Lang;
  by: string;
}

export type QueueEvent =
  | { type: 'TicketIssued'; data: TicketIssuedData }
  | {
      type: 'GreenChannelGranted';
      data: EventBase & { groupId: string; how: GreenHow; needsConfirmation: boolean };
    }
  | {
      type: 'TicketCalled';
      data: EventBase & {
        counterId: string;
        by: string;
        rule: CallRule;
        explanation: Explanation;
        kind: TicketKind;
        /** Milliseconds the ticket waited since it was (re)queued. */
        waitedMs: number;
      };
    }
  | { type: 'TicketRecalled'; data: EventBase & { counterId: string; by: string; recalls: number } }
  | { type: 'TicketReturnedToQueue'; data: EventBase & { counterId: string; by: string; recalls: number } }
  | {
      type: 'TicketNoShow';
      data: EventBase & { counterId: string; by: string; reason: 'staff' | 'recall-limit' };
    }
  | {
      /** A no-show undone: the ticket waits again with its original queue time. */
      type: 'TicketRestored';
      data: EventBase & { counterId: string; by: string; noShowAt: number };
    }
  | {
      type: 'TicketTransferred';
      data: EventBase & {
        counterId: string;
        by: string;
        fromServiceId: string;
        toServiceId: string;
        position: 'front' | 'back';
      };
    }
  | { type: 'TicketServed'; data: EventBase & { counterId: string; by: string; serviceSeconds: number } }
  | { type: 'TicketCancelled'; data: EventBase & { by: string; reason: string; counterId?: string } }
  | { type: 'TicketReprinted'; data: EventBase & { by: string } }
  | { type: 'TicketPrinted'; data: EventBase & { jobId: string; reprint: boolean } }
  | { type: 'GreenChannelConfirmed'; data: EventBase & { counterId: string; by: string; groupId: string } }
  | {
      /** The declared group was not confirmed: the ticket becomes normal and waits at its original place. */
      type: 'GreenChannelDeclined';
      data: EventBase & { counterId: string; by: string; groupId: string };
    };

export type QueueEventType = QueueEvent['type'];
export type QueueEventOf<T extends QueueEventType> = Extract<QueueEvent, { type: T }>;

// ---------------------------------------------------------------------------------------------
// State

export type TicketStatus = 'waiting' | 'called' | 'served' | 'no-show' | 'cancelled';

export interface TicketView {
  id: string;
  number: string;
  serviceId: string;
  day: string;
  seq: number;
  kind: TicketKind;
  green?: GreenGrant;
  /** Set when a declared group was confirmed (true) or declined (false) at the counter. */
  greenConfirmed?: boolean;
  status: TicketStatus;
  issuedAt: number;
  /** Ordering key: issue time, or the time of the transfer / return to the queue. */
  queuedAt: number;
  /** Transferred 'front': called before every other ticket of its service. */
  front: boolean;
  calledAt?: number;
  counterId?: string;
  recalls: number;
  /** The ticket went back to the queue once after the recall limit. */
  returnedToQueue: boolean;
  calledRule?: CallRule;
  calls: number;
  printed: number;
  lang: Lang;
  endedAt?: number;
  serviceSeconds?: number;
}

export interface CounterState {
  id: string;
  currentTicketId?: string;
  lastCallAt?: number;
  /** Calls made by this counter (all days). */
  calls: number;
}

/**
 * Read-only map with cheap persistent updates (structure shared between versions).
 * Iteration order is not insertion order.
 */
export interface PersistentMap<V> extends ReadonlyMap<string, V> {
  set(key: string, value: V): PersistentMap<V>;
  delete(key: string): PersistentMap<V>;
}

export interface QueueState {
  config: StationQueueConfig;
  /** `${day}|${serviceId}` → last sequence number issued. */
  dayCounters: PersistentMap<number>;
  /** `${day}|${serviceId}` → tickets issued (the daily cap counts these). */
  dayIssued: PersistentMap<number>;
  tickets: PersistentMap<TicketView>;
  /** serviceId → ids of waiting tickets of that service. */
  waiting: Readonly<Record<string, PersistentMap<true>>>;
  counters: Readonly<Record<string, CounterState>>;
  /** Green calls in a row at the station (reset by a normal call). */
  greenStreak: number;
  /** idempotency key → ticket id. */
  idempotency: PersistentMap<string>;
  /** serviceId → the most recent service durations in seconds, oldest first (bounded). */
  recentServiceSeconds: Readonly<Record<string, readonly number[]>>;
  /** Time of the last applied event (0 before any). */
  lastEventAt: number;
}

/** The next call a counter would make and why. */
export interface NextCall {
  ticketId: string;
  rule: CallRule;
  explanation: Explanation;
}

export interface ServiceStatus {
  open: boolean;
  closedReason?: 'hours' | 'cap' | 'no-counter';
  waiting: number;
  issuedToday: number;
  nearCap: boolean;
}

export interface WaitEstimate {
  /** Tickets that would be called before a new ticket of this kind. */
  ahead: number;
  minMinutes: number;
  maxMinutes: number;
}
