/**
 * The station queue as a service: the single writer of the station's tickets.
 * Each command is decided against the current state, its events are written to the local
 * store, and only then does the state in memory change and do listeners hear of it.
 * Commands run one at a time, in arrival order.
 */
import { MAX_TICKET_SEQ, ticketId } from '@xz/shared/ids';
import { decide, evolve, evolveAll, initialState, issuedOn } from '@xz/shared/queue/decider';
import type {
  QueueCommand,
  QueueEvent,
  QueueState,
  StationQueueConfig,
  TicketView,
} from '@xz/shared/queue/types';

type IssueData = Extract<QueueCommand, { type: 'IssueTicket' }>['data'];

import { addDays } from '@xz/shared/calendar/day';
import { createStationTime } from '@xz/shared/time';
import type { EventStore } from './store/event-store.ts';

export type QueueListener = (events: readonly QueueEvent[], state: QueueState) => void;

export interface QueueService {
  state(): QueueState;
  /** Decides, persists, applies; resolves with the events written (none for a repeated key). */
  execute(command: QueueCommand): Promise<QueueEvent[]>;
  /** Issues a ticket; its id follows the number the queue gives it (see shared ids). */
  issue(data: Omit<IssueData, 'ticketId'>): Promise<QueueEvent[]>;
  onEvents(listener: QueueListener): () => void;
  /** Applies a new station configuration: today's events are replayed under it. */
  reconfigure(config: StationQueueConfig): Promise<void>;
}

/** Loads the station's recent events from the store and returns the running service. */
export async function startQueueService(
  config: StationQueueConfig,
  store: EventStore,
  now: () => number,
): Promise<QueueService> {
  const time = createStationTime(config.timeZone);
  const load = async (cfg: StationQueueConfig) => {
    const stored = await store.loadSince(addDays(time.day(now()), -1));
    return evolveAll(
      initialState(cfg),
      stored.map((s) => s.event),
    );
  };
  let state = await load(config);
  const listeners = new Set<QueueListener>();
  let tail: Promise<unknown> = Promise.resolve();

  async function run(command: QueueCommand): Promise<QueueEvent[]> {
    const events = decide(command, state);
    if (events.length === 0) return events;
    let next = state;
    for (const e of events) next = evolve(next, e);
    const touched = new Map<string, TicketView>();
    for (const e of events) {
      const t = next.tickets.get(e.data.ticketId);
      if (t) touched.set(t.id, t);
    }
    await store.append(events, [...touched.values()]);
    state = next;
    for (const l of listeners) {
      try {
        l(events, state);
      } catch (error) {
        console.error('queue listener failed', error);
      }
    }
    return events;
  }

  return {
    state: () => state,
    execute(command) {
      const result = tail.then(() => run(command));
      tail = result.catch(() => undefined);
      return result;
    },
    issue(data) {
      const result = tail.then(() => {
        const day = time.day(data.at);
        const known = config.services.some((s) => s.id === data.serviceId);
        const seq = known ? issuedOn(state, day, data.serviceId) + 1 : 0;
        // An unknown service or a full day is refused by decide before the id is used.
        const id =
          seq >= 1 && seq <= MAX_TICKET_SEQ
            ? ticketId({ stationId: config.stationId, day, serviceId: data.serviceId, seq })
            : `ticket:${config.stationId}:${day}:refused:000`;
        return run({ type: 'IssueTicket', data: { ...data, ticketId: id } });
      });
      tail = result.catch(() => undefined);
      return result;
    },
    reconfigure(next) {
      const result = tail.then(async () => {
        state = await load(next);
      });
      tail = result.catch(() => undefined);
      return result;
    },
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
