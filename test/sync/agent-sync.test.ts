/**
 * A real station agent replicating with a real hub: tickets keep flowing while the hub is down,
 * and once it is back every ticket and event is at the hub, none twice. The agent's sync state
 * says so along the way.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hub } from '@xz/hub/app';
import { startVirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { stationDbName } from '@xz/shared/ids';
import PouchDB from 'pouchdb';
import { afterEach, describe, expect, it } from 'vitest';
import { api, kill9, signInCounter, spawnAgent, writeStaffFile } from '../agent/fixtures.ts';
import { eventually, startHub, tempDir } from './helpers.ts';

const STATION = 'xhd-lingzhu-01';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

async function hubDocs(hub: Hub, prefix: string): Promise<string[]> {
  const res = await hub.couch
    .db(stationDbName(STATION))
    .list({ startkey: prefix, endkey: `${prefix}\uffff` });
  return res.rows.map((r) => r.id);
}

describe('station agent and hub', () => {
  it('keeps issuing while the hub is down and delivers everything once it is back', {
    timeout: 180_000,
  }, async () => {
    const tmp = await tempDir('xz-agent-sync-');
    cleanups.push(tmp.remove);
    const hubDir = join(tmp.dir, 'hub');
    let hub: Hub = await startHub(hubDir);
    cleanups.push(() => hub.close());
    const port = Number(new URL(hub.url).port);
    const creds = await hub.kioskUsers.enrolKiosk(STATION);
    const agentData = join(tmp.dir, 'agent');
    await import('node:fs/promises').then((fs) => fs.mkdir(agentData, { recursive: true }));
    await writeFile(join(agentData, 'hub-credentials.json'), JSON.stringify(creds));

    // The agent runs as its own process, as at a station.
    const printer = await startVirtualPrinter({ dir: join(tmp.dir, 'printer') });
    cleanups.push(() => printer.close());
    const rig = await spawnAgent({
      XZ_HUB_URL: hub.url,
      XZ_DATA_DIR: agentData,
      XZ_PRINTER_PATH: printer.path,
    });
    cleanups.push(() => kill9(rig));
    const hubState = async () => (await api(rig.url, 'GET', '/api/health')).body.hub;

    let n = 0;
    const issue = async () => {
      const res = await api(rig.url, 'POST', '/api/tickets', {
        serviceId: 'general',
        idempotencyKey: `sync-${n++}-xxxx`,
      });
      expect(res.status).toBe(201);
      return res.body.ticket.id as string;
    };
    const before = [await issue(), await issue(), await issue()];
    await eventually(async () => (await hubState()).state === 'online', 30_000);
    await eventually(async () => (await hubDocs(hub, 'ticket:')).length === 3, 30_000);

    await hub.close();
    await eventually(async () => (await hubState()).state === 'offline', 60_000);
    const during: string[] = [];
    for (let i = 0; i < 20; i++) during.push(await issue());
    await writeStaffFile(agentData);
    const auth = await signInCounter(rig.url, '1');
    expect((await api(rig.url, 'POST', '/api/counters/1/call-next', {}, auth)).status).toBe(200);
    expect((await api(rig.url, 'POST', '/api/counters/1/finish', {}, auth)).status).toBe(200);
    const offline = await hubState();
    expect(offline.state).toBe('offline');
    expect(offline.pending).toBeGreaterThan(0);

    hub = await startHub(hubDir, { port });
    await eventually(async () => (await hubDocs(hub, 'ticket:')).length === 23, 90_000);
    const atHub = await hubDocs(hub, 'ticket:');
    expect(new Set(atHub)).toEqual(new Set([...before, ...during]));
    await eventually(async () => (await hubState()).state === 'online', 60_000);
    await eventually(async () => (await hubState()).pending === 0, 60_000);
    await kill9(rig);
    const local = new PouchDB(join(agentData, 'pouch', stationDbName(STATION)));
    const localEvents = await local.allDocs({ startkey: 'event:', endkey: 'event:\uffff' });
    await local.close();
    expect(localEvents.rows.length).toBeGreaterThan(23);
    expect((await hubDocs(hub, 'event:')).sort()).toEqual(localEvents.rows.map((r) => r.id).sort());
    const served = await hub.couch.db(stationDbName(STATION)).get(before[0]);
    expect((served as unknown as { status: string }).status).toBe('served');
  });
});
