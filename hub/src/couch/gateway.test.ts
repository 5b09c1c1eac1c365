/**
 * The gateway as a kiosk's replication meets it, over real HTTP against a hub on port 0: a
 * long-poll on the station's own database answers at once for what the hub writes there, is not
 * woken by the kiosk's own writes (the kiosk has them; they come with the next answer or at the
 * timeout); a checkpoint reads back as last written, a stale revision refused; and a published
 * policy goes to the kiosks before their own writes are taken (for at most 3 s).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HubDb, stationConfigId, stationDbName } from '@xz/shared/ids';
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

  it('takes a kiosk’s write once the kiosks woken by a new policy have fetched it', {
    timeout: 30_000,
  }, async () => {
    const { code } = await hub.kioskUsers.createEnrolmentCode('st-gw2');
    const other = await hub.kioskUsers.redeemEnrolmentCode(code);
    const asOther = `Basic ${Buffer.from(`${other.username}:${other.password}`).toString('base64')}`;
    const policiesUrl = `${other.couchUrl}/${HubDb.Policies}/_changes`;
    const otherChanges = async (query: string) =>
      (await (await fetch(`${policiesUrl}${query}`, { headers: { authorization: asOther } })).json()) as {
        last_seq: number;
        results: unknown[];
      };
    const id = `heartbeat:${kiosk.stationId}`;
    const write = async (at: number) => {
      const current = await call(`${dbUrl}/${encodeURIComponent(id)}`);
      const state = { done: false };
      const pushed = call(`${dbUrl}/_bulk_docs`, 'POST', {
        docs: [{ ...heartbeat(at), _rev: current.body._rev }],
      });
      void pushed.then(() => {
        state.done = true;
      });
      return { state, pushed };
    };
    const publish = async (n: number) => {
      const { last_seq } = await otherChanges('');
      const woken = otherChanges(`?feed=longpoll&since=${last_seq}&timeout=20000`);
      await new Promise((r) => setTimeout(r, 200));
      await hub.couch.db(HubDb.Policies).insert({ _id: `policy:wave-${n}`, type: 'policy', title: 'wave' });
      expect((await woken).results.length).toBe(1);
    };

    // The other kiosk was woken by a policy and has not fetched it yet: this kiosk's write waits.
    await publish(1);
    const held = await write(T0 + 120_000);
    await new Promise((r) => setTimeout(r, 600));
    expect(held.state.done).toBe(false);
    // It asks for the next change: the write goes through at once.
    const back = Date.now();
    await otherChanges('?since=now');
    expect((await held.pushed).body).toMatchObject([{ ok: true, id }]);
    expect(Date.now() - back).toBeLessThan(1_500);

    // A kiosk that never comes back holds nobody's writes for more than 3 s.
    await publish(2);
    const started = Date.now();
    const late = await write(T0 + 180_000);
    expect((await late.pushed).body).toMatchObject([{ ok: true, id }]);
    expect(Date.now() - started).toBeGreaterThan(1_500);
    expect(Date.now() - started).toBeLessThan(6_000);
  });
});
