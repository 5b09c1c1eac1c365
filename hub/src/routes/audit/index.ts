/** The audit log: GET /api/audit?limit=&targetId=&action=&before= (admin, district operator), newest first. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorReply } from '../../errors.ts';
import { rolesFor } from '../../users/roles.ts';

export const AuditEntryReply = Type.Object({
  id: Type.String(),
  at: Type.Number(),
  actor: Type.Object({ id: Type.String(), roles: Type.Optional(Type.Array(Type.String())) }),
  action: Type.String(),
  target: Type.Object({ kind: Type.String(), id: Type.String() }),
  before: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  after: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  note: Type.Optional(Type.String()),
  ip: Type.Optional(Type.String()),
});

const audit: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/audit',
    {
      preHandler: app.requireRole(...rolesFor('audit.read')),
      schema: {
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          targetId: Type.Optional(Type.String({ maxLength: 300 })),
          action: Type.Optional(Type.String({ maxLength: 64 })),
          before: Type.Optional(Type.String({ pattern: '^audit:', maxLength: 100 })),
        }),
        response: {
          200: Type.Object({ entries: Type.Array(AuditEntryReply) }),
          401: ErrorReply,
          403: ErrorReply,
        },
      },
    },
    async (request) => ({ entries: await app.ops.audit.list(request.query) }),
  );
};

export default audit;
