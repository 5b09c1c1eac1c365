/**
 * Counter sign-in with the hub's station-staff accounts: the hub publishes the station's staff and
 * their verifiers into the station database; the agent receives them by replication and checks a
 * sign-in itself, so it keeps working with the hub down. Across processes with a real agent.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hub } from '@xz/hub/app';
import { startVirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { afterEach, describe, expect, it } from 'vitest';
import { api, kill9, spawnAgent } from '../agent/fixtures.ts';
import { eventually, signInAdmin, startHub, tempDir } from './helpers.ts';

const STATION = 'xhd-lingzhu-01';
const KEY_HEX = 'a1'.repeat(32);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

async function hubApi(hub: Hub, method: string, path: string, cookie: string, body?: unknown) {
  const res = await fetch(`${hub.url}${path}`, {
    method,
    headers: {
      cookie,
      origin: hub.url,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('counter sign-in with the hub’s staff accounts', () => {
  it('works with the hub unreachable once the staff document arrived', { timeout: 120_000 }, async () => {
    const tmp = await tempDir('xz-staff-');
    cleanups.push(tmp.remove);
    const hashKey = new Uint8Array(Buffer.from(KEY_HEX, 'hex'));
    const hub = await startHub(join(tmp.dir, 'hub'), { hashKey });
    cleanups.push(() => hub.close());
    const admin = await signInAdmin(hub);
    const created = await hubApi(hub, 'POST', '/api/users', admin, {
      username: 'zhao.min',
      password: 'zhao-min-password-1',
      roles: ['station-staff'],
      displayName: '赵敏',
      stationId: STATION,
    });
    expect(created.status).toBe(201);
    expect(created.body.hasPin).toBe(false);
    expect((await hubApi(hub, 'PUT', '/api/users/zhao.min/pin', admin, { pin: '1234' })).status).toBe(400);
    const pin = await hubApi(hub, 'PUT', '/api/users/zhao.min/pin', admin, { pin: '860412' });
    expect(pin.status).toBe(200);
    expect(pin.body.hasPin).toBe(true);
    // What the station receives holds verifiers only.
    const published = JSON.stringify(await hub.couch.db(`xz-station-${STATION}`).get(`staff:${STATION}`));
    expect(published).not.toContain('860412');
    expect(published).not.toContain('zhao-min-password-1');
    expect(published).toContain('赵敏');

    const creds = await hub.kioskUsers.enrolKiosk(STATION);
    const agentData = join(tmp.dir, 'agent');
    await mkdir(agentData, { recursive: true });
    await writeFile(join(agentData, 'hub-credentials.json'), JSON.stringify(creds));
    const printer = await startVirtualPrinter({ dir: join(tmp.dir, 'printer') });
    cleanups.push(() => printer.close());
    const rig = await spawnAgent({
      XZ_HUB_URL: hub.url,
      XZ_DATA_DIR: agentData,
      XZ_PRINTER_PATH: printer.path,
      XZ_HASH_KEY: KEY_HEX,
      XZ_OFFLINE: '',
    });
    cleanups.push(() => kill9(rig));
    await eventually(async () => (await api(rig.url, 'GET', '/api/counters/staff')).body.hub === 1, 60_000);

    await hub.close();
    await eventually(
      async () => (await api(rig.url, 'GET', '/api/health')).body.hub.state === 'offline',
      60_000,
    );
    const signIn = (counterId: string, body: Record<string, unknown>) =>
      api(rig.url, 'POST', `/api/counters/${counterId}/session`, body);
    expect((await signIn('1', { staff: 'zhao.min' })).status).toBe(400);
    expect((await signIn('1', { staff: 'zhao.min', secret: '000000' })).status).toBe(401);
    const byPin = await signIn('1', { staff: 'zhao.min', secret: '860412' });
    expect(byPin.status).toBe(201);
    expect(byPin.body).toMatchObject({ staff: '赵敏', staffId: 'zhao.min' });
    const byPassword = await signIn('2', { staff: 'zhao.min', secret: 'zhao-min-password-1' });
    expect(byPassword.status).toBe(201);
  });
});
