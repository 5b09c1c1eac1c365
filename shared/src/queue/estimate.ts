/**
 * Wait estimate for a new ticket, as a range: how many tickets would be called before it, and
 * how long that takes given recent service times and the counters serving the service.
 */
import type { CallingPolicy, QueueState, TicketKind, TicketView, WaitEstimate } from './types.ts';

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
  const recent = state.recentServiceSeconds[serviceId] ?? [];
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
  const avgMinutes = state.config.services.find((s) => s.id === serviceId)?.avgMinutes ?? 10;
  const mean = avgMinutes * 60;
  return { mean, low: mean * 0.8, high: mean * 1.25, samples: 0 };
}

/** Expected service time of a service in milliseconds (mean of the recent window or configured). */
export function expectedServiceMs(state: QueueState, serviceId: string): number {
  return serviceTimeStats(state, serviceId).mean * 1000;
}

/** Whether a waiting ticket would be called before a new ticket of `kind` issued at `at`. */
function isAhead(t: TicketView, kind: TicketKind, policy: CallingPolicy, at: number): boolean {
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
  if (counters.length === 0) return { ahead, minMinutes: 0, maxMinutes: 0 };
  const allBusy = counters.every((c) => state.counters[c.id]?.currentTicketId !== undefined);
  if (ahead === 0 && !allBusy) return { ahead, minMinutes: 0, maxMinutes: 0 };

  const own = state.waiting[serviceId]?.size ?? 0;
  let share = 0;
  for (const c of counters) {
    const total = c.services.reduce((n, s) => n + (state.waiting[s]?.size ?? 0), 0);
    share += total === 0 ? 1 : Math.max(own, 1) / Math.max(total, 1);
  }
  const stats = serviceTimeStats(state, serviceId);
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
    if (!other) return;
    if (other.front && !ticket.front) ahead++;
    else if (other.front === ticket.front && other.queuedAt < ticket.queuedAt) ahead++;
  });
  return ahead;
}

/**
 * The wait range of a ticket already waiting: the estimate for its service and kind, scaled to
 * the tickets actually ahead of it.
 */
export function estimateForTicket(state: QueueState, ticket: TicketView, at: number): WaitEstimate {
  const ahead = ticketsAhead(state, ticket);
  if (ticket.status !== 'waiting') return { ahead, minMinutes: 0, maxMinutes: 0 };
  const whole = estimateWait(state, ticket.serviceId, ticket.kind, at);
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
