import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

export const HealthReply = Type.Object({
  ok: Type.Boolean(),
  couch: Type.Union([Type.Literal('embedded'), Type.Literal('external')]),
  version: Type.String(),
});

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/health',
    { schema: { response: { 200: HealthReply, 503: HealthReply } } },
    async (_request, reply) => {
      const { couch, version } = app.hub;
      let ok = true;
      try {
        await couch.ping();
      } catch {
        ok = false;
      }
      return reply.status(ok ? 200 : 503).send({ ok, couch: couch.kind, version });
    },
  );
};

export default health;
