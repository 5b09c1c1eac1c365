/** Operator sign-in, sessions in CouchDB, roles, the sign-in rate limit and the audit of writes. */
import { HubDb } from '@xz/shared/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, sessionDocId } from '../../src/auth/sessions.ts';
import { ADMIN_PASSWORD, call, signIn, startTestHub, type TestHub, userSession } from '../helpers.ts';

describe('operator auth', () => {
  let t: TestHub;
  let admin: string;

  beforeAll(async () => {
    t = await startTestHub();
    admin = await signIn(t.hub, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => t?.close());

  it('signs in with a httpOnly, SameSite=Strict session cookie and answers /me', async () => {
    const res = await t.hub.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain(`${SESSION_COOKIE}=`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await call(t.hub, 'GET', '/api/auth/me', { cookie: cookie.split(';')[0] });
    expect(me.status).toBe(200);
    expect(me.body.operator).toMatchObject({ username: 'admin', roles: ['admin'] });
  });

  it('refuses a wrong password with 401 and no cookie', async () => {
    const res = await call(t.hub, 'POST', '/api/auth/sign-in', {
      body: { username: 'admin', password: 'nope-nope' },
    });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('XZ_ERR_UNAUTHORIZED');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('needs a session for operator routes, including the live station view', async () => {
    expect((await call(t.hub, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await call(t.hub, 'GET', '/api/stations/live')).status).toBe(401);
    expect((await call(t.hub, 'GET', '/api/stations/live', { cookie: admin })).status).toBe(200);
  });

  it('ends the session on sign-out', async () => {
    const cookie = await signIn(t.hub, 'admin', ADMIN_PASSWORD);
    expect((await call(t.hub, 'POST', '/api/auth/sign-out', { cookie })).status).toBe(200);
    expect((await call(t.hub, 'GET', '/api/auth/me', { cookie })).status).toBe(401);
  });

  it('ends a session idle for more than 8 hours (stored in CouchDB, so any hub process agrees)', async () => {
    const cookie = await signIn(t.hub, 'admin', ADMIN_PASSWORD);
    const token = cookie.split('=')[1];
    const db = t.hub.couch.db<{ _rev?: string; lastSeenAt: number }>(HubDb.Users);
    const doc = await db.get(sessionDocId(token));
    expect((await call(t.hub, 'GET', '/api/auth/me', { cookie })).status).toBe(200);
    const fresh = await db.get(sessionDocId(token));
    await db.insert({ ...fresh, lastSeenAt: doc.lastSeenAt - 8 * 3600_000 - 1000 });
    const res = await call(t.hub, 'GET', '/api/auth/me', { cookie });
    expect(res.status).toBe(401);
    expect(res.body.reason).toBe('session');
  });

  it('lets a user sign in again and again: only unsuccessful attempts count', async () => {
    for (let i = 0; i < 8; i++) {
      const res = await t.hub.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress: '198.51.100.30',
        payload: { username: 'admin', password: ADMIN_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
    }
  });

  it('limits failed sign-in attempts per address and user: the 6th in a minute gets 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await call(t.hub, 'POST', '/api/auth/sign-in', {
            body: { username: 'mallory', password: `guess-${i}` },
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    const last = await call(t.hub, 'POST', '/api/auth/sign-in', {
      body: { username: 'mallory', password: 'x' },
    });
    expect(last.body.code).toBe('XZ_ERR_RATE_LIMITED');
    // Another user from the same address is not locked out.
    await userSession(t.hub, admin, 'op-rate', ['district-operator']);
  });

  it('limits failed sign-ins per address whatever the user name: the 21st in 10 minutes gets 429', async () => {
    const attempt = async (username: string, password: string, remoteAddress = '198.51.100.7') => {
      const res = await t.hub.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress,
        payload: { username, password },
      });
      return { status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] };
    };
    // A correct sign-in from the address does not use up its allowance.
    expect((await attempt('admin', ADMIN_PASSWORD)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await attempt(`user-${i}`, 'guess-guess')).status);
    expect(statuses).toEqual(Array(20).fill(401));
    const refused = await attempt('user-20', 'guess-guess');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'XZ_ERR_RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThan(500);
    // Even the right password waits: the address is locked, not the account.
    expect((await attempt('admin', ADMIN_PASSWORD)).status).toBe(429);
    // Another address signs in as before.
    expect((await attempt('admin', ADMIN_PASSWORD, '198.51.100.8')).status).toBe(200);
  });

  it('lets only an admin create users, and audits it', async () => {
    const op = await userSession(t.hub, admin, 'op-users', ['district-operator']);
    const denied = await call(t.hub, 'POST', '/api/users', {
      cookie: op,
      body: { username: 'someone', password: 'long-enough-1', roles: ['admin'] },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.reason).toBe('role');
    const dup = await call(t.hub, 'POST', '/api/users', {
      cookie: admin,
      body: { username: 'op-users', password: 'long-enough-1', roles: ['admin'] },
    });
    expect(dup.status).toBe(409);
    const bad = await call(t.hub, 'POST', '/api/users', {
      cookie: admin,
      body: { username: 'staff-1', password: 'long-enough-1', roles: ['station-staff'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('stationId');
    const audit = await call(t.hub, 'GET', '/api/audit?action=user.create&targetId=op-users', {
      cookie: admin,
    });
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0]).toMatchObject({
      actor: { id: 'admin' },
      target: { kind: 'user', id: 'op-users' },
    });
  });

  it('signs a disabled user out at once', async () => {
    const cookie = await userSession(t.hub, admin, 'op-leaving', ['district-operator']);
    expect((await call(t.hub, 'GET', '/api/auth/me', { cookie })).status).toBe(200);
    expect((await call(t.hub, 'POST', '/api/users/op-leaving/disable', { cookie: admin })).status).toBe(200);
    expect((await call(t.hub, 'GET', '/api/auth/me', { cookie })).status).toBe(401);
    const again = await call(t.hub, 'POST', '/api/auth/sign-in', {
      body: { username: 'op-leaving', password: 'op-leaving-password' },
    });
    expect(again.status).toBe(401);
  });

  it('creates one-time kiosk enrolment codes for operators only, audited', async () => {
    const staff = await userSession(t.hub, admin, 'staff-a', ['station-staff'], { stationId: 'st-enrol' });
    expect(
      (await call(t.hub, 'POST', '/api/stations/st-enrol/enrolment-codes', { cookie: staff })).status,
    ).toBe(403);
    const res = await call(t.hub, 'POST', '/api/stations/st-enrol/enrolment-codes', { cookie: admin });
    expect(res.status).toBe(201);
    const enrol = await call(t.hub, 'POST', '/api/enrol', { body: { code: res.body.code } });
    expect(enrol.status).toBe(200);
    expect(enrol.body.stationId).toBe('st-enrol');
    const revoke = await call(t.hub, 'POST', '/api/stations/st-enrol/revoke', { cookie: admin });
    expect(revoke.status).toBe(200);
    const audit = await call(t.hub, 'GET', '/api/audit?targetId=st-enrol', { cookie: admin });
    expect(audit.body.entries.map((e: { action: string }) => e.action).sort()).toEqual([
      'kiosk.enrolment-code',
      'kiosk.revoke',
    ]);
  });
});
