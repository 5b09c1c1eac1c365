/**
 * The hub's socket.io with real clients on its port: no anonymous connections, stations by their
 * kiosk credentials, operators by their session cookie; commands reach one station only.
 */
import { io as connect, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  ADMIN_PASSWORD,
  call,
  policyContent,
  signIn,
  startTestHub,
  type TestHub,
  userSession,
} from '../helpers.ts';

type Options = Partial<ManagerOptions & SocketOptions>;

describe('hub socket.io', () => {
  let t: TestHub;
  let admin: string;
  let op2: string;
  const sockets: Socket[] = [];
  const credentials: Record<string, { username: string; password: string }> = {};

  function open(options: Options): Socket {
    const socket = connect(t.hub.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...options,
    });
    sockets.push(socket);
    return socket;
  }

  /** Resolves when connected; rejects with the handshake refusal. */
  function connected(socket: Socket): Promise<void> {
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  }

  function refusal(socket: Socket): Promise<{ message: string; data?: { code: string; reason?: string } }> {
    return new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected')));
      socket.once('connect_error', (error) => resolve(error as never));
    });
  }

  function next<T>(socket: Socket, event: string, timeoutMs = 5000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${event}`)), timeoutMs);
      socket.once(event, (payload: T) => {
        clearTimeout(timer);
        resolve(payload);
      });
    });
  }

  async function enrol(stationId: string) {
    const code = await call(t.hub, 'POST', `/api/stations/${stationId}/enrolment-codes`, { cookie: admin });
    const res = await call(t.hub, 'POST', '/api/enrol', { body: { code: code.body.code } });
    expect(res.status).toBe(200);
    credentials[stationId] = { username: res.body.username, password: res.body.password };
  }

  beforeAll(async () => {
    t = await startTestHub();
    admin = await signIn(t.hub, 'admin', ADMIN_PASSWORD);
    op2 = await userSession(t.hub, admin, 'op-two', ['district-operator']);
    await enrol('st-a');
    await enrol('st-b');
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
  });

  it('refuses anonymous connections, wrong kiosk passwords and malformed credentials', async () => {
    const anonymous = await refusal(open({}));
    expect(anonymous.data).toMatchObject({ code: 'XZ_ERR_UNAUTHORIZED', reason: 'session' });
    const wrong = await refusal(
      open({ auth: { username: credentials['st-a'].username, password: 'not-it-at-all' } }),
    );
    expect(wrong.data).toMatchObject({ code: 'XZ_ERR_UNAUTHORIZED', reason: 'credentials' });
    const malformed = await refusal(open({ auth: { username: 42 } }));
    expect(malformed.data?.reason).toBe('credentials');
    const staleCookie = await refusal(
      open({ extraHeaders: { cookie: 'xz_hub_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' } }),
    );
    expect(staleCookie.data?.reason).toBe('session');
  });

  it('lets an operator connect with the session cookie, only from the hub’s own origin', async () => {
    await connected(open({ extraHeaders: { cookie: admin, origin: new URL(t.hub.url).origin } }));
    const foreign = await refusal(open({ extraHeaders: { cookie: admin, origin: 'http://127.0.0.1:9999' } }));
    expect(foreign.data).toMatchObject({ code: 'XZ_ERR_FORBIDDEN', reason: 'origin' });
  });

  it('delivers a station command to that station only, and announces a publish to everyone', async () => {
    const a = open({ auth: credentials['st-a'] });
    const b = open({ auth: credentials['st-b'] });
    const operator = open({ extraHeaders: { cookie: op2 } });
    await Promise.all([connected(a), connected(b), connected(operator)]);

    const heardByB: unknown[] = [];
    b.on('station-command', (payload) => heardByB.push(payload));
    const toA = next<{ stationId: string; command: string }>(a, 'station-command');
    const sent = await call(t.hub, 'POST', '/api/stations/st-a/commands', {
      cookie: admin,
      body: { command: 'test-print' },
    });
    expect(sent.status).toBe(200);
    expect(sent.body.connected).toBe(1);
    expect(await toA).toMatchObject({ stationId: 'st-a', command: 'test-print' });

    // A publish after the command: once B hears it, B would have heard the command before.
    const announced = [a, b, operator].map((s) => next<{ policyId: string }>(s, 'policy-published'));
    expect(
      (
        await call(t.hub, 'POST', '/api/policies', {
          cookie: admin,
          body: { content: policyContent('sock-p') },
        })
      ).status,
    ).toBe(201);
    await call(t.hub, 'POST', '/api/policies/sock-p/submit', { cookie: admin });
    await call(t.hub, 'POST', '/api/policies/sock-p/approve', { cookie: op2 });
    expect((await call(t.hub, 'POST', '/api/policies/sock-p/publish', { cookie: admin })).status).toBe(200);
    for (const payload of await Promise.all(announced)) expect(payload).toMatchObject({ policyId: 'sock-p' });
    expect(heardByB).toEqual([]);
  });

  it('drops and reports whatever a station or operator sends, and keeps serving them', async () => {
    const warn = vi.spyOn(t.hub.app.log, 'warn');
    try {
      const a = open({ auth: credentials['st-a'] });
      const operator = open({ extraHeaders: { cookie: op2 } });
      await Promise.all([connected(a), connected(operator)]);
      a.emit('station-status', { printer: 'on-fire' });
      a.emit('policy-published', 'x'.repeat(4000));
      operator.emit('station-command', { stationId: 'st-b', command: 'test-print' });
      const reported = () =>
        warn.mock.calls.filter((c) => c[1] === 'socket.io event from a peer dropped').map((c) => c[0]);
      for (let i = 0; i < 100 && reported().length < 3; i++) await new Promise((r) => setTimeout(r, 20));
      expect(reported()).toEqual([
        expect.objectContaining({ peer: 'station', stationId: 'st-a', event: 'station-status' }),
        expect.objectContaining({ peer: 'station', stationId: 'st-a', event: 'policy-published' }),
        expect.objectContaining({ peer: 'operator', operator: 'op-two', event: 'station-command' }),
      ]);
      expect(a.connected && operator.connected).toBe(true);
      const toA = next<{ command: string }>(a, 'station-command');
      await call(t.hub, 'POST', '/api/stations/st-a/commands', {
        cookie: admin,
        body: { command: 'test-print' },
      });
      expect(await toA).toMatchObject({ command: 'test-print' });
    } finally {
      warn.mockRestore();
    }
  });

  it('disconnects a revoked station and refuses its credentials afterwards', async () => {
    const b = open({ auth: credentials['st-b'] });
    await connected(b);
    const gone = next<string>(b, 'disconnect');
    expect((await call(t.hub, 'POST', '/api/stations/st-b/revoke', { cookie: admin })).status).toBe(200);
    expect(await gone).toBe('io server disconnect');
    const again = await refusal(open({ auth: credentials['st-b'] }));
    expect(again.data?.reason).toBe('credentials');
    const sent = await call(t.hub, 'POST', '/api/stations/st-b/commands', {
      cookie: admin,
      body: { command: 'test-print' },
    });
    expect(sent.body.connected).toBe(0);
  });
});
