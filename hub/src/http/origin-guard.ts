/**
 * Cross-site request defence for the operator API. The session cookie is SameSite=Strict, but a
 * page on another port of the same host is "same-site" to a browser and gets the cookie; so every
 * state-changing request under /api (POST, PUT, PATCH, DELETE) is checked against an allow-list of
 * the hub's own origins, never against the request's Host header (the caller chooses that one).
 *
 * The hub's origins: the address it listens on (a loopback or all-interfaces address also as
 * `localhost`, `127.0.0.1` and `[::1]` on that port), its public URL (XZ_HUB_PUBLIC_URL) and any
 * origin in XZ_HUB_ALLOWED_ORIGINS.
 *
 * The rule, in order:
 * 1. `Origin` present: it must be one of the hub's origins (`null` never is).
 * 2. No `Origin`, `Sec-Fetch-Site` present: it must be `same-origin`.
 * 3. Neither, but another marker only browsers send (`Sec-Fetch-Dest`, `Sec-Fetch-User`): refused.
 *    (`Sec-Fetch-Mode` alone is no such marker: Node's fetch sends it too.)
 * 4. Neither, but a `Referer`: its origin must be one of the hub's.
 * 5. No browser marker at all (curl, scripts, other servers): allowed; such a caller holds the
 *    cookie itself, which a foreign page cannot.
 *
 * `POST /api/enrol` is exempt: kiosks call it without a browser and it needs no cookie.
 * A refusal is 403 XZ_ERR_FORBIDDEN with `reason: 'origin'`.
 */
import type { AddressInfo } from 'node:net';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Routes a browser-less client may call from anywhere. */
const EXEMPT_ROUTES: ReadonlySet<string> = new Set(['/api/enrol']);
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** `scheme://host[:port]` of an http(s) URL (lower case, default port dropped), or undefined. */
export function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Parses a comma-separated list of origins (XZ_HUB_ALLOWED_ORIGINS); throws naming a bad entry. */
export function parseOrigins(raw: string | undefined, name = 'XZ_HUB_ALLOWED_ORIGINS'): string[] {
  if (raw === undefined || raw.trim() === '') return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => {
      const origin = originOf(s);
      if (!origin) throw new Error(`${name}: ${JSON.stringify(s)} is not an http(s) origin`);
      return origin;
    });
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '0.0.0.0', '::']);

/** The origins a browser uses to reach a server listening at `address` (plain http). */
export function listeningOrigins(address: AddressInfo | string | null): string[] {
  if (address === null || typeof address === 'string') return [];
  const { port } = address;
  if (LOOPBACK.has(address.address) || address.address.startsWith('127.')) {
    const names = ['localhost', '127.0.0.1', '[::1]'];
    if (address.address.startsWith('127.') && address.address !== '127.0.0.1') names.push(address.address);
    return names.map((n) => originOf(`http://${n}:${port}`) as string);
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return [originOf(`http://${host}:${port}`) as string];
}

const header = (headers: Headers, name: string): string | undefined => {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/** Why a request with these headers is not from the hub's own pages, or undefined when it may be. */
export function foreignOrigin(headers: Headers, allowed: ReadonlySet<string>): string | undefined {
  const origin = header(headers, 'origin');
  if (origin !== undefined) {
    const normal = originOf(origin);
    return normal !== undefined && allowed.has(normal)
      ? undefined
      : `Requests from ${origin.slice(0, 100)} may not change anything on this hub.`;
  }
  const site = header(headers, 'sec-fetch-site');
  if (site !== undefined) {
    return site === 'same-origin'
      ? undefined
      : `A ${site.slice(0, 20)} request may not change anything on this hub.`;
  }
  if (header(headers, 'sec-fetch-dest') !== undefined || header(headers, 'sec-fetch-user') !== undefined) {
    return 'A browser request without its origin may not change anything on this hub.';
  }
  const referer = header(headers, 'referer');
  if (referer !== undefined) {
    const normal = originOf(referer);
    return normal !== undefined && allowed.has(normal)
      ? undefined
      : 'Requests from another site may not change anything on this hub.';
  }
  return undefined;
}

export interface OriginGuardOptions {
  /** Origins besides the listening ones (public URL, configured extras). */
  origins: readonly string[];
}

/** The hub's own origins, read once the server listens. */
export function hubOrigins(app: FastifyInstance, extra: readonly string[]): () => ReadonlySet<string> {
  let known: ReadonlySet<string> | undefined;
  return () => {
    if (known) return known;
    const address = app.server.listening ? (app.server.address() as AddressInfo | string | null) : null;
    const set = new Set([...listeningOrigins(address), ...extra]);
    if (address !== null) known = set;
    return set;
  };
}

/** Installs the check on every state-changing /api request (see the rule above). */
export const originGuard = fp<OriginGuardOptions>(
  async (app, options) => {
    const allowed = hubOrigins(app, options.origins);
    app.decorate('hubOrigins', allowed);
    app.addHook('onRequest', async (request) => {
      if (SAFE_METHODS.has(request.method)) return;
      const route = request.routeOptions.url;
      if (!(route ?? request.url).startsWith('/api/') || (route !== undefined && EXEMPT_ROUTES.has(route))) {
        return;
      }
      const why = foreignOrigin(request.headers, allowed());
      if (why !== undefined) throw new DomainError(ErrorCode.Forbidden, why, { reason: 'origin' });
    });
  },
  { name: 'xz-hub-origin-guard', fastify: '5.x' },
);

declare module 'fastify' {
  interface FastifyInstance {
    /** The hub's own origins (listening address, public URL, configured extras). */
    hubOrigins: () => ReadonlySet<string>;
  }
}

export default originGuard;
