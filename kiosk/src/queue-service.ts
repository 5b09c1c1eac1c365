/**
 * The station queue as a service: the single writer of the station's tickets.
 * Each command is decided against the current state, its events are written to the local
 * store, and only then does the state in memory change and do listeners hear of it.
 * Commands run one at a time, in arrival order.
 *
 * The state is rebuilt from the store whenever the store may hold more than the state knows:
 * after a new configuration, and when replication brought back events (a station restored from
 * the hub). A ticket id the store already holds is never written again: the state is rebuilt and
 * the ticket numbered anew.
 */
import { addDays } from '@xz/shared/calendar/day';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { decide, evolve, evolveAll, initialState } from '@xz/shared/queue/decider';
import type {
  QueueCommand,
  QueueEvent,
  QueueState,
  StationQueueConfig,
  TicketView,
} from '@xz/shared/queue/types';
import { createStationTime } from '@xz/shared/time';
import type { EventStore } from './store/event-store.ts';

type IssueData = Extract<QueueCommand, { type: 'IssueTicket' }>['data'];

export type QueueListener = (events: readonly QueueEvent[], state: QueueState) => void;

export interface QueueService {
  state(): QueueState;
  /** Decides, persists, applies; resolves with the events written (none for a repeated key). */
  execute(command: QueueCommand): Promise<QueueEvent[]>;
  /** Issues a ticket; the decider gives it its sequence, number and id. */
  issue(data: IssueData): Promise<QueueEvent[]>;
  onEvents(listener: QueueListener): () => void;
  /** Applies a new station configuration: today's events are replayed under it. */
  reconfigure(config: StationQueueConfig): Promise<void>;
  /** Reads the state again from the store (after replication brought events back). */
  rebuild(): Promise<void>;
}

/** Attempts at issuing when the store holds the ticket id the state would give. */
const ISSUE_ATTEMPTS = 4;
const ISSUE_RETRY_MS = 250;

/** Loads the station's recent events from the store and returns the running service. */
export async function startQueueService(
  initial: StationQueueConfig,
  store: EventStore,
  now: () => number,
  log: (message: string, detail?: Record<string, unknown>) => void = () => undefined,
): Promise<QueueService> {
  const time = createStationTime(initial.timeZone);
  let config = initial;
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
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  };

  async function write(events: QueueEvent[]): Promise<QueueEvent[]> {
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
        log('a queue listener failed', { err: error });
      }
    }
    return events;
  }

  async function issue(data: IssueData): Promise<QueueEvent[]> {
    for (let attempt = 1; ; attempt++) {
      const events = decide({ type: 'IssueTicket', data }, state);
      const issued = events.find((e) => e.type === 'TicketIssued');
      if (!issued || !(await store.ticketExists(issued.data.ticketId))) return write(events);
      // Replication brought back a ticket the state does not know yet: read the store again and
      // number after it.
      log('ticket id already in the store; rebuilding the queue before numbering', {
        ticketId: issued.data.ticketId,
        attempt,
      });
      if (attempt >= ISSUE_ATTEMPTS)
        throw new DomainError(
          ErrorCode.Conflict,
          'The station is still receiving its tickets from the hub. Please try again in a moment.',
          { messageZh: '本站正在从中心恢复号票数据，请稍后再试。', reason: 'restoring' },
        );
      if (attempt > 1) await new Promise((r) => setTimeout(r, ISSUE_RETRY_MS));
      state = await load(config);
    }
  }

  return {
    state: () => state,
    execute: (command) => serial(() => write(decide(command, state))),
    issue: (data) => serial(() => issue(data)),
    reconfigure: (next) =>
      serial(async () => {
        state = await load(next);
        config = next;
      }),
    rebuild: () =>
      serial(async () => {
        state = await load(config);
        // No new events of its own, but a different queue: listeners refresh what they show.
        for (const l of listeners) {
          try {
            l([], state);
          } catch (error) {
            log('a queue listener failed', { err: error });
          }
        }
      }),
    onEvents(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
