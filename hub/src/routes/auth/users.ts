/**
 * Hub users (admin only): GET /api/users, POST /api/users, POST /api/users/:username/{disable,enable},
 * PUT /api/users/:username/station (moves station staff to another station; their sessions end, so
 * the next sign-in sees only the new station), PUT /api/users/:username/pin (a station staff
 * member's counter PIN: set by an admin or by the staff member; null removes it).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { ErrorReply } from '../../errors.ts';
import { NewUserBody, PinBody, StationBody, UserReply } from './schemas.ts';

const users: FastifyPluginAsyncTypebox = async (app) => {
  const adminOnly = app.requireRole('admin');
  const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply, 409: ErrorReply };

  app.get(
    '/api/users',
    {
      preHandler: adminOnly,
      schema: { response: { 200: Type.Object({ users: Type.Array(UserReply) }), ...errors } },
    },
    async () => ({ users: await app.ops.users.list() }),
  );

  app.post(
    '/api/users',
    {
      preHandler: adminOnly,
      bodyLimit: 4096,
      schema: { body: NewUserBody, response: { 201: UserReply, ...errors } },
    },
    async (request, reply) => {
      const by = request.operator?.username ?? 'unknown';
      const user = await app.ops.users.create(request.body, by);
      await app.ops.audit.record({
        actor: { id: by, roles: request.operator?.roles },
        action: 'user.create',
        target: { kind: 'user', id: user.username },
        after: { roles: user.roles, ...(user.stationId ? { stationId: user.stationId } : {}) },
        ip: request.ip,
      });
      return reply.status(201).send(user);
    },
  );

  app.put(
    '/api/users/:username/station',
    {
      preHandler: adminOnly,
      bodyLimit: 1024,
      schema: {
        params: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: StationBody,
        response: { 200: UserReply, ...errors },
      },
    },
    async (request) => {
      const { before, after } = await app.ops.users.setStation(
        request.params.username,
        request.body.stationId,
      );
      await app.ops.sessions.destroyForUser(after.username);
      await app.ops.audit.record({
        actor: { id: request.operator?.username ?? 'unknown', roles: request.operator?.roles },
        action: 'user.station',
        target: { kind: 'user', id: after.username },
        ...(before.stationId ? { before: { stationId: before.stationId } } : {}),
        after: { stationId: request.body.stationId },
        ip: request.ip,
      });
      return after;
    },
  );

  app.put(
    '/api/users/:username/pin',
    {
      preHandler: app.requireRole(),
      bodyLimit: 1024,
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        params: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: PinBody,
        response: { 200: UserReply, ...errors },
      },
    },
    async (request) => {
      const operator = request.operator;
      const own = operator?.username === request.params.username;
      if (!own && !operator?.roles.includes('admin')) {
        throw new DomainError(ErrorCode.Forbidden, 'Only an admin sets another person’s PIN.', {
          reason: 'role',
        });
      }
      const after = await app.ops.users.setPin(request.params.username, request.body.pin);
      await app.ops.audit.record({
        actor: { id: operator?.username ?? 'unknown', roles: operator?.roles },
        action: request.body.pin === null ? 'user.pin.remove' : 'user.pin.set',
        target: { kind: 'user', id: after.username },
        ip: request.ip,
      });
      return after;
    },
  );

  for (const action of ['disable', 'enable'] as const) {
    app.post(
      `/api/users/:username/${action}`,
      {
        preHandler: adminOnly,
        schema: {
          params: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }) }),
          response: { 200: UserReply, ...errors },
        },
      },
      async (request) => {
        const { before, after } = await app.ops.users.setDisabled(
          request.params.username,
          action === 'disable',
        );
        if (action === 'disable') await app.ops.sessions.destroyForUser(after.username);
        await app.ops.audit.record({
          actor: { id: request.operator?.username ?? 'unknown', roles: request.operator?.roles },
          action: `user.${action}`,
          target: { kind: 'user', id: after.username },
          before: { disabled: before.disabled },
          after: { disabled: after.disabled },
          ip: request.ip,
        });
        return after;
      },
    );
  }
};

export default users;
