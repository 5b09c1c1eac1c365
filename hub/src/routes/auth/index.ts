/**
 * Operator sign-in: POST /api/auth/sign-in (unsuccessful attempts are limited per address and user
 * name: 5 a minute, then 429; and per address whatever the user name: 20 in 10 minutes, then 429
 * until the window ends; a correct sign-in never uses up either allowance, so colleagues behind
 * one address and a user signing in again are not locked out), POST /api/auth/sign-out,
 * GET /api/auth/me. The session lives in CouchDB; the browser
 * keeps only its token in an httpOnly, SameSite=Strict cookie.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { createAttemptLimiter } from '@xz/shared/limits/attempt-limiter';
import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from '../../auth/sessions.ts';
import { ErrorReply } from '../../errors.ts';
import { MeReply, OperatorReply, SignInBody } from './schemas.ts';

/** Unsuccessful sign-ins per client address and user name. */
export const SIGN_IN_LIMIT = { max: 5, windowMs: 60 * 1000 } as const;
/** Unsuccessful sign-ins per client address, whatever the user names tried. */
export const SIGN_IN_ADDRESS_LIMIT = { max: 20, windowMs: 10 * 60 * 1000 } as const;

const signInKey = (ip: string, username: string) => `${ip}|${username.toLowerCase().slice(0, 64)}`;

function refuse(reply: FastifyReply, retryAfterMs: number, reason: 'address' | 'user'): never {
  reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)));
  throw new DomainError(
    ErrorCode.RateLimited,
    reason === 'address'
      ? 'Too many failed sign-ins from this address; try again later.'
      : 'Too many failed sign-ins for this user name; try again in a minute.',
    { reason },
  );
}

const auth: FastifyPluginAsyncTypebox = async (app) => {
  const perAddress = createAttemptLimiter(SIGN_IN_ADDRESS_LIMIT);
  const perUser = createAttemptLimiter(SIGN_IN_LIMIT);

  app.post(
    '/api/auth/sign-in',
    {
      bodyLimit: 4096,
      schema: {
        body: SignInBody,
        response: {
          200: Type.Object({ operator: OperatorReply }),
          400: ErrorReply,
          401: ErrorReply,
          429: ErrorReply,
        },
      },
    },
    async (request, reply) => {
      const { users, sessions, audit } = app.ops;
      const { username, password } = request.body;
      const attempt = perAddress.take(request.ip);
      if (!attempt.ok) refuse(reply, attempt.retryAfterMs, 'address');
      const userAttempt = perUser.take(signInKey(request.ip, username));
      if (!userAttempt.ok) {
        attempt.succeeded();
        refuse(reply, userAttempt.retryAfterMs, 'user');
      }
      const operator = await users.verify(username, password);
      if (!operator) {
        await audit.record({
          actor: { id: username.slice(0, 64) },
          action: 'auth.sign-in-failed',
          target: { kind: 'user', id: username.slice(0, 64) },
          ip: request.ip,
        });
        throw new DomainError(ErrorCode.Unauthorized, 'Wrong user name or password.', {
          reason: 'credentials',
        });
      }
      attempt.succeeded();
      userAttempt.succeeded();
      const token = await sessions.create(operator);
      await audit.record({
        actor: { id: operator.username, roles: operator.roles },
        action: 'auth.sign-in',
        target: { kind: 'user', id: operator.username },
        ip: request.ip,
      });
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'strict',
        path: '/',
        secure: request.protocol === 'https',
      });
      return { operator };
    },
  );

  app.post(
    '/api/auth/sign-out',
    { schema: { response: { 200: Type.Object({ ok: Type.Boolean() }) } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const operator = await app.ops.sessions.resolve(token);
        await app.ops.sessions.destroy(token);
        if (operator) {
          await app.ops.audit.record({
            actor: { id: operator.username, roles: operator.roles },
            action: 'auth.sign-out',
            target: { kind: 'user', id: operator.username },
            ip: request.ip,
          });
        }
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/me',
    { preHandler: app.requireRole(), schema: { response: { 200: MeReply, 401: ErrorReply } } },
    async (request) => ({
      operator: request.operator as NonNullable<typeof request.operator>,
      idleMs: app.ops.sessions.idleMs,
    }),
  );
};

export default auth;
