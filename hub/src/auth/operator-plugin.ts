/**
 * Operator features of the hub as one plugin: sign-in sessions and role guards, users, the audit
 * log, policies (with socket.io announcements and the due-check timer), the public QR pages and
 * the operator console.
 *
 * Decorators: `ops` (the services, once CouchDB is reachable), `opsReady`, `requireRole(...roles)`
 * (preHandler: 401 without a live session, 403 with `reason: 'role'` for another role),
 * `policyIo` (the socket.io server: operators by session cookie, stations by kiosk credentials, see
 * `hub-sockets.ts`); `request.operator` is set by `requireRole`.
 * `requireOperator` (used by the station routes) becomes "any signed-in operator".
 */
import cookie from '@fastify/cookie';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { WorkingCalendar } from '@xz/shared/calendar/calendar';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { HubServices } from '../app.ts';
import { type AuditLog, createAuditLog } from '../audit/audit.ts';
import { liveCalendar } from '../calendar/service.ts';
import consoleStatic from '../console/serve.ts';
import { apiDocs } from '../http/api-docs.ts';
import { originGuard, originOf, parseOrigins } from '../http/origin-guard.ts';
import {
  createPolicyService,
  type PolicyEventName,
  type PolicyEvents,
  type PolicyService,
} from '../policies/service.ts';
import auditRoutes from '../routes/audit/index.ts';
import authRoutes from '../routes/auth/index.ts';
import usersRoutes from '../routes/auth/users.ts';
import calendarRoutes from '../routes/calendar/index.ts';
import caseRoutes from '../routes/cases/index.ts';
import greenListRoutes from '../routes/green-lists/index.ts';
import policyRoutes from '../routes/policies/index.ts';
import publicRoutes from '../routes/public/index.ts';
import { OPERATOR_ROLES, type Operator, type OperatorRole } from '../users/roles.ts';
import { createUserStore, type UserStore } from '../users/users.ts';
import { createHubSockets, describePeer, type HubIo, stationRoom } from './hub-sockets.ts';
import kioskRoutes from './kiosk-routes.ts';
import { createSessionStore, SESSION_COOKIE, type SessionStore } from './sessions.ts';

export interface OperatorServices {
  hub: HubServices;
  users: UserStore;
  sessions: SessionStore;
  audit: AuditLog;
  policies: PolicyService;
  calendar: WorkingCalendar;
}

declare module 'fastify' {
  interface FastifyInstance {
    ops: OperatorServices;
    opsReady: Promise<OperatorServices>;
    requireRole: (
      ...roles: OperatorRole[]
    ) => (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    policyIo: HubIo;
  }
  interface FastifyRequest {
    operator: Operator | null;
  }
}

export interface OperatorPluginOptions {
  servicesReady: Promise<HubServices>;
  /** Working days from signing to publication (default XZ_POLICY_PUBLISH_DAYS or 2). */
  publicationDays?: number;
  /** Due check interval in ms (default XZ_POLICY_DUE_INTERVAL_MS or 30 s). */
  dueIntervalMs?: number;
  /** Idle time after which a session ends (default 8 h). */
  sessionIdleMs?: number;
  /** Base URL operators and stations reach the hub at (XZ_HUB_PUBLIC_URL): its origin may make changes. */
  publicUrl?: string;
  /** More origins whose pages may make changes (default XZ_HUB_ALLOWED_ORIGINS, comma-separated). */
  allowedOrigins?: readonly string[];
}

function envInt(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got ${raw}`);
  return n;
}

const WAITS_FOR_SERVICES = /^\/(api\/|p(?:[/?]|$)|t\/|r\/)/;

export const operatorPlugin = fp<OperatorPluginOptions>(
  async (app, options) => {
    if (!app.hasDecorator('parseCookie')) await app.register(cookie);
    // OpenAPI at /docs: registered before any route (these and the hub's own) so all appear.
    await app.register(apiDocs);
    // State-changing /api requests from a browser only from the hub's own pages.
    const extraOrigins = [
      ...(options.publicUrl ? [originOf(options.publicUrl) ?? options.publicUrl] : []),
      ...(options.allowedOrigins ?? parseOrigins(process.env.XZ_HUB_ALLOWED_ORIGINS)),
    ];
    await app.register(originGuard, { origins: extraOrigins });
    const publicationDays = options.publicationDays ?? envInt('XZ_POLICY_PUBLISH_DAYS', 2, 0);
    const dueIntervalMs = options.dueIntervalMs ?? envInt('XZ_POLICY_DUE_INTERVAL_MS', 30_000, 100);

    const io = createHubSockets(app.server, {
      services: async () => {
        const ops = await opsReady;
        return { kioskUsers: ops.hub.kioskUsers, sessions: ops.sessions };
      },
      parseCookie: (header) => app.parseCookie(header),
      origins: app.hubOrigins,
      onError: (error) => app.log.error(error, 'socket.io handshake'),
      onDropped: (peer, event, problems) =>
        app.log.warn({ ...describePeer(peer), event, problems }, 'socket.io event from a peer dropped'),
    });
    app.decorate('policyIo', io);
    const emit = <E extends keyof PolicyEvents>(event: E, payload: PolicyEvents[E]) => {
      // The typed emit cannot follow a generic event name: the payload is PolicyEvents[E] by the signature.
      (io.emit as (event: PolicyEventName, payload: PolicyEvents[PolicyEventName]) => boolean)(
        event,
        payload,
      );
    };

    const opsReady = options.servicesReady.then((hub): OperatorServices => {
      const calendar = liveCalendar(hub.calendar);
      const audit = createAuditLog(hub.couch);
      return {
        hub,
        users: createUserStore(hub.couch, { hashKey: hub.hashKey, staff: hub.staff }),
        sessions: createSessionStore(hub.couch, { idleMs: options.sessionIdleMs }),
        audit,
        calendar,
        policies: createPolicyService({ couch: hub.couch, audit, calendar, publicationDays, emit }),
      };
    });
    opsReady.catch(() => {});
    app.decorate('ops', null as unknown as OperatorServices);
    app.decorate('opsReady', opsReady);
    app.decorateRequest('operator', null);
    app.addHook('onRequest', async (request) => {
      if (app.ops === null && WAITS_FOR_SERVICES.test(request.url)) app.ops = await opsReady;
    });

    // The due check: scheduled publishes, expiry and repair, at start and on a timer.
    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
      running = app.ops.policies.runDue().catch((error: unknown) => app.log.error(error, 'policy due check'));
      return running;
    };
    let stopRevocations: (() => void) | undefined;
    opsReady.then(
      (ops) => {
        if (closed) return;
        app.ops = ops;
        // A revoked (or re-enrolled) station's sockets end with its credentials.
        stopRevocations = ops.hub.kioskUsers.onRevoked((stationId) => {
          io.in(stationRoom(stationId)).disconnectSockets(true);
        });
        void tick();
        timer = setInterval(() => void tick(), dueIntervalMs);
        timer.unref();
      },
      () => {},
    );

    app.addHook('preClose', async () => {
      closed = true;
      if (timer) clearInterval(timer);
      stopRevocations?.();
      io.disconnectSockets(true);
      io.engine.close();
      await running;
    });

    async function resolveOperator(request: FastifyRequest): Promise<Operator | undefined> {
      const token = request.cookies?.[SESSION_COOKIE];
      if (!token) return undefined;
      return app.ops.sessions.resolve(token);
    }

    app.decorate('requireRole', (...roles: OperatorRole[]) => {
      const allowed = roles.length > 0 ? roles : [...OPERATOR_ROLES];
      return async (request: FastifyRequest) => {
        const operator = await resolveOperator(request);
        if (!operator) {
          throw new DomainError(ErrorCode.Unauthorized, 'Please sign in (no session, or it expired).', {
            reason: 'session',
          });
        }
        request.operator = operator;
        if (!operator.roles.some((r) => allowed.includes(r))) {
          throw new DomainError(
            ErrorCode.Forbidden,
            `This needs the role ${allowed.join(' or ')}; you have ${operator.roles.join(', ') || 'no role'}.`,
            { reason: 'role' },
          );
        }
      };
    });
    app.requireOperator = app.requireRole(...OPERATOR_ROLES);

    const api = app.withTypeProvider<TypeBoxTypeProvider>();
    await api.register(authRoutes);
    await api.register(usersRoutes);
    await api.register(policyRoutes);
    await api.register(auditRoutes);
    await api.register(caseRoutes);
    await api.register(calendarRoutes);
    await api.register(greenListRoutes);
    await api.register(kioskRoutes);
    await api.register(publicRoutes);
    await api.register(consoleStatic);
  },
  { name: 'xz-hub-operator', fastify: '5.x' },
);

export default operatorPlugin;
