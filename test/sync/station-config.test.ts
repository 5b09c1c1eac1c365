/**
 * The hub pushes a station's configuration and commands: an operator edits the configuration,
 * it reaches the running agent by replication and takes effect; a bad one is refused with the
 * field named; a test print request makes the station's printer print its test page.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Hub } from '@xz/hub/app';
import { startVirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { afterEach, describe, expect, it } from 'vitest';
import { api, kill9, spawnAgent } from '../agent/fixtures.ts';
import { eventually, startHub, tempDir } from './helpers.ts';

const STATION = 'xhd-lingzhu-01';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

describe('station configuration and commands from the hub', () => {
  it('applies an edited configuration, refuses a bad one and prints a test page on request', {
    timeout: 120_000,
  }, async () => {
    const tmp = await tempDir('xz-config-');
    cleanups.push(tmp.remove);
    const hub: Hub = await startHub(join(tmp.dir, 'hub'));
    cleanups.push(() => hub.close());
    const creds = await hub.kioskUsers.enrolKiosk(STATION);
    const agentData = join(tmp.dir, 'agent');
    await mkdir(agentData, { recursive: true });
    await writeFile(join(agentData, 'hub-credentials.json'), JSON.stringify(creds));
    const printer = await startVirtualPrinter({ dir: join(tmp.dir, 'printer') });
    cleanups.push(() => printer.close());
    const agent = await spawnAgent({
      XZ_HUB_URL: hub.url,
      XZ_DATA_DIR: agentData,
      XZ_PRINTER_PATH: printer.path,
    });
    cleanups.push(() => kill9(agent));
    await eventually(
      async () => (await api(agent.url, 'GET', '/api/health')).body.hub.state === 'online',
      30_000,
    );

    const signIn = await fetch(`${hub.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const hubApi = (method: string, path: string, body?: unknown) =>
      api(hub.url, method, path, body, { cookie });

    const demo = JSON.parse(
      await readFile(resolve(import.meta.dirname, '../../firmware-config/stations/demo.json'), 'utf8'),
    );
    const tax = demo.services.find((s: { id: string }) => s.id === 'tax');
    tax.name = { zh: '税务综合服务', en: 'Tax (all matters)' };
    tax.dailyCap = 1;
    tax.warnAt = 1;

    const bad = structuredClone(demo);
    bad.services[0].prefix = 'O';
    const refused = await hubApi('PUT', `/api/stations/${STATION}/config`, { config: bad });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('services.0.prefix');

    const saved = await hubApi('PUT', `/api/stations/${STATION}/config`, { config: demo });
    expect(saved.status).toBe(200);
    await eventually(async () => {
      const services = (await api(agent.url, 'GET', '/api/services')).body.services;
      return services.find((s: { id: string }) => s.id === 'tax').name.zh === '税务综合服务';
    }, 30_000);
    expect(
      (await api(agent.url, 'POST', '/api/tickets', { serviceId: 'tax', idempotencyKey: 'cfg-key-0001' }))
        .status,
    ).toBe(201);
    const second = await api(agent.url, 'POST', '/api/tickets', {
      serviceId: 'tax',
      idempotencyKey: 'cfg-key-0002',
    });
    expect(second.body.code).toBe('XZ_ERR_DAILY_CAP');

    const sent = await hubApi('POST', `/api/stations/${STATION}/commands`, { command: 'test-print' });
    expect(sent.status).toBe(200);
    await eventually(() => printer.jobs().some((j) => /generic-80/.test(j.text)), 20_000);

    // The pushed configuration survives a restart of the agent.
    await kill9(agent);
    const again = await spawnAgent({
      XZ_HUB_URL: hub.url,
      XZ_DATA_DIR: agentData,
      XZ_PRINTER_PATH: printer.path,
    });
    cleanups.push(() => kill9(again));
    const services = (await api(again.url, 'GET', '/api/services')).body.services;
    expect(services.find((s: { id: string }) => s.id === 'tax')).toMatchObject({
      open: false,
      closedReason: 'cap',
    });
  });
});
