/** The counter console: sessions, the queue with the reason of each next call, and the counter actions. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ConfirmGreenBody,
  CounterActionReply,
  CounterParams,
  EmptyBody,
  ErrorReplies,
  OkReply,
  QueueReply,
  SessionBody,
  SessionReply,
  StaffCountReply,
  TicketRefBody,
  TransferBody,
} from '@xz/shared/contract/agent-api';
import type { FastifyRequest } from 'fastify';
import type { CounterService } from '../services/counters.ts';

function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7) : undefined;
}

const action = (summary: string) => ({ tags: ['counters'], summary, params: CounterParams });
const acted = { 200: CounterActionReply, ...ErrorReplies };

export function counterRoutes(counters: CounterService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/queue',
      {
        schema: {
          tags: ['counters'],
          summary: 'Waiting tickets, counters and why each next call would be chosen',
          response: { 200: QueueReply, ...ErrorReplies },
        },
      },
      async () => counters.snapshot(),
    );

    app.get(
      '/api/counters/staff',
      {
        schema: {
          tags: ['counters'],
          summary:
            'How many staff can sign in here: from the hub (cached at the station) and from the local staff file',
          response: { 200: StaffCountReply, ...ErrorReplies },
        },
      },
      () => counters.staffCount(),
    );

    app.post(
      '/api/counters/:id/session',
      {
        schema: {
          tags: ['counters'],
          summary:
            'Sign in to a counter with a staff id and its password or PIN (one staff session per counter; force takes it over, with the same credential)',
          params: CounterParams,
          body: SessionBody,
          response: { 201: SessionReply, ...ErrorReplies },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const session = await counters.signIn(id, request.body, request.ip);
        request.log.info(
          { counterId: id, staffId: session.staffId, force: request.body.force === true },
          'counter sign-in',
        );
        return reply.code(201).send(session);
      },
    );

    app.delete(
      '/api/counters/:id/session',
      {
        schema: {
          tags: ['counters'],
          summary: 'Sign out of a counter',
          params: CounterParams,
          response: { 200: OkReply, ...ErrorReplies },
        },
      },
      async (request) => {
        counters.signOut(request.params.id, bearer(request));
        return { ok: true as const };
      },
    );

    for (const [type, summary] of [
      ['call-next', 'Call the next ticket by the calling policy'],
      ['recall', 'Call the current ticket again'],
      ['no-show', 'Mark the current ticket as not shown'],
      ['finish', 'Finish the current ticket'],
    ] as const) {
      app.post(
        `/api/counters/:id/${type}`,
        { schema: { ...action(summary), body: EmptyBody, response: acted } },
        async (request) => counters.act(request.params.id, bearer(request), { type }),
      );
    }

    app.post(
      '/api/counters/:id/call',
      { schema: { ...action('Call a specific ticket'), body: TicketRefBody, response: acted } },
      async (request) => counters.act(request.params.id, bearer(request), { type: 'call', ...request.body }),
    );

    app.post(
      '/api/counters/:id/restore-no-show',
      {
        schema: {
          ...action('Undo a no-show marked by mistake: the ticket waits again at its original place'),
          body: TicketRefBody,
          response: acted,
        },
      },
      async (request) =>
        counters.act(request.params.id, bearer(request), { type: 'restore-no-show', ...request.body }),
    );

    app.post(
      '/api/counters/:id/transfer',
      {
        schema: {
          ...action('Transfer the current ticket to another service, to the front or the back'),
          body: TransferBody,
          response: acted,
        },
      },
      async (request) =>
        counters.act(request.params.id, bearer(request), { type: 'transfer', ...request.body }),
    );

    app.post(
      '/api/counters/:id/confirm-green',
      {
        schema: {
          ...action('Confirm or decline the declared group of the current ticket'),
          body: ConfirmGreenBody,
          response: acted,
        },
      },
      async (request) =>
        counters.act(request.params.id, bearer(request), { type: 'confirm-green', ...request.body }),
    );

    app.post(
      '/api/counters/:id/reprint',
      {
        schema: { ...action('Reprint a ticket (marked 补打/REPRINT)'), body: TicketRefBody, response: acted },
      },
      async (request) =>
        counters.act(request.params.id, bearer(request), { type: 'reprint', ...request.body }),
    );
  };
}
