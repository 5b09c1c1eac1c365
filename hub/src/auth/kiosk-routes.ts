/**
 * Kiosk credentials from the console: POST /api/stations/:stationId/enrolment-codes creates a
 * one-time enrolment code (typed at the kiosk, traded at POST /api/enrol), POST
 * /api/stations/:stationId/revoke deletes the station's kiosk account. Admin and district operators.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { STATION_ID_PATTERN } from '@xz/shared/ids';
import { ErrorReply } from '../errors.ts';
import { rolesFor } from '../users/roles.ts';

const Params = Type.Object({ stationId: Type.String({ pattern: STATION_ID_PATTERN }) });

const kioskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const manage = app.requireRole(...rolesFor('station.manage'));
  const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };

  app.post(
    '/api/stations/:stationId/enrolment-codes',
    {
      preHandler: manage,
      schema: {
        params: Params,
        response: {
          201: Type.Object({ code: Type.String(), stationId: Type.String(), expiresAt: Type.Number() }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const code = await app.ops.hub.kioskUsers.createEnrolmentCode(request.params.stationId);
      await app.ops.audit.record({
        actor: { id: request.operator?.username ?? 'unknown', roles: request.operator?.roles },
        action: 'kiosk.enrolment-code',
        target: { kind: 'station', id: request.params.stationId },
        after: { expiresAt: code.expiresAt },
        ip: request.ip,
      });
      return reply.status(201).send(code);
    },
  );

  app.post(
    '/api/stations/:stationId/revoke',
    {
      preHandler: manage,
      schema: { params: Params, response: { 200: Type.Object({ ok: Type.Boolean() }), ...errors } },
    },
    async (request) => {
      await app.ops.hub.kioskUsers.revokeKiosk(request.params.stationId);
      await app.ops.audit.record({
        actor: { id: request.operator?.username ?? 'unknown', roles: request.operator?.roles },
        action: 'kiosk.revoke',
        target: { kind: 'station', id: request.params.stationId },
        ip: request.ip,
      });
      return { ok: true };
    },
  );
};

export default kioskRoutes;
