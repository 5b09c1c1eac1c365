/** Taking a ticket, following it, and checking a green-channel identifier. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorReplies,
  GreenCheckBody,
  GreenCheckReply,
  IssueTicketBody,
  TicketParams,
  TicketReply,
} from '@xz/shared/contract/agent-api';
import type { TicketService } from '../services/tickets.ts';

export function ticketRoutes(tickets: TicketService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/tickets',
      {
        schema: {
          tags: ['tickets'],
          summary: 'Take a ticket (one per idempotency key); green channel recognised from an ID or code',
          body: IssueTicketBody,
          response: { 200: TicketReply, 201: TicketReply, ...ErrorReplies },
        },
      },
      async (request, reply) => {
        const { created, ticket } = await tickets.issue(request.body);
        return reply.code(created ? 201 : 200).send({ ticket });
      },
    );

    app.get(
      '/api/tickets/:id',
      {
        schema: {
          tags: ['tickets'],
          summary: 'A ticket with its status, people ahead and wait range',
          params: TicketParams,
          response: { 200: TicketReply, ...ErrorReplies },
        },
      },
      async (request) => ({ ticket: tickets.get(request.params.id) }),
    );

    app.post(
      '/api/green/check',
      {
        schema: {
          tags: ['tickets'],
          summary: 'Validate a resident ID number or credit code and tell whether it gives the green channel',
          body: GreenCheckBody,
          response: { 200: GreenCheckReply, ...ErrorReplies },
        },
      },
      async (request) => tickets.checkGreen(request.body),
    );
  };
}
