/**
 * The gateway as a kiosk's replication meets it, over real HTTP against a hub on port 0: a
 * long-poll on the station's own database answers at once for what the hub writes there, is not
 * woken by the kiosk's own writes (the kiosk has them; they come with the next answer or at the
 * timeout), and a checkpoint reads back as last written, a stale revision refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stationConfigId, stationDbName } from '@xz/shared/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../app.ts';
import type { KioskCredentials } from './kiosk-users.ts';

const T0 = Date.UTC(2026, 2, 9, 1, 0);

describe('the /couch gateway for a replicating kiosk', () => {
  let dir = '';
  let hub: Hub;
  let kiosk: KioskCredentials;
  let auth = '';
  let dbUrl = '';

  const call = async (url: string, method = 'GET', body?: unknown) => {
    const res = await fetch(url, {
      method,
      headers: { authorization: auth, 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const lastSeq = async () => (await call(`${dbUrl}/_changes`)).body.last_seq as number;
  const heartbeat = (at: number) => ({
    _id: `heartbeat:${kiosk.stationId}`,
    type: 'heartbeat',
    schemaVersion: 1,
    stationId: kiosk.stationId,
    at,
    agentVersion: '1.2.3',
  });
  /** A long-poll, and whether it has answered yet. */
  const longPoll = (since: number, timeoutMs: number) => {
    const state = { answered: false };
    const answer = call(`${dbUrl}/_changes?feed=longpoll&since=${since}&timeout=${timeoutMs}`).then((r) => {
      state.answered = true;
      return r;
    });
    return { state, answer };
  };
  const ids = (body: Record<string, unknown>) => (body.results as { id: string }[]).map((r) => r.id).sort();

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xz-gateway-'));
    hub = await buildHub({ dataDir: dir, port: 0, adminPassword: 'admin-password-1' });
    const { code } = await hub.kioskUsers.createEnrolmentCode('st-gw');
    kiosk = await hub.kioskUsers.redeemEnrolmentCode(code);
    auth = `Basic ${Buffer.from(`${kiosk.username}:${kiosk.password}`).toString('base64')}`;
    dbUrl = `${kiosk.couchUrl}/${stationDbName(kiosk.stationId)}`;
  });

  afterAll(async () => {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a long-poll for the hub’s write at once, not for the kiosk’s own', {
    timeout: 20_000,
  }, async () => {
    const poll = longPoll(await lastSeq(), 15_000);
    await new Promise((r) => setTimeout(r, 200));
    const pushed = await call(`${dbUrl}/_bulk_docs`, 'POST', { docs: [heartbeat(T0)] });
    expect(pushed.body).toMatchObject([{ ok: true }]);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(poll.state.answered).toBe(false);

    const written = Date.now();
    await hub.couch.db(stationDbName(kiosk.stationId)).insert({
      _id: stationConfigId(kiosk.stationId),
      type: 'station-config',
      stationId: kiosk.stationId,
    });
    const { status, body } = await poll.answer;
    expect(Date.now() - written).toBeLessThan(2_000);
    expect(status).toBe(200);
    // Nothing is left out: the kiosk's own write comes with the answer.
    expect(ids(body)).toEqual([stationConfigId(kiosk.stationId), `heartbeat:${kiosk.stationId}`].sort());
  });

  it('gives the kiosk its own write at the long-poll’s timeout', { timeout: 20_000 }, async () => {
    const id = `heartbeat:${kiosk.stationId}`;
    const current = await call(`${dbUrl}/${encodeURIComponent(id)}`);
    const started = Date.now();
    const poll = longPoll(await lastSeq(), 2_000);
    await new Promise((r) => setTimeout(r, 200));
    const pushed = await call(`${dbUrl}/_bulk_docs`, 'POST', {
      docs: [{ ...heartbeat(T0 + 60_000), _rev: current.body._rev }],
    });
    expect(pushed.body).toMatchObject([{ ok: true, id }]);
    const { body } = await poll.answer;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_800);
    expect(ids(body)).toEqual([id]);
  });

  it('reads a checkpoint back as last written and refuses a stale revision', async () => {
    const url = `${dbUrl}/_local/checkpoint-gw`;
    expect((await call(url)).status).toBe(404);
    const first = await call(url, 'PUT', { last_seq: 1, session_id: 's1' });
    expect(first.status).toBe(201);
    expect((await call(url)).body).toMatchObject({ _rev: first.body.rev, last_seq: 1 });
    const second = await call(url, 'PUT', { _rev: first.body.rev, last_seq: 2, session_id: 's1' });
    expect(second.status).toBe(201);
    const stale = await call(url, 'PUT', { _rev: first.body.rev, last_seq: 3, session_id: 's1' });
    expect(stale.status).toBe(409);
    expect((await call(url)).body).toMatchObject({ _rev: second.body.rev, last_seq: 2 });
  });
});
