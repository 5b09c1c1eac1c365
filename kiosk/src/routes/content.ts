/** Policies shown at the kiosk, ratings (好差评) and requests (诉求) taken at the kiosk. */

import { Type } from '@sinclair/typebox';
import { ratingClass } from '@xz/shared/docs/feedback';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { translate } from '@xz/shared/i18n/t';
import { ratingId, requestId, requestNumber } from '@xz/shared/ids';
import { validateCreditCode } from '@xz/shared/validate/credit-code';
import { hashIdentifier } from '@xz/shared/validate/hash';
import { validatePhone } from '@xz/shared/validate/phone';
import type { FastifyPluginAsync } from 'fastify';
import type { AgentContext } from '../app.ts';

const Level = Type.Integer({ minimum: 1, maximum: 5 });

export const RatingBody = Type.Object(
  {
    ticketNumber: Type.String({ pattern: '^[A-HJ-NP-Z][0-9]{3}$' }),
    level: Level,
    indicators: Type.Optional(
      Type.Object(
        { overall: Level, efficiency: Level, quality: Level, attitude: Level },
        { additionalProperties: false },
      ),
    ),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

export const REQUEST_CATEGORIES = [
  'enterprise',
  'policy',
  'service',
  'complaint',
  'suggestion',
  'other',
] as const;

export const RequestBody = Type.Object(
  {
    category: Type.Union(REQUEST_CATEGORIES.map((c) => Type.Literal(c))),
    description: Type.String({ minLength: 5, maxLength: 2000 }),
    contactName: Type.Optional(Type.String({ maxLength: 40 })),
    phone: Type.String({ minLength: 5, maxLength: 20 }),
    creditCode: Type.Optional(Type.String({ maxLength: 32 })),
    idempotencyKey: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  },
  { additionalProperties: false },
);

function phoneOrThrow(phone: string): string {
  const r = validatePhone(phone);
  if (!r.ok) {
    throw new DomainError(ErrorCode.Validation, translate('en', `phone.${r.reason}`), {
      field: 'phone',
      reason: r.reason,
      messageZh: translate('zh-CN', `phone.${r.reason}`),
    });
  }
  return r.normalised;
}

export function contentRoutes(ctx: AgentContext): FastifyPluginAsync {
  const db = ctx.db;
  const requestKeys = new Map<string, string>();
  let requestTail: Promise<unknown> = Promise.resolve();

  return async (app) => {
    app.get(
      '/api/policies',
      { schema: { tags: ['content'], summary: 'Policies this station shows now' } },
      async () => ({
        policies: ctx.policies.current(ctx.now()),
        /** The policy dictionary, so screens show tag labels and search knows synonyms. */
        tags: ctx.policies.tags(),
        /** The station-wide "all policies" page (政策码上查), the target of one QR code. */
        allUrl: `${ctx.publicBase()}/p?station=${encodeURIComponent(ctx.station.stationId)}`,
      }),
    );

    app.get(
      '/api/policies/:id',
      { schema: { tags: ['content'], params: Type.Object({ id: Type.String({ maxLength: 64 }) }) } },
      async (request) => {
        const { id } = request.params as { id: string };
        const p = ctx.policies.current(ctx.now()).find((x) => x.id === id);
        if (!p)
          throw new DomainError(ErrorCode.NotFound, 'No such policy.', {
            field: 'id',
            messageZh: '没有这条政策。',
          });
        return { policy: p };
      },
    );

    app.post(
      '/api/policies/:id/print',
      {
        schema: {
          tags: ['content'],
          summary: 'Print a policy slip',
          params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
          body: Type.Optional(
            Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('zh'), Type.Literal('en')])) }),
          ),
        },
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (request) => {
        const { id } = request.params as { id: string };
        const lang = (request.body as { lang?: 'zh' | 'en' } | undefined)?.lang ?? 'zh';
        const p = ctx.policies.current(ctx.now()).find((x) => x.id === id);
        if (!p)
          throw new DomainError(ErrorCode.NotFound, 'No such policy.', {
            field: 'id',
            messageZh: '没有这条政策。',
          });
        await ctx.printing.printPolicy(p, lang);
        return { ok: true };
      },
    );

    app.post(
      '/api/ratings',
      {
        schema: { tags: ['content'], summary: 'Rate a service (one rating per ticket)', body: RatingBody },
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const body = request.body as typeof RatingBody.static;
        const state = ctx.queue.state();
        const today = ctx.time.day(ctx.now());
        const ticket = [...state.tickets.values()].find(
          (t) => t.number === body.ticketNumber && t.day === today,
        );
        if (!ticket) {
          throw new DomainError(ErrorCode.NotFound, `No ticket ${body.ticketNumber} today.`, {
            field: 'ticketNumber',
            messageZh: `今天没有 ${body.ticketNumber} 号。`,
          });
        }
        if (ticket.status !== 'served') {
          throw new DomainError(
            ErrorCode.Conflict,
            'This ticket can be rated once its service is finished.',
            {
              field: 'ticketNumber',
              messageZh: '业务办结后才能评价。',
            },
          );
        }
        const phone = body.phone ? phoneOrThrow(body.phone) : undefined;
        const doc = {
          _id: ratingId(ticket.id),
          type: 'rating',
          schemaVersion: 1,
          stationId: ctx.station.stationId,
          ticketId: ticket.id,
          ticketNumber: ticket.number,
          serviceId: ticket.serviceId,
          counterId: ticket.counterId,
          level: body.level,
          class: ratingClass(body.level),
          ...(body.indicators ? { indicators: body.indicators } : {}),
          ...(body.comment ? { comment: body.comment.trim() } : {}),
          ...(phone ? { phone } : {}),
          channel: 'kiosk',
          at: ctx.now(),
        };
        try {
          await db.put(doc);
        } catch (error) {
          if ((error as { status?: number }).status === 409) {
            throw new DomainError(ErrorCode.Conflict, 'This ticket has been rated already.', {
              field: 'ticketNumber',
              messageZh: '该号已评价过。',
            });
          }
          throw error;
        }
        return reply.code(201).send({ rating: { id: doc._id, level: doc.level, class: doc.class } });
      },
    );

    app.post(
      '/api/requests',
      {
        schema: {
          tags: ['content'],
          summary: 'File a request (诉求); answers its number and tracking URL',
          body: RequestBody,
        },
        config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      },
      async (request, reply) => {
        const body = request.body as typeof RequestBody.static;
        const phone = phoneOrThrow(body.phone);
        let creditHash: string | undefined;
        if (body.creditCode?.trim()) {
          const c = validateCreditCode(body.creditCode);
          if (!c.ok) {
            throw new DomainError(ErrorCode.Validation, translate('en', `credit.${c.reason}`), {
              field: 'creditCode',
              reason: c.reason,
              messageZh: translate('zh-CN', `credit.${c.reason}`),
            });
          }
          creditHash = hashIdentifier(ctx.hashKey, 'credit', c.normalised);
        }
        const run = requestTail.then(async () => {
          const known = requestKeys.get(body.idempotencyKey);
          if (known) return { id: known, created: false };
          const at = ctx.now();
          const day = ctx.time.day(at);
          const prefix = requestId({ stationId: ctx.station.stationId, day, seq: 1 }).slice(0, -4);
          const existing = await db.allDocs({
            startkey: prefix,
            endkey: `${prefix}\uffff`,
            include_docs: true,
          });
          for (const row of existing.rows) {
            const d = row.doc as { idempotencyKey?: string } | undefined;
            if (d?.idempotencyKey) requestKeys.set(d.idempotencyKey, row.id);
          }
          const again = requestKeys.get(body.idempotencyKey);
          if (again) return { id: again, created: false };
          const parts = { stationId: ctx.station.stationId, day, seq: existing.rows.length + 1 };
          const id = requestId(parts);
          await db.put({
            _id: id,
            type: 'request',
            schemaVersion: 1,
            stationId: ctx.station.stationId,
            number: requestNumber(parts),
            category: body.category,
            description: body.description.trim(),
            ...(body.contactName?.trim() ? { contactName: body.contactName.trim() } : {}),
            phone,
            ...(creditHash ? { creditHash } : {}),
            idempotencyKey: body.idempotencyKey,
            kioskAt: at,
          });
          requestKeys.set(body.idempotencyKey, id);
          return { id, created: true };
        });
        requestTail = run.catch(() => undefined);
        const { id, created } = await run;
        const doc = (await db.get(id)) as unknown as { number: string; kioskAt: number };
        const statusUrl = `${ctx.publicBase()}/r/${encodeURIComponent(doc.number)}`;
        if (created) await ctx.printing.printReceipt({ number: doc.number, statusUrl, kioskAt: doc.kioskAt });
        return reply
          .code(created ? 201 : 200)
          .send({ request: { id, number: doc.number, kioskAt: doc.kioskAt, statusUrl } });
      },
    );
  };
}
