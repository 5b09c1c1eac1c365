/**
 * Wait estimate for a new ticket, as a range: how many tickets would be called before it, and
 * how long that takes given recent service times and the counters serving the service.
 *
 * The agent reads the figures from its queue state (`estimateWait`, `estimateForTicket`); a reader
 * of the station's documents (the hub's ticket page) gathers the same figures from a station day's
 * ticket documents (`estimateFromTickets`). Both end in the same arithmetic (`waitRange`).
 */
import { DEFAULT_SERVICE_WINDOW } from './config.ts';
import type {
  CallingPolicy,
  CounterConfig,
  QueueState,
  TicketKind,
  TicketView,
  WaitEstimate,
} from './types.ts';

const MINUTE = 60_000;
/** Fewer finished services than this and the estimate falls back to the configured mean. */
const MIN_SAMPLES = 3;

export interface ServiceTimeStats {
  /** Mean service time, seconds. */
  mean: number;
  /** Lower and upper quartile (or ±20–25 % around the configured mean), seconds. */
  low: number;
  high: number;
  /** Finished services the figures come from (0 = configured `avgMinutes`). */
  samples: number;
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}

/** Service time of a service from the recent window, falling back to its configured mean. */
export function serviceTimeStats(state: QueueState, serviceId: string): ServiceTimeStats {
  const avgMinutes = state.config.services.find((s) => s.id === serviceId)?.avgMinutes;
  return statsOf(state.recentServiceSeconds[serviceId] ?? [], avgMinutes);
}

/** Service time from recent service times (seconds), falling back to the configured mean. */
function statsOf(recent: readonly number[], avgMinutes = 10): ServiceTimeStats {
  if (recent.length >= MIN_SAMPLES) {
    const sorted = [...recent].sort((a, b) => a - b);
    const mean = sorted.reduce((s, x) => s + x, 0) / sorted.length;
    return {
      mean,
      low: Math.min(mean, quantile(sorted, 0.25)),
      high: Math.max(mean, quantile(sorted, 0.75)),
      samples: sorted.length,
    };
  }
  const mean = avgMinutes * 60;
  return { mean, low: mean * 0.8, high: mean * 1.25, samples: 0 };
}

/** Expected service time of a service in milliseconds (mean of the recent window or configured). */
export function expectedServiceMs(state: QueueState, serviceId: string): number {
  return serviceTimeStats(state, serviceId).mean * 1000;
}

/** The fields of a ticket that place it in its queue. */
type Placed = Pick<TicketView, 'front' | 'kind' | 'queuedAt'>;

/** Whether a waiting ticket would be called before a new ticket of `kind` issued at `at`. */
function isAhead(t: Placed, kind: TicketKind, policy: CallingPolicy, at: number): boolean {
  if (t.front) return true;
  if (kind === 'normal') return true;
  switch (policy.kind) {
    case 'fifo':
      return true;
    case 'strict':
      return t.kind === 'green';
    case 'default':
      return t.kind === 'green' || t.queuedAt < at - policy.greenHeadStartMinutes * MINUTE;
    default: {
      const never: never = policy.kind;
      throw new Error(`Unknown calling policy: ${String(never)}`);
    }
  }
}

/**
 * Estimated wait for a new ticket of `kind` for `serviceId` issued at `at`.
 * `openCounterIds` narrows the counters taken as staffed (default: every counter serving the service).
 * Each counter contributes the share of its waiting tickets that belong to this service.
 */
export function estimateWait(
  state: QueueState,
  serviceId: string,
  kind: TicketKind,
  at: number,
  openCounterIds?: readonly string[],
): WaitEstimate {
  const policy = state.config.calling;
  let ahead = 0;
  state.waiting[serviceId]?.forEach((_, id) => {
    const t = state.tickets.get(id);
    if (t && t.status === 'waiting' && isAhead(t, kind, policy, at)) ahead++;
  });
  const counters = state.config.counters.filter(
    (c) => c.services.includes(serviceId) && (openCounterIds === undefined || openCounterIds.includes(c.id)),
  );
  return waitRange({
    serviceId,
    ahead,
    counters,
    busy: (counterId) => state.counters[counterId]?.currentTicketId !== undefined,
    waiting: (id) => state.waiting[id]?.size ?? 0,
    stats: () => serviceTimeStats(state, serviceId),
  });
}

/** What a wait range is worked out from, however it was gathered. */
interface WaitFigures {
  serviceId: string;
  /** Tickets that would be called before the new ticket. */
  ahead: number;
  /** Counters taken as serving the service. */
  counters: readonly CounterConfig[];
  /** Whether a counter is serving someone now. */
  busy: (counterId: string) => boolean;
  /** Waiting tickets of a service. */
  waiting: (serviceId: string) => number;
  stats: () => ServiceTimeStats;
}

/**
 * The range: the tickets ahead shared by the counters at the faster service times, up to the
 * tickets ahead (and the one being served when every counter is busy) at the slower service
 * times over this service's share of its counters' queues.
 */
function waitRange({
  serviceId,
  ahead,
  counters,
  busy,
  waiting,
  stats: statsFor,
}: WaitFigures): WaitEstimate {
  if (counters.length === 0) return { ahead, minMinutes: 0, maxMinutes: 0 };
  const allBusy = counters.every((c) => busy(c.id));
  if (ahead === 0 && !allBusy) return { ahead, minMinutes: 0, maxMinutes: 0 };

  const own = waiting(serviceId);
  let share = 0;
  for (const c of counters) {
    const total = c.services.reduce((n, s) => n + waiting(s), 0);
    share += total === 0 ? 1 : Math.max(own, 1) / Math.max(total, 1);
  }
  const stats = statsFor();
  const minSeconds = (ahead * stats.low) / counters.length;
  const maxSeconds = ((ahead + (allBusy ? 1 : 0)) * stats.high) / Math.max(share, 0.25);
  const minMinutes = Math.floor(minSeconds / 60);
  const maxMinutes = Math.max(minMinutes + 1, Math.ceil(maxSeconds / 60));
  return { ahead, minMinutes, maxMinutes };
}

/**
 * Tickets ahead, per state and ticket version: neither ever changes (each event gives new ones),
 * and the same ticket is asked about several times per state (its slip, the reply, the screens).
 */
const aheadByState = new WeakMap<QueueState, WeakMap<TicketView, number>>();

/** Waiting tickets of the same service queued before this one (front transfers first). */
export function ticketsAhead(state: QueueState, ticket: TicketView): number {
  if (ticket.status !== 'waiting') return 0;
  let known = aheadByState.get(state);
  const cached = known?.get(ticket);
  if (cached !== undefined) return cached;
  const ahead = countAhead(state, ticket);
  if (!known) {
    known = new WeakMap();
    aheadByState.set(state, known);
  }
  known.set(ticket, ahead);
  return ahead;
}

function countAhead(state: QueueState, ticket: TicketView): number {
  let ahead = 0;
  state.waiting[ticket.serviceId]?.forEach((_, id) => {
    if (id === ticket.id) return;
    const other = state.tickets.get(id);
    if (other && isBefore(other, ticket)) ahead++;
  });
  return ahead;
}

/** Whether a waiting ticket of the same service is called before `ticket` (front transfers first). */
function isBefore(other: Placed, ticket: Placed): boolean {
  return other.front
    ? !ticket.front || other.queuedAt < ticket.queuedAt
    : !ticket.front && other.queuedAt < ticket.queuedAt;
}

/**
 * The wait range of a ticket already waiting: the estimate for its service and kind, scaled to
 * the tickets actually ahead of it.
 */
export function estimateForTicket(state: QueueState, ticket: TicketView, at: number): WaitEstimate {
  const ahead = ticketsAhead(state, ticket);
  if (ticket.status !== 'waiting') return { ahead, minMinutes: 0, maxMinutes: 0 };
  return scaledTo(estimateWait(state, ticket.serviceId, ticket.kind, at), ahead);
}

/** The estimate for a new ticket of a service, scaled to the `ahead` tickets of one waiting. */
function scaledTo(whole: WaitEstimate, ahead: number): WaitEstimate {
  if (whole.ahead === 0) return { ...whole, ahead };
  const minMinutes = Math.floor((whole.minMinutes * ahead) / whole.ahead);
  const maxMinutes = Math.max(
    minMinutes + 1,
    Math.ceil((whole.maxMinutes * (ahead + 1)) / (whole.ahead + 1)),
  );
  return ahead === 0
    ? { ahead, minMinutes: 0, maxMinutes: Math.min(maxMinutes, whole.maxMinutes) }
    : { ahead, minMinutes, maxMinutes };
}

/** A ticket as its station document has it: what a reader without the queue's state knows. */
export type TicketFacts = Pick<
  TicketView,
  'id' | 'serviceId' | 'status' | 'kind' | 'front' | 'queuedAt' | 'counterId' | 'endedAt' | 'serviceSeconds'
>;

/** What the estimate needs of the station's configuration. */
export interface EstimateStation {
  services: ReadonlyArray<{ id: string; avgMinutes: number }>;
  counters: readonly CounterConfig[];
  calling: CallingPolicy;
  serviceWindow?: number;
}

/**
 * The wait range of a ticket from its station day's ticket documents (`day`, the ticket among
 * them or not) and the station's services and counters: the agent's `estimateForTicket`, for a
 * reader without the queue's state. A counter is busy while a ticket of the day is called to it;
 * service times are the day's finished services (the agent also keeps earlier days').
 */
export function estimateFromTickets(
  ticket: TicketFacts,
  day: readonly TicketFacts[],
  station: EstimateStation,
  at: number,
): WaitEstimate {
  if (ticket.status !== 'waiting') return { ahead: 0, minMinutes: 0, maxMinutes: 0 };
  const others = day.filter((t) => t.id !== ticket.id);
  const queue = [ticket, ...queueOf(ticket, others)];
  const waitingBy = new Map<string, number>();
  for (const t of [ticket, ...others]) {
    if (t.status === 'waiting') waitingBy.set(t.serviceId, (waitingBy.get(t.serviceId) ?? 0) + 1);
  }
  const recent = others
    .filter(
      (t) => t.serviceId === ticket.serviceId && t.status === 'served' && t.serviceSeconds !== undefined,
    )
    .sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0))
    .map((t) => t.serviceSeconds as number)
    .slice(-(station.serviceWindow ?? DEFAULT_SERVICE_WINDOW));
  const whole = waitRange({
    serviceId: ticket.serviceId,
    ahead: queue.filter((t) => isAhead(t, ticket.kind, station.calling, at)).length,
    counters: station.counters.filter((c) => c.services.includes(ticket.serviceId)),
    busy: (counterId) => others.some((t) => t.status === 'called' && t.counterId === counterId),
    waiting: (serviceId) => waitingBy.get(serviceId) ?? 0,
    stats: () => statsOf(recent, station.services.find((s) => s.id === ticket.serviceId)?.avgMinutes),
  });
  return scaledTo(whole, aheadFromTickets(ticket, others));
}

/** The other waiting tickets of a ticket's service. */
function queueOf(ticket: TicketFacts, day: readonly TicketFacts[]): TicketFacts[] {
  return day.filter((t) => t.status === 'waiting' && t.serviceId === ticket.serviceId && t.id !== ticket.id);
}

/** `ticketsAhead` from the station day's ticket documents. */
export function aheadFromTickets(ticket: TicketFacts, day: readonly TicketFacts[]): number {
  if (ticket.status !== 'waiting') return 0;
  return queueOf(ticket, day).filter((t) => isBefore(t, ticket)).length;
}
