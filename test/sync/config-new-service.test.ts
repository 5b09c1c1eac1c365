/**
 * An operator adds a service to a station's configuration at the hub; the running agent takes it
 * from replication and numbers its tickets from 001, each with its own id.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Hub } from '@xz/hub/app';
import { afterEach, describe, expect, it } from 'vitest';
import { api, kill9, spawnAgent } from '../agent/fixtures.ts';
import { eventually, signInAdmin, startHub, tempDir } from './helpers.ts';

const STATION = 'xhd-lingzhu-01';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

describe('a pushed configuration that adds a service', () => {
  it('numbers the new service from 001 and keeps the others going', { timeout: 120_000 }, async () => {
    const tmp = await tempDir('xz-new-service-');
    cleanups.push(tmp.remove);
    const hub: Hub = await startHub(join(tmp.dir, 'hub'));
    cleanups.push(() => hub.close());
    const agentData = join(tmp.dir, 'agent');
    await mkdir(agentData, { recursive: true });
    await writeFile(
      join(agentData, 'hub-credentials.json'),
      JSON.stringify(await hub.kioskUsers.enrolKiosk(STATION)),
    );
    const agent = await spawnAgent({ XZ_HUB_URL: hub.url, XZ_DATA_DIR: agentData, XZ_OFFLINE: '' });
    cleanups.push(() => kill9(agent));
    let n = 0;
    const issue = (serviceId: string) =>
      api(agent.url, 'POST', '/api/tickets', { serviceId, idempotencyKey: `new-service-${n++}` });
    expect((await issue('general')).body.ticket.number).toBe('J001');

    const config = JSON.parse(
      await readFile(resolve(import.meta.dirname, '../../firmware-config/stations/demo.json'), 'utf8'),
    );
    config.services.push({
      id: 'notary',
      prefix: 'Q',
      name: { zh: '公证服务', en: 'Notary' },
      avgMinutes: 12,
      dailyCap: 200,
      warnAt: 180,
    });
    config.counters[0].services.push('notary');
    const cookie = await signInAdmin(hub);
    const saved = await api(hub.url, 'PUT', `/api/stations/${STATION}/config`, { config }, { cookie });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await eventually(async () => {
      const services = (await api(agent.url, 'GET', '/api/services')).body.services;
      return services.some((s: { id: string }) => s.id === 'notary');
    }, 30_000);

    const first = await issue('notary');
    const second = await issue('notary');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect([first.body.ticket.number, second.body.ticket.number]).toEqual(['Q001', 'Q002']);
    expect([first.body.ticket.id, second.body.ticket.id]).toEqual([
      expect.stringMatching(/^ticket:xhd-lingzhu-01:\d{4}-\d{2}-\d{2}:notary:001$/),
      expect.stringMatching(/^ticket:xhd-lingzhu-01:\d{4}-\d{2}-\d{2}:notary:002$/),
    ]);
    expect((await issue('general')).body.ticket.number).toBe('J002');
  });
});
