/**
 * `evolve(state, event) → state`: applies one event without touching the input state. O(log n) in
 * the number of tickets (persistent maps) plus O(services + counters) for the small per-station
 * records.
 */
import { DEFAULT_SERVICE_WINDOW } from './config.ts';
import { emptyPersistentMap } from './persistent-map.ts';
import type { QueueEvent, QueueState, TicketView } from './types.ts';

function withTicket(state: QueueState, ticket: TicketView): QueueState['tickets'] {
  return state.tickets.set(ticket.id, ticket);
}

function addWaiting(state: QueueState, serviceId: string, ticketId: string): QueueState['waiting'] {
  const current = state.waiting[serviceId] ?? emptyPersistentMap<true>();
  return { ...state.waiting, [serviceId]: current.set(ticketId, true) };
}

function removeWaiting(state: QueueState, serviceId: string, ticketId: string): QueueState['waiting'] {
  const current = state.waiting[serviceId];
  if (!current?.has(ticketId)) return state.waiting;
  return { ...state.waiting, [serviceId]: current.delete(ticketId) };
}

function freeCounter(
  state: QueueState,
  counterId: string | undefined,
  ticketId: string,
): QueueState['counters'] {
  if (counterId === undefined) return state.counters;
  const c = state.counters[counterId];
  if (!c || c.currentTicketId !== ticketId) return state.counters;
  const { currentTicketId: _, ...rest } = c;
  return { ...state.counters, [counterId]: rest };
}

/** Ends a called ticket (served, no-show, cancelled) or puts it back in a queue. */
function leaveCounter(state: QueueState, t: TicketView): Pick<QueueState, 'counters' | 'waiting'> {
  return {
    counters: freeCounter(state, t.counterId, t.id),
    waiting: t.status === 'waiting' ? removeWaiting(state, t.serviceId, t.id) : state.waiting,
  };
}

/** Applies one event; returns a new state and leaves the given one unchanged. */
export function evolve(state: QueueState, event: QueueEvent): QueueState {
  const lastEventAt = Math.max(state.lastEventAt, event.data.at);
  switch (event.type) {
    case 'TicketIssued': {
      const d = event.data;
      const ticket: TicketView = {
        id: d.ticketId,
        number: d.number,
        serviceId: d.serviceId,
        day: d.day,
        seq: d.seq,
        kind: d.kind,
        status: 'waiting',
        issuedAt: d.issuedAt,
        queuedAt: d.issuedAt,
        front: false,
        recalls: 0,
        returnedToQueue: false,
        calls: 0,
        printed: 0,
        lang: d.lang,
        ...(d.green ? { green: d.green } : {}),
      };
      const key = `${d.day}|${d.serviceId}`;
      return {
        ...state,
        tickets: withTicket(state, ticket),
        waiting: addWaiting(state, d.serviceId, d.ticketId),
        dayCounters: state.dayCounters.set(key, Math.max(state.dayCounters.get(key) ?? 0, d.seq)),
        dayIssued: state.dayIssued.set(key, (state.dayIssued.get(key) ?? 0) + 1),
        idempotency:
          d.idempotencyKey !== undefined
            ? state.idempotency.set(d.idempotencyKey, d.ticketId)
            : state.idempotency,
        lastEventAt,
      };
    }
    case 'GreenChannelGranted': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      const { groupId, how, needsConfirmation } = event.data;
      return {
        ...state,
        tickets: withTicket(state, { ...t, kind: 'green', green: { groupId, how, needsConfirmation } }),
        lastEventAt,
      };
    }
    case 'TicketCalled': {
      const d = event.data;
      const t = state.tickets.get(d.ticketId);
      if (!t) return { ...state, lastEventAt };
      const called: TicketView = {
        ...t,
        status: 'called',
        calledAt: d.at,
        counterId: d.counterId,
        recalls: 0,
        calledRule: d.rule,
        calls: t.calls + 1,
        front: false,
      };
      const counter = state.counters[d.counterId] ?? { id: d.counterId, calls: 0 };
      return {
        ...state,
        tickets: withTicket(state, called),
        waiting: removeWaiting(state, t.serviceId, t.id),
        counters: {
          ...state.counters,
          [d.counterId]: { ...counter, currentTicketId: t.id, lastCallAt: d.at, calls: counter.calls + 1 },
        },
        greenStreak: t.kind === 'green' ? state.greenStreak + 1 : 0,
        lastEventAt,
      };
    }
    case 'TicketRecalled': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      return { ...state, tickets: withTicket(state, { ...t, recalls: event.data.recalls }), lastEventAt };
    }
    case 'TicketReturnedToQueue': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      const back: TicketView = {
        ...t,
        status: 'waiting',
        queuedAt: event.data.at,
        returnedToQueue: true,
        recalls: 0,
      };
      const { counterId: _, calledAt: __, ...rest } = back;
      const mid = { ...state, counters: freeCounter(state, t.counterId, t.id) };
      return {
        ...mid,
        tickets: withTicket(state, rest),
        waiting: addWaiting(state, t.serviceId, t.id),
        lastEventAt,
      };
    }
    case 'TicketTransferred': {
      const d = event.data;
      const t = state.tickets.get(d.ticketId);
      if (!t) return { ...state, lastEventAt };
      const { counterId: _, calledAt: __, ...rest } = t;
      const moved: TicketView = {
        ...rest,
        serviceId: d.toServiceId,
        status: 'waiting',
        queuedAt: d.at,
        front: d.position === 'front',
        recalls: 0,
      };
      const afterLeave = { ...state, ...leaveCounter(state, t) };
      return {
        ...afterLeave,
        tickets: withTicket(state, moved),
        waiting: addWaiting(afterLeave, d.toServiceId, d.ticketId),
        lastEventAt,
      };
    }
    case 'TicketServed': {
      const d = event.data;
      const t = state.tickets.get(d.ticketId);
      if (!t) return { ...state, lastEventAt };
      const window = state.config.serviceWindow ?? DEFAULT_SERVICE_WINDOW;
      const recent = [...(state.recentServiceSeconds[t.serviceId] ?? []), d.serviceSeconds].slice(-window);
      return {
        ...state,
        ...leaveCounter(state, t),
        tickets: withTicket(state, {
          ...t,
          status: 'served',
          endedAt: d.at,
          serviceSeconds: d.serviceSeconds,
        }),
        recentServiceSeconds: { ...state.recentServiceSeconds, [t.serviceId]: recent },
        lastEventAt,
      };
    }
    case 'TicketNoShow':
    case 'TicketCancelled': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      const status = event.type === 'TicketNoShow' ? 'no-show' : 'cancelled';
      return {
        ...state,
        ...leaveCounter(state, t),
        tickets: withTicket(state, { ...t, status, endedAt: event.data.at }),
        lastEventAt,
      };
    }
    case 'TicketRestored': {
      const t = state.tickets.get(event.data.ticketId);
      if (t?.status !== 'no-show') return { ...state, lastEventAt };
      // Back in its queue with the queue time it had: the place it was called from.
      const { counterId: _, calledAt: __, endedAt: ___, ...rest } = t;
      const restored: TicketView = { ...rest, status: 'waiting', recalls: 0 };
      return {
        ...state,
        tickets: withTicket(state, restored),
        waiting: addWaiting(state, t.serviceId, t.id),
        lastEventAt,
      };
    }
    case 'TicketReprinted':
      return { ...state, lastEventAt };
    case 'TicketPrinted': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      return { ...state, tickets: withTicket(state, { ...t, printed: t.printed + 1 }), lastEventAt };
    }
    case 'GreenChannelConfirmed': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      return { ...state, tickets: withTicket(state, { ...t, greenConfirmed: true }), lastEventAt };
    }
    case 'GreenChannelDeclined': {
      const t = state.tickets.get(event.data.ticketId);
      if (!t) return { ...state, lastEventAt };
      // Back to the normal queue at the place its issue time gives it.
      const { counterId: _, calledAt: __, ...rest } = t;
      const declined: TicketView = {
        ...rest,
        kind: 'normal',
        greenConfirmed: false,
        status: 'waiting',
        queuedAt: t.issuedAt,
        recalls: 0,
      };
      return {
        ...state,
        counters: freeCounter(state, t.counterId, t.id),
        tickets: withTicket(state, declined),
        waiting: addWaiting(state, t.serviceId, t.id),
        lastEventAt,
      };
    }
    default: {
      const never: never = event;
      throw new Error(`Unknown queue event: ${JSON.stringify((never as { type?: unknown }).type)}`);
    }
  }
}

/** Applies events in order (e.g. at start-up). */
export function evolveAll(state: QueueState, events: Iterable<QueueEvent>): QueueState {
  let s = state;
  for (const e of events) s = evolve(s, e);
  return s;
}
