/**
 * Refuses requests whose Host or Origin is not the agent's own (DNS rebinding defence).
 * The allowed names are the loopback names and any LAN names the station file or
 * XZ_ALLOWED_HOSTS lists; the port must be the agent's port.
 */
import type { FastifyInstance } from 'fastify';

export interface HostGuardOptions {
  /** Host names (without port) this agent answers to. */
  names: string[];
  /** The port the agent listens on; read lazily because port 0 is resolved at listen time. */
  port: () => number;
}

export function hostAllowed(host: string | undefined, opts: HostGuardOptions): boolean {
  if (!host) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!match) return false;
  const name = match[1];
  const port = match[2] ? Number(match[2]) : 80;
  return opts.names.includes(name) && port === opts.port();
}

export function originAllowed(origin: string, opts: HostGuardOptions): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return hostAllowed(url.host, opts);
}

export function installHostGuard(app: FastifyInstance, opts: HostGuardOptions): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (!hostAllowed(request.headers.host, opts) || (origin !== undefined && !originAllowed(origin, opts))) {
      return reply.code(403).send({
        code: 'XZ_ERR_FORBIDDEN',
        message: 'This station agent only answers requests addressed to itself.',
        messageZh: '本站点服务只接受发往本机的请求。',
      });
    }
  });
}
