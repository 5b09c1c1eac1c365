/**
 * Kiosks from the console (admin and district operators):
 * - POST /api/stations/:stationId/enrolment-codes creates a one-time enrolment code (typed at the
 *   kiosk, traded at POST /api/enrol); POST /api/stations/:stationId/revoke deletes its account;
 * - GET/PUT /api/stations/:stationId/config reads and replaces the station's configuration, which
 *   the hub writes as `station:{id}` into the station's database: it reaches the station by
 *   replication and the agent applies it (station staff may read their own station's);
 * - POST /api/stations/:stationId/commands sends a command (test print) to that station's sockets
 *   only, and answers how many of them are connected;
 * Station staff asking about another station than their own get 403 `reason: 'station'`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ConfigError, validateStationConfig } from '@xz/firmware-config/config';
import { STATION_ID_PATTERN, stationConfigId, stationDbName } from '@xz/shared/ids';
import type { FastifyRequest } from 'fastify';
import { statusOf } from '../couch/client.ts';
import { ErrorReply } from '../errors.ts';
import { assertMaySeeStation, type Operator, rolesFor } from '../users/roles.ts';
import { stationRoom, stationSockets } from './hub-sockets.ts';

const Params = Type.Object({ stationId: Type.String({ pattern: STATION_ID_PATTERN }) });

const kioskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** After a role guard: the station in the path is one the operator may see. */
  const ownStation = async (request: FastifyRequest) => {
    const { stationId } = request.params as { stationId: string };
    assertMaySeeStation(request.operator as Operator, stationId);
  };
  const manage = [app.requireRole(...rolesFor('station.manage')), ownStation];
  const read = [app.requireRole(...rolesFor('station.read')), ownStation];
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

  app.get(
    '/api/stations/:stationId/config',
    { preHandler: read, schema: { params: Params } },
    async (request, reply) => {
      const db = app.ops.hub.couch.db(stationDbName(request.params.stationId));
      try {
        const { _rev, ...doc } = (await db.get(stationConfigId(request.params.stationId))) as Record<
          string,
          unknown
        >;
        return { config: doc };
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
        return reply.status(404).send({
          code: 'XZ_ERR_NOT_FOUND',
          message: 'No configuration has been sent to this station yet.',
          messageZh: '尚未向该站点下发配置。',
        });
      }
    },
  );

  app.put(
    '/api/stations/:stationId/config',
    {
      preHandler: manage,
      schema: { params: Params, body: Type.Object({ config: Type.Record(Type.String(), Type.Unknown()) }) },
    },
    async (request, reply) => {
      const { stationId } = request.params;
      const config = {
        ...request.body.config,
        _id: stationConfigId(stationId),
        type: 'station',
        schemaVersion: 1,
        stationId,
        updatedAt: Date.now(),
      };
      delete (config as { _rev?: unknown })._rev;
      try {
        validateStationConfig(config, 'config');
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        const first = error.issues[0];
        return reply.status(400).send({
          code: 'XZ_ERR_VALIDATION',
          message: `${first?.path || '/'}: ${first?.message ?? 'invalid'}`,
          messageZh: `站点配置有误：${first?.path || '/'}`,
          field: (first?.path ?? '').replace(/^\//, '').replaceAll('/', '.'),
        });
      }
      await app.ops.hub.couch.ensureStationDb(stationId);
      const db = app.ops.hub.couch.db(stationDbName(stationId));
      const before = (await db.get(config._id).catch(() => undefined)) as
        | { _rev?: string; updatedAt?: number }
        | undefined;
      await db.insert({ ...config, ...(before?._rev ? { _rev: before._rev } : {}) } as never);
      await app.ops.audit.record({
        actor: { id: request.operator?.username ?? 'unknown', roles: request.operator?.roles },
        action: 'station.config',
        target: { kind: 'station', id: stationId },
        ...(before?.updatedAt ? { before: { updatedAt: before.updatedAt } } : {}),
        after: { updatedAt: config.updatedAt },
        ip: request.ip,
      });
      return { ok: true, updatedAt: config.updatedAt };
    },
  );

  app.post(
    '/api/stations/:stationId/commands',
    {
      preHandler: manage,
      schema: {
        params: Params,
        body: Type.Object(
          { command: Type.Union([Type.Literal('test-print')]) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const { stationId } = request.params;
      const at = Date.now();
      app.policyIo
        .to(stationRoom(stationId))
        .emit('station-command', { stationId, command: request.body.command, at });
      await app.ops.audit.record({
        actor: { id: request.operator?.username ?? 'unknown', roles: request.operator?.roles },
        action: `station.command.${request.body.command}`,
        target: { kind: 'station', id: stationId },
        ip: request.ip,
      });
      return { ok: true, sentAt: at, connected: stationSockets(app.policyIo, stationId) };
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
