/**
 * The counter console: staff sessions (signed in with a checked credential), the queue with the
 * reason of each next call, and the counter actions. An action: the session is checked → the
 * queue decider decides (and the queue persists, then broadcasts) → a reprint is printed.
 */
import type {
  CounterActionResult,
  CounterCommand,
  CounterSession,
  QueueSnapshot,
  RecentCall,
  RecentNoShow,
  SessionInput,
} from '@xz/shared/contract/agent-api';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { explainQueue } from '@xz/shared/queue/calling';
import { DEFAULT_NO_SHOW_UNDO_MINUTES } from '@xz/shared/queue/decider';
import type { CallRule, Explanation, QueueCommand, QueueState } from '@xz/shared/queue/types';
import type { CounterSessions } from '../counter-sessions.ts';
import type { CounterStaff } from '../counter-staff.ts';
import type { StationPrinting } from '../printing.ts';
import type { QueueService } from '../queue-service.ts';
import type { TicketViews } from './ticket-views.ts';

export interface CounterService {
  /** Waiting tickets, counters and why each next call would be chosen; the last calls and no-shows. */
  snapshot(): QueueSnapshot;
  staffCount(): Promise<{ hub: number; local: number; keyMismatch: boolean }>;
  signIn(counterId: string, input: SessionInput, ip: string): Promise<CounterSession>;
  signOut(counterId: string, token: string | undefined): void;
  /** Runs an action for the staff holding the counter (by the session's token). */
  act(counterId: string, token: string | undefined, command: CounterCommand): Promise<CounterActionResult>;
}

export interface CounterServiceDeps {
  /** The station's counters now (a pushed configuration may change them). */
  counters: () => readonly { id: string; services: readonly string[] }[];
  queue: Pick<QueueService, 'state' | 'execute'>;
  sessions: CounterSessions;
  staff: Pick<CounterStaff, 'verify' | 'count'>;
  printing: Pick<StationPrinting, 'printTicket'>;
  views: TicketViews;
  now: () => number;
}

/** The queue command of a counter action, for the staff member `by` at `at`. */
export function queueCommandOf(
  command: CounterCommand,
  counterId: string,
  by: string,
  at: number,
): QueueCommand {
  switch (command.type) {
    case 'call-next':
      return { type: 'CallNext', data: { counterId, by, at } };
    case 'recall':
      return { type: 'Recall', data: { counterId, by, at } };
    case 'no-show':
      return { type: 'MarkNoShow', data: { counterId, by, at } };
    case 'finish':
      return { type: 'Finish', data: { counterId, by, at } };
    case 'call':
      return { type: 'CallTicket', data: { counterId, ticketId: command.ticketId, by, at } };
    case 'restore-no-show':
      return { type: 'RestoreNoShow', data: { ticketId: command.ticketId, counterId, by, at } };
    case 'transfer':
      return {
        type: 'Transfer',
        data: { counterId, toServiceId: command.toServiceId, position: command.position, by, at },
      };
    case 'confirm-green':
      return { type: 'ConfirmGreen', data: { counterId, confirmed: command.confirmed, by, at } };
    case 'reprint':
      return { type: 'Reprint', data: { ticketId: command.ticketId, by, at } };
    default: {
      const never: never = command;
      throw new Error(`unknown counter action ${JSON.stringify(never)}`);
    }
  }
}

export function createCounterService(deps: CounterServiceDeps): CounterService {
  const { queue, sessions, views, now } = deps;

  function counterOf(id: string) {
    const c = deps.counters().find((x) => x.id === id);
    if (!c)
      throw new DomainError(ErrorCode.NotFound, `No counter ${id}.`, {
        field: 'id',
        messageZh: `没有 ${id} 号窗口。`,
      });
    return c;
  }

  return {
    snapshot() {
      const state = queue.state();
      const at = now();
      const outlook = explainQueue(state, at);
      const nextByTicket = new Map<string, { counterId: string; rule: CallRule; explanation: Explanation }>();
      for (const c of outlook.counters) {
        if (c.next && !nextByTicket.has(c.next.ticketId)) {
          nextByTicket.set(c.next.ticketId, {
            counterId: c.counterId,
            rule: c.next.rule,
            explanation: c.next.explanation,
          });
        }
      }
      return {
        policy: outlook.policy,
        greenStreak: outlook.greenStreak,
        waiting: outlook.waiting.map((w) => {
          const next = nextByTicket.get(w.ticketId);
          return {
            ...views.of(w.ticketId),
            waitedMinutes: w.waitedMinutes,
            ...(next ? { wouldBeCalledBy: next } : {}),
          };
        }),
        counters: outlook.counters.map((c) => {
          const holder = sessions.holder(c.counterId);
          const cfg = deps.counters().find((x) => x.id === c.counterId);
          return {
            id: c.counterId,
            services: [...(cfg?.services ?? [])],
            ...(holder ? { staff: holder.staff, staffId: holder.staffId } : {}),
            ...(c.currentTicketId ? { current: views.of(c.currentTicketId) } : {}),
            ...(c.next
              ? {
                  next: {
                    ticketId: c.next.ticketId,
                    number: state.tickets.get(c.next.ticketId)?.number ?? '',
                    rule: c.next.rule,
                    explanation: c.next.explanation,
                  },
                }
              : {}),
          };
        }),
        recentCalls: recentCalls(state),
        recentNoShows: recentNoShows(state, at),
      };
    },

    staffCount: () => deps.staff.count(),

    async signIn(counterId, input, ip) {
      counterOf(counterId);
      const staff = await deps.staff.verify(input.staff, input.secret, ip);
      const s = sessions.open(counterId, staff, now(), input.force === true);
      return { token: s.token, counterId, staff: s.staff, staffId: s.staffId };
    },

    signOut(counterId, token) {
      sessions.close(counterId, token ?? '');
    },

    async act(counterId, token, command) {
      counterOf(counterId);
      const session = sessions.check(counterId, token);
      const events = await queue.execute(queueCommandOf(command, counterId, session.staffId, now()));
      const called = events.find((e) => e.type === 'TicketCalled');
      const ticketId = events[0]?.data.ticketId;
      if (command.type === 'reprint') {
        const ticket = queue.state().tickets.get(command.ticketId);
        if (ticket) await deps.printing.printTicket(queue.state(), ticket, { reprint: true });
      }
      return {
        events: events.map((e) => e.type),
        ...(ticketId ? { ticket: views.of(ticketId) } : {}),
        ...(called?.type === 'TicketCalled'
          ? { rule: called.data.rule, explanation: called.data.explanation }
          : {}),
      };
    },
  };
}

/** No-shows that can still be undone, newest first, with the time the undo ends. */
export function recentNoShows(state: QueueState, at: number): RecentNoShow[] {
  const windowMs = (state.config.noShowUndoMinutes ?? DEFAULT_NO_SHOW_UNDO_MINUTES) * 60_000;
  const out: RecentNoShow[] = [];
  for (const t of state.tickets.values()) {
    if (t.status !== 'no-show' || t.endedAt === undefined || at - t.endedAt > windowMs) continue;
    out.push({
      ticketId: t.id,
      number: t.number,
      serviceId: t.serviceId,
      ...(t.counterId ? { counterId: t.counterId } : {}),
      at: t.endedAt,
      until: t.endedAt + windowMs,
    });
  }
  return out.sort((a, b) => b.at - a.at);
}

/** The last calls, newest first, for the call display. */
export function recentCalls(state: QueueState, limit = 8): RecentCall[] {
  const calls: RecentCall[] = [];
  for (const t of state.tickets.values()) {
    if (t.calledAt !== undefined && t.counterId) {
      calls.push({
        number: t.number,
        counterId: t.counterId,
        green: t.kind === 'green',
        serviceId: t.serviceId,
        at: t.calledAt,
      });
    }
  }
  return calls.sort((a, b) => b.at - a.at).slice(0, limit);
}
