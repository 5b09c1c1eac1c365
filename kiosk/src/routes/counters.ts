/** The counter console: sessions, the queue with the reason of each next call, and the counter actions. */

import { Type } from '@sinclair/typebox';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { explainQueue } from '@xz/shared/queue/calling';
import { DEFAULT_NO_SHOW_UNDO_MINUTES } from '@xz/shared/queue/decider';
import type { QueueCommand, QueueEvent } from '@xz/shared/queue/types';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { AgentContext } from '../app.ts';
import { dtoOf } from './tickets.ts';

const CounterParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 8, pattern: '^[A-Za-z0-9-]+$' }),
});
const TicketRef = Type.Object(
  { ticketId: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
const Empty = Type.Optional(Type.Object({}, { additionalProperties: false }));

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

export function counterRoutes(ctx: AgentContext): FastifyPluginAsync {
  function counterOf(id: string) {
    const c = ctx.station.counters.find((x) => x.id === id);
    if (!c)
      throw new DomainError(ErrorCode.NotFound, `No counter ${id}.`, {
        field: 'id',
        messageZh: `没有 ${id} 号窗口。`,
      });
    return c;
  }

  /** Runs a counter command for the signed-in staff and answers with the ticket it touched. */
  async function act(
    request: FastifyRequest,
    build: (counterId: string, by: string, at: number) => QueueCommand,
  ) {
    const { id } = request.params as { id: string };
    counterOf(id);
    const session = ctx.sessions.check(id, bearer(request));
    const events: QueueEvent[] = await ctx.queue.execute(build(id, session.staffId, ctx.now()));
    const called = events.find((e) => e.type === 'TicketCalled');
    const ticketId = events[0]?.data.ticketId;
    return {
      events: events.map((e) => e.type),
      ...(ticketId ? { ticket: dtoOf(ctx, ticketId) } : {}),
      ...(called?.type === 'TicketCalled'
        ? { rule: called.data.rule, explanation: called.data.explanation }
        : {}),
    };
  }

  return async (app) => {
    app.get(
      '/api/queue',
      {
        schema: {
          tags: ['counters'],
          summary: 'Waiting tickets, counters and why each next call would be chosen',
        },
      },
      async () => {
        const state = ctx.queue.state();
        const at = ctx.now();
        const outlook = explainQueue(state, at);
        const nextByTicket = new Map<string, { counterId: string; rule: string; explanation: unknown }>();
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
              ...dtoOf(ctx, w.ticketId),
              waitedMinutes: w.waitedMinutes,
              ...(next ? { wouldBeCalledBy: next } : {}),
            };
          }),
          counters: outlook.counters.map((c) => {
            const holder = ctx.sessions.holder(c.counterId);
            const cfg = ctx.station.counters.find((x) => x.id === c.counterId);
            return {
              id: c.counterId,
              services: cfg?.services ?? [],
              ...(holder ? { staff: holder.staff, staffId: holder.staffId } : {}),
              ...(c.currentTicketId ? { current: dtoOf(ctx, c.currentTicketId) } : {}),
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
          recentCalls: recentCalls(ctx),
          recentNoShows: recentNoShows(ctx, at),
        };
      },
    );

    app.get(
      '/api/counters/staff',
      {
        schema: {
          tags: ['counters'],
          summary:
            'How many staff can sign in here: from the hub (cached at the station) and from the local staff file',
        },
      },
      async () => ctx.staff.count(),
    );

    app.post(
      '/api/counters/:id/session',
      {
        schema: {
          tags: ['counters'],
          summary:
            'Sign in to a counter with a staff id and its password or PIN (one staff session per counter; force takes it over, with the same credential)',
          params: CounterParams,
          body: Type.Object(
            {
              /** The staff id (工号, the hub username). */
              staff: Type.String({ minLength: 1, maxLength: 64 }),
              /** The account's password or the counter PIN. */
              secret: Type.String({ minLength: 1, maxLength: 200 }),
              force: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        counterOf(id);
        const body = request.body as { staff: string; secret: string; force?: boolean };
        const staff = await ctx.staff.verify(body.staff, body.secret, request.ip);
        const s = ctx.sessions.open(id, staff, ctx.now(), body.force === true);
        request.log.info(
          { counterId: id, staffId: s.staffId, force: body.force === true },
          'counter sign-in',
        );
        return reply.code(201).send({ token: s.token, counterId: id, staff: s.staff, staffId: s.staffId });
      },
    );

    app.delete(
      '/api/counters/:id/session',
      { schema: { tags: ['counters'], params: CounterParams } },
      async (request) => {
        const { id } = request.params as { id: string };
        const token = bearer(request);
        ctx.sessions.close(id, token ?? '');
        return { ok: true };
      },
    );

    const simple = {
      'call-next': 'CallNext',
      recall: 'Recall',
      'no-show': 'MarkNoShow',
      finish: 'Finish',
    } as const;
    for (const [path, type] of Object.entries(simple)) {
      app.post(
        `/api/counters/:id/${path}`,
        { schema: { tags: ['counters'], params: CounterParams, body: Empty } },
        async (request) =>
          act(request, (counterId, by, at) => ({ type, data: { counterId, by, at } }) as QueueCommand),
      );
    }

    app.post(
      '/api/counters/:id/call',
      {
        schema: {
          tags: ['counters'],
          summary: 'Call a specific ticket',
          params: CounterParams,
          body: TicketRef,
        },
      },
      async (request) => {
        const { ticketId } = request.body as { ticketId: string };
        return act(request, (counterId, by, at) => ({
          type: 'CallTicket',
          data: { counterId, ticketId, by, at },
        }));
      },
    );

    app.post(
      '/api/counters/:id/restore-no-show',
      {
        schema: {
          tags: ['counters'],
          summary: 'Undo a no-show marked by mistake: the ticket waits again at its original place',
          params: CounterParams,
          body: TicketRef,
        },
      },
      async (request) => {
        const { ticketId } = request.body as { ticketId: string };
        return act(request, (counterId, by, at) => ({
          type: 'RestoreNoShow',
          data: { ticketId, counterId, by, at },
        }));
      },
    );

    app.post(
      '/api/counters/:id/transfer',
      {
        schema: {
          tags: ['counters'],
          summary: 'Transfer the current ticket to another service, to the front or the back',
          params: CounterParams,
          body: Type.Object(
            {
              toServiceId: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' }),
              position: Type.Union([Type.Literal('front'), Type.Literal('back')]),
            },
            { additionalProperties: false },
          ),
        },
      },
      async (request) => {
        const { toServiceId, position } = request.body as { toServiceId: string; position: 'front' | 'back' };
        return act(request, (counterId, by, at) => ({
          type: 'Transfer',
          data: { counterId, toServiceId, position, by, at },
        }));
      },
    );

    app.post(
      '/api/counters/:id/confirm-green',
      {
        schema: {
          tags: ['counters'],
          summary: 'Confirm or decline the declared group of the current ticket',
          params: CounterParams,
          body: Type.Object({ confirmed: Type.Boolean() }, { additionalProperties: false }),
        },
      },
      async (request) => {
        const { confirmed } = request.body as { confirmed: boolean };
        return act(request, (counterId, by, at) => ({
          type: 'ConfirmGreen',
          data: { counterId, confirmed, by, at },
        }));
      },
    );

    app.post(
      '/api/counters/:id/reprint',
      {
        schema: {
          tags: ['counters'],
          summary: 'Reprint a ticket (marked 补打/REPRINT)',
          params: CounterParams,
          body: TicketRef,
        },
      },
      async (request) => {
        const { ticketId } = request.body as { ticketId: string };
        const result = await act(request, (_counterId, by, at) => ({
          type: 'Reprint',
          data: { ticketId, by, at },
        }));
        const ticket = ctx.queue.state().tickets.get(ticketId);
        if (ticket) await ctx.printing.printTicket(ctx.queue.state(), ticket, { reprint: true });
        return result;
      },
    );
  };
}

/** No-shows that can still be undone, newest first, with the time the undo ends. */
export function recentNoShows(ctx: AgentContext, at: number) {
  const state = ctx.queue.state();
  const windowMs = (state.config.noShowUndoMinutes ?? DEFAULT_NO_SHOW_UNDO_MINUTES) * 60_000;
  const out: {
    ticketId: string;
    number: string;
    serviceId: string;
    counterId?: string;
    at: number;
    until: number;
  }[] = [];
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
export function recentCalls(ctx: AgentContext, limit = 8) {
  const state = ctx.queue.state();
  const calls: { number: string; counterId: string; green: boolean; serviceId: string; at: number }[] = [];
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
