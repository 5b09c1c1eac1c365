/**
 * The station agent keeps its contract: every route of `AGENT_ROUTES` is called on a real agent
 * (in process, real HTTP, a virtual printer), once on its happy path and once on an error path,
 * and every reply is checked against its schema in `@xz/shared/contract/agent-api` (the error
 * ones against the error body). The agent's OpenAPI at /docs describes the same replies.
 */
import { request } from 'node:http';
import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { AGENT_ROUTES, type AgentRoute, ErrorBodySchema } from '@xz/shared/contract/agent-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentRig, api, signInCounter, startAgentRig } from './fixtures.ts';

const checkers = new Map<TSchema, ReturnType<typeof TypeCompiler.Compile>>();
function problems(schema: TSchema, value: unknown): string[] {
  let checker = checkers.get(schema);
  if (!checker) {
    checker = TypeCompiler.Compile(schema);
    checkers.set(schema, checker);
  }
  return [...checker.Errors(value)].slice(0, 5).map((e) => `${e.path || '/'}: ${e.message}`);
}

const routeKey = (r: Pick<AgentRoute, 'method' | 'url'>) => `${r.method} ${r.url}`;
const pattern = (url: string) => new RegExp(`^${url.replace(/:[a-z]+/g, '[^/]+')}$`);

function routeOf(method: string, path: string): AgentRoute {
  const route = AGENT_ROUTES.find((r) => r.method === method && pattern(r.url).test(path.split('?')[0]));
  if (!route) throw new Error(`${method} ${path} is not in AGENT_ROUTES`);
  return route;
}

/** A GET with a Host header that is not the agent's own (refused by the host guard). */
function foreignHost(url: string, path: string): Promise<{ status: number; body: unknown }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path, method: 'GET', headers: { host: `evil.example:${u.port}` } },
      (res) => {
        let text = '';
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A valid 18-digit resident ID number for a birth date. */
function residentId(birth: string): string {
  const first17 = `110105${birth.replaceAll('-', '')}123`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

describe('the agent keeps its contract', () => {
  let r: AgentRig;
  const covered = new Map<string, Set<'ok' | 'error'>>();
  const failures: string[] = [];

  /** Calls the agent, checks the reply against the route's schema for its status, and records it. */
  async function call(
    kind: 'ok' | 'error',
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    // biome-ignore lint/suspicious/noExplicitAny: replies are read as the test needs them, after the schema check
  ): Promise<{ status: number; body: any }> {
    const route = routeOf(method, path);
    const res = await api(r.url, method, path, body, headers);
    record(route, kind, `${method} ${path}`, res);
    return res;
  }

  function record(
    route: AgentRoute,
    kind: 'ok' | 'error',
    what: string,
    res: { status: number; body: unknown },
  ) {
    const schema = kind === 'ok' ? route.replies[res.status] : ErrorBodySchema;
    if (kind === 'ok' && !schema) failures.push(`${what}: ${res.status} is not a success reply of the route`);
    if (kind === 'error' && (res.status < 400 || res.status >= 500))
      failures.push(`${what}: expected an error answer, got ${res.status}`);
    if (schema) for (const p of problems(schema, res.body)) failures.push(`${what} (${res.status}): ${p}`);
    const seen = covered.get(routeKey(route)) ?? new Set();
    seen.add(kind);
    covered.set(routeKey(route), seen);
  }

  async function refusedHost(path: string) {
    record(routeOf('GET', path), 'error', `GET ${path} (foreign host)`, await foreignHost(r.url, path));
  }

  beforeAll(async () => {
    r = await startAgentRig({ env: { XZ_DEMO_POLICIES: '1' } });
  }, 60_000);
  afterAll(async () => {
    await r?.close();
  });

  it('answers every route, on its happy path and an error path, with replies of its schemas', async () => {
    let n = 0;
    const key = () => `contract-key-${Date.now().toString(36)}-${n++}`;

    // Station, health, services, printer.
    for (const path of ['/api/health', '/api/station', '/api/services', '/api/printer']) {
      expect((await call('ok', 'GET', path)).status).toBe(200);
      await refusedHost(path);
    }

    // Tickets.
    const k1 = key();
    const legal = await call('ok', 'POST', '/api/tickets', { serviceId: 'legal', idempotencyKey: k1 });
    expect(legal.status).toBe(201);
    expect(
      (await call('ok', 'POST', '/api/tickets', { serviceId: 'legal', idempotencyKey: k1 })).status,
    ).toBe(200);
    const declared = await call('ok', 'POST', '/api/tickets', {
      serviceId: 'legal',
      idempotencyKey: key(),
      declaredGroup: 'pregnant',
    });
    const estate = await call('ok', 'POST', '/api/tickets', {
      serviceId: 'real-estate',
      idempotencyKey: key(),
    });
    expect([declared.status, estate.status]).toEqual([201, 201]);
    expect(
      (await call('error', 'POST', '/api/tickets', { serviceId: 'no-such-service', idempotencyKey: key() }))
        .body.code,
    ).toBe('XZ_ERR_UNKNOWN_SERVICE');
    const ticketPath = (id: string) => `/api/tickets/${encodeURIComponent(id)}`;
    expect((await call('ok', 'GET', ticketPath(legal.body.ticket.id))).status).toBe(200);
    expect((await call('error', 'GET', ticketPath('ticket:nope'))).status).toBe(404);

    // The green channel.
    const check = await call('ok', 'POST', '/api/green/check', { idNumber: residentId('1950-03-01') });
    expect(check.body.grant?.groupId).toBe('elderly');
    expect((await call('error', 'POST', '/api/green/check', {})).body.field).toBe('idNumber');

    // Counter 3 (real estate, legal, requests, general).
    expect((await call('ok', 'GET', '/api/counters/staff')).status).toBe(200);
    await refusedHost('/api/counters/staff');
    const wrong = await call('error', 'POST', '/api/counters/3/session', {
      staff: 'wang.fang',
      secret: '000000',
    });
    expect(wrong.body.code).toBe('XZ_ERR_UNAUTHORIZED');
    const signedIn = await call('ok', 'POST', '/api/counters/3/session', {
      staff: 'wang.fang',
      secret: '135790',
    });
    expect(signedIn.status).toBe(201);
    const auth = { authorization: `Bearer ${signedIn.body.token}` };
    const at3 = (action: string) => `/api/counters/3/${action}`;

    // Every action refused without the session first.
    for (const action of ['call-next', 'recall', 'no-show', 'finish']) {
      expect((await call('error', 'POST', at3(action), {})).status).toBe(401);
    }
    expect(
      (await call('error', 'POST', at3('call'), { ticketId: 'ticket:nope' }, auth)).status,
    ).toBeGreaterThanOrEqual(400);

    const green = declared.body.ticket.id as string;
    expect((await call('ok', 'POST', at3('call'), { ticketId: green }, auth)).body.events).toContain(
      'TicketCalled',
    );
    expect((await call('ok', 'POST', at3('confirm-green'), { confirmed: true }, auth)).status).toBe(200);
    expect((await call('ok', 'POST', at3('recall'), {}, auth)).status).toBe(200);
    expect((await call('ok', 'POST', at3('finish'), {}, auth)).status).toBe(200);
    // Idle now: confirming and transferring have no current ticket.
    expect((await call('error', 'POST', at3('confirm-green'), { confirmed: true }, auth)).status).toBe(409);
    expect(
      (await call('error', 'POST', at3('transfer'), { toServiceId: 'tax', position: 'front' }, auth)).status,
    ).toBe(409);

    const called = await call('ok', 'POST', at3('call-next'), {}, auth);
    expect(called.body.rule).toBeDefined();
    const missed = called.body.ticket.id as string;
    expect((await call('ok', 'POST', at3('no-show'), {}, auth)).body.events).toContain('TicketNoShow');
    expect((await call('ok', 'GET', '/api/queue')).body.recentNoShows).toHaveLength(1);
    await refusedHost('/api/queue');
    expect((await call('ok', 'POST', at3('restore-no-show'), { ticketId: missed }, auth)).status).toBe(200);
    expect((await call('error', 'POST', at3('restore-no-show'), { ticketId: missed }, auth)).status).toBe(
      409,
    );
    expect((await call('ok', 'POST', at3('call-next'), {}, auth)).status).toBe(200);
    expect(
      (await call('ok', 'POST', at3('transfer'), { toServiceId: 'general', position: 'front' }, auth)).status,
    ).toBe(200);
    expect((await call('ok', 'POST', at3('reprint'), { ticketId: legal.body.ticket.id }, auth)).status).toBe(
      200,
    );
    expect(
      (await call('error', 'POST', at3('reprint'), { ticketId: 'ticket:nope' }, auth)).status,
    ).toBeGreaterThanOrEqual(400);

    // Policies.
    const list = await call('ok', 'GET', '/api/policies');
    expect(list.body.policies.length).toBeGreaterThan(0);
    await refusedHost('/api/policies');
    const policyId = list.body.policies[0].id as string;
    expect((await call('ok', 'GET', `/api/policies/${policyId}`)).status).toBe(200);
    expect((await call('error', 'GET', '/api/policies/no-such-policy')).status).toBe(404);
    expect((await call('ok', 'POST', `/api/policies/${policyId}/print`, { lang: 'en' })).status).toBe(200);
    expect((await call('error', 'POST', '/api/policies/no-such-policy/print', {})).status).toBe(404);

    // Ratings: the green ticket was served.
    const number = declared.body.ticket.number as string;
    expect((await call('ok', 'POST', '/api/ratings', { ticketNumber: number, level: 5 })).status).toBe(201);
    expect((await call('error', 'POST', '/api/ratings', { ticketNumber: number, level: 4 })).body.code).toBe(
      'XZ_ERR_CONFLICT',
    );

    // Requests.
    const filed = {
      category: 'enterprise',
      description: '需要办理开票业务的指导',
      phone: '13800138000',
      idempotencyKey: key(),
    };
    expect((await call('ok', 'POST', '/api/requests', filed)).status).toBe(201);
    expect((await call('ok', 'POST', '/api/requests', filed)).status).toBe(200);
    const badPhone = await call('error', 'POST', '/api/requests', {
      ...filed,
      phone: '12345',
      idempotencyKey: key(),
    });
    expect(badPhone.body).toMatchObject({ code: 'XZ_ERR_VALIDATION', field: 'phone' });

    // Signing out.
    expect((await call('error', 'DELETE', '/api/counters/3/session')).status).toBe(401);
    expect((await call('ok', 'DELETE', '/api/counters/3/session', undefined, auth)).status).toBe(200);

    expect(failures).toEqual([]);
    const missing = AGENT_ROUTES.flatMap((route) =>
      (['ok', 'error'] as const)
        .filter((kind) => !covered.get(routeKey(route))?.has(kind))
        .map((kind) => `${routeKey(route)} ${kind}`),
    );
    expect(missing).toEqual([]);
  });

  it('describes every reply of every route in its OpenAPI at /docs', async () => {
    const doc = (await api(r.url, 'GET', '/docs/json')).body as {
      paths: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
    };
    for (const route of AGENT_ROUTES) {
      const path = route.url.replace(/:([a-z]+)/g, '{$1}');
      const responses = doc.paths[path]?.[route.method.toLowerCase()]?.responses ?? {};
      for (const status of [...Object.keys(route.replies), '4XX', '5XX'])
        expect(responses, `${routeKey(route)} ${status}`).toHaveProperty(status);
    }
  });

  it('signs in through the fixture too (the contract’s session reply is what tests use)', async () => {
    const auth = await signInCounter(r.url, '1');
    expect(auth.authorization).toMatch(/^Bearer /);
  });
});
