/** Taking a ticket, following it, and checking a green-channel identifier. */

import { Type } from '@sinclair/typebox';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import type { RecogniseResult } from '@xz/shared/green/recognise';
import { translate } from '@xz/shared/i18n/t';
import type { GreenGrant } from '@xz/shared/queue/types';
import type { FastifyPluginAsync } from 'fastify';
import type { AgentContext } from '../app.ts';
import { ticketDto } from '../ticket-dto.ts';

const Identifier = Type.String({ minLength: 1, maxLength: 32 });

export const IssueTicketBody = Type.Object(
  {
    serviceId: Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' }),
    idempotencyKey: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    idNumber: Type.Optional(Identifier),
    creditCode: Type.Optional(Identifier),
    declaredGroup: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);

export const GreenCheckBody = Type.Object(
  { idNumber: Type.Optional(Identifier), creditCode: Type.Optional(Identifier) },
  { additionalProperties: false },
);

/** Recognition with the station's lists and key; invalid input becomes a 400 naming the field. */
export function recogniseOrThrow(
  ctx: AgentContext,
  input: { idNumber?: string; creditCode?: string; declaredGroup?: string },
): RecogniseResult {
  const result = ctx.green.recognise({
    ...input,
    day: ctx.time.day(ctx.now()),
    lists: ctx.lists,
    key: ctx.hashKey,
  });
  if (result.invalid) {
    const { field, reason } = result.invalid;
    throw new DomainError(ErrorCode.Validation, translate('en', reason), {
      field,
      reason: reason.split('.').pop(),
      messageZh: translate('zh-CN', reason),
    });
  }
  return result;
}

export function ticketRoutes(ctx: AgentContext): FastifyPluginAsync {
  return async (app) => {
    app.post(
      '/api/tickets',
      {
        schema: {
          tags: ['tickets'],
          summary: 'Take a ticket (one per idempotency key); green channel recognised from an ID or code',
          body: IssueTicketBody,
        },
      },
      async (request, reply) => {
        const body = request.body as typeof IssueTicketBody.static;
        const existing = ctx.queue.state().idempotency.get(body.idempotencyKey);
        if (existing) {
          await ensurePrintJob(ctx, existing);
          return reply.code(200).send({ ticket: dtoOf(ctx, existing) });
        }

        const recognised = recogniseOrThrow(ctx, body);
        const grant: GreenGrant | undefined = recognised.grant
          ? {
              groupId: recognised.grant.groupId,
              how: recognised.grant.how,
              needsConfirmation: recognised.grant.needsConfirmation,
            }
          : undefined;
        const at = ctx.now();
        const events = await ctx.queue.issue({
          serviceId: body.serviceId,
          at,
          idempotencyKey: body.idempotencyKey,
          lang: body.lang ?? 'zh',
          ...(grant ? { green: grant } : {}),
        });
        const id = ctx.queue.state().idempotency.get(body.idempotencyKey);
        if (!id) throw new Error('issued ticket missing from state');
        if (events.length === 0) return reply.code(200).send({ ticket: dtoOf(ctx, id) });
        const ticket = ctx.queue.state().tickets.get(id);
        if (!ticket) throw new Error('issued ticket missing from state');
        const reason = recognised.grant?.reason;
        await ctx.printing.printTicket(ctx.queue.state(), ticket, {
          reprint: false,
          ...(reason ? { greenReason: reason } : {}),
        });
        return reply.code(201).send({ ticket: dtoOf(ctx, id) });
      },
    );

    app.get(
      '/api/tickets/:id',
      {
        schema: {
          tags: ['tickets'],
          summary: 'A ticket with its status, people ahead and wait range',
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        },
      },
      async (request) => ({ ticket: dtoOf(ctx, (request.params as { id: string }).id) }),
    );

    app.post(
      '/api/green/check',
      {
        schema: {
          tags: ['tickets'],
          summary: 'Validate a resident ID number or credit code and tell whether it gives the green channel',
          body: GreenCheckBody,
        },
      },
      async (request) => {
        const body = request.body as typeof GreenCheckBody.static;
        if (!body.idNumber && !body.creditCode) {
          throw new DomainError(ErrorCode.Validation, 'Give an ID number or a credit code.', {
            field: 'idNumber',
            messageZh: '请输入身份证号码或统一社会信用代码。',
          });
        }
        const result = recogniseOrThrow(ctx, body);
        const g = result.grant;
        return {
          valid: true,
          ...(g
            ? {
                grant: {
                  groupId: g.groupId,
                  name: ctx.dto.groupName(g.groupId),
                  how: g.how,
                  needsConfirmation: g.needsConfirmation,
                  reason: {
                    zh: translate('zh-CN', g.reason.key, g.reason.params),
                    en: translate('en', g.reason.key, g.reason.params),
                  },
                },
              }
            : {}),
        };
      },
    );
  };
}

/**
 * A repeated request finds its ticket; if the first attempt never reached the printer (an error
 * or a crash between the durable ticket and its print job), the slip is queued now, once.
 */
async function ensurePrintJob(ctx: AgentContext, ticketId: string): Promise<void> {
  const state = ctx.queue.state();
  const ticket = state.tickets.get(ticketId);
  if (!ticket || ticket.status !== 'waiting' || ticket.printed > 0) return;
  if (ctx.printing.ticketPrintState(ticketId) !== undefined) return;
  await ctx.printing.printTicket(state, ticket, { reprint: false });
}

export function dtoOf(ctx: AgentContext, ticketId: string) {
  const state = ctx.queue.state();
  const ticket = state.tickets.get(ticketId);
  if (!ticket)
    throw new DomainError(ErrorCode.NotFound, 'No such ticket.', {
      field: 'id',
      messageZh: '没有这张号票。',
    });
  return ticketDto(state, ticket, ctx.dto, ctx.now());
}
