/**
 * A page on another port of the hub's host gets the admin's cookie (same site), so the hub checks
 * where state-changing requests come from.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../src/app.ts';
import {
  ADMIN_PASSWORD,
  call,
  policyContent,
  signIn,
  startTestHub,
  type TestHub,
  userSession,
} from '../helpers.ts';

describe('state-changing requests from other origins', () => {
  let t: TestHub;
  let admin: string;
  let op2: string;
  const FOREIGN = 'http://127.0.0.1:9999';

  async function send(method: 'POST' | 'PUT', url: string, headers: Record<string, string>, body?: object) {
    const res = await t.hub.app.inject({ method, url, headers, ...(body ? { payload: body } : {}) });
    return { status: res.statusCode, body: res.json() };
  }

  async function auditActions(): Promise<string[]> {
    const res = await call(t.hub, 'GET', '/api/audit?limit=200', { cookie: admin });
    return res.body.entries.map((e: { action: string }) => e.action);
  }

  beforeAll(async () => {
    t = await startTestHub();
    admin = await signIn(t.hub, 'admin', ADMIN_PASSWORD);
    op2 = await userSession(t.hub, admin, 'op-two', ['district-operator']);
    expect(
      (await call(t.hub, 'POST', '/api/policies', { cookie: admin, body: { content: policyContent('o-p') } }))
        .status,
    ).toBe(201);
    await call(t.hub, 'POST', '/api/policies/o-p/submit', { cookie: admin });
    await call(t.hub, 'POST', '/api/policies/o-p/approve', { cookie: op2 });
    expect((await call(t.hub, 'POST', '/api/policies/o-p/publish', { cookie: admin })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('a page on another port cannot withdraw a policy or create an enrolment code with the admin’s cookie', async () => {
    const withdraw = await send('POST', '/api/policies/o-p/withdraw', { cookie: admin, origin: FOREIGN });
    expect(withdraw.status).toBe(403);
    expect(withdraw.body).toMatchObject({ code: 'XZ_ERR_FORBIDDEN', reason: 'origin' });
    expect(withdraw.body.messageZh).toBeTruthy();
    const code = await send('POST', '/api/stations/st-a/enrolment-codes', { cookie: admin, origin: FOREIGN });
    expect(code.status).toBe(403);
    expect(code.body.reason).toBe('origin');
    // Same without Origin: the browser says same-site (another port), or hides its origin.
    const hidden: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'no-cors' },
      { referer: `${FOREIGN}/x` },
    ];
    for (const headers of hidden) {
      expect(
        (await send('POST', '/api/stations/st-a/enrolment-codes', { cookie: admin, ...headers })).status,
      ).toBe(403);
    }
    // A Host header naming the attacker's page does not make it the hub.
    const spoofed = await send('POST', '/api/policies/o-p/withdraw', {
      cookie: admin,
      origin: FOREIGN,
      host: '127.0.0.1:9999',
    });
    expect(spoofed.status).toBe(403);

    const policy = await call(t.hub, 'GET', '/api/policies/o-p', { cookie: admin });
    expect(policy.body.status).toBe('published');
    const actions = await auditActions();
    expect(actions).not.toContain('policy.withdraw');
    expect(actions).not.toContain('kiosk.enrolment-code');
  });

  it('refuses a sign-in posted from another origin', async () => {
    const res = await send(
      'POST',
      '/api/auth/sign-in',
      { origin: FOREIGN },
      { username: 'admin', password: ADMIN_PASSWORD },
    );
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('origin');
  });

  it('accepts the hub’s own pages (by address or localhost) and callers without a browser', async () => {
    const own = new URL(t.hub.url).origin;
    const localhost = `http://localhost:${new URL(t.hub.url).port}`;
    expect(
      (await send('POST', '/api/stations/st-a/enrolment-codes', { cookie: admin, origin: own })).status,
    ).toBe(201);
    expect(
      (await send('POST', '/api/stations/st-a/enrolment-codes', { cookie: admin, origin: localhost })).status,
    ).toBe(201);
    expect(
      (
        await send('POST', '/api/stations/st-a/enrolment-codes', {
          cookie: admin,
          'sec-fetch-site': 'same-origin',
        })
      ).status,
    ).toBe(201);
    expect((await send('POST', '/api/stations/st-a/enrolment-codes', { cookie: admin })).status).toBe(201);
    expect((await send('POST', '/api/policies/o-p/withdraw', { cookie: admin, origin: own })).status).toBe(
      200,
    );
  });

  it('lets a kiosk enrol from anywhere (no browser, no cookie)', async () => {
    const res = await send('POST', '/api/enrol', { origin: FOREIGN }, { code: 'AAAA-BBBB-CCCC' });
    expect(res.status).toBe(401);
    expect(res.body.reason).toBe('unknown');
  });
});

describe('a hub behind its public URL', () => {
  let hub: Hub;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xz-hub-origin-'));
    hub = await buildHub({
      dataDir: dir,
      port: 0,
      adminPassword: ADMIN_PASSWORD,
      publicUrl: 'https://hub.example.org/',
    });
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('accepts its pages from XZ_HUB_PUBLIC_URL and no other name', async () => {
    const signInFrom = async (origin: string) =>
      (
        await hub.app.inject({
          method: 'POST',
          url: '/api/auth/sign-in',
          headers: { origin },
          payload: { username: 'admin', password: ADMIN_PASSWORD },
        })
      ).statusCode;
    expect(await signInFrom('https://hub.example.org')).toBe(200);
    expect(await signInFrom('http://hub.example.org')).toBe(403);
    expect(await signInFrom('https://hub.example.org.evil.test')).toBe(403);
  });
});
