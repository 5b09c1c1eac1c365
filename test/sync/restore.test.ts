/**
 * A station that loses its data folder mid-day: the kiosk PC is re-enrolled with a new code
 * (`npm run agent -- --enrol`) and started on an empty folder. Its queue comes back from the hub,
 * numbering continues, no request fails, and the hub holds every ticket and event once.
 * When the hub is down at that moment, the station issues anyway from numbers it cannot have
 * used (501…), and once the hub is back numbering continues after the highest.
 */
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hub } from '@xz/hub/app';
import { startVirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { stationDbName } from '@xz/shared/ids';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AgentProcess,
  api,
  enrolCli,
  kill9,
  signInCounter,
  spawnAgent,
  writeStaffFile,
} from '../agent/fixtures.ts';
import { eventually, startHub, tempDir } from './helpers.ts';

const STATION = 'xhd-lingzhu-01';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

interface HubTicket {
  _id: string;
  number: string;
  status: string;
  _conflicts?: string[];
}

async function hubRows(hub: Hub, prefix: string) {
  const res = await hub.couch
    .db(stationDbName(STATION))
    .list({ startkey: prefix, endkey: `${prefix}\uffff`, include_docs: true, conflicts: true });
  return res.rows.map((r) => r.doc as unknown as HubTicket);
}

describe('a station restored from the hub', () => {
  it('continues numbering after losing its data folder, with the hub up and with the hub down', {
    timeout: 300_000,
  }, async () => {
    const tmp = await tempDir('xz-restore-');
    cleanups.push(tmp.remove);
    const hubDir = join(tmp.dir, 'hub');
    let hub: Hub = await startHub(hubDir);
    cleanups.push(() => hub.close());
    const hubPort = Number(new URL(hub.url).port);
    const agentData = join(tmp.dir, 'agent');
    const printer = await startVirtualPrinter({ dir: join(tmp.dir, 'printer') });
    cleanups.push(() => printer.close());

    const enrol = async () => {
      const { code } = await hub.kioskUsers.createEnrolmentCode(STATION);
      const run = await enrolCli({ XZ_DATA_DIR: agentData }, hub.url, code);
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(`station ${STATION} enrolled`);
      expect((await stat(join(agentData, 'hub-credentials.json'))).mode & 0o777).toBe(0o600);
    };
    let agent: AgentProcess | undefined;
    const start = async () => {
      agent = await spawnAgent({ XZ_DATA_DIR: agentData, XZ_PRINTER_PATH: printer.path, XZ_OFFLINE: '' });
      const a = agent;
      cleanups.push(() => kill9(a));
      return a;
    };
    let n = 0;
    const issue = async (a: AgentProcess, serviceId: string) => {
      const res = await api(a.url, 'POST', '/api/tickets', {
        serviceId,
        idempotencyKey: `restore-${n++}-key`,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.ticket.number as string;
    };
    const hubState = async (a: AgentProcess) => (await api(a.url, 'GET', '/api/health')).body.hub;
    const settled = async (a: AgentProcess, tickets: number) => {
      await eventually(async () => (await hubRows(hub, 'ticket:')).length === tickets, 60_000);
      await eventually(async () => {
        const h = await hubState(a);
        return h.state === 'online' && h.pending === 0;
      }, 60_000);
    };

    // A morning at the station.
    await enrol();
    let a = await start();
    const morning = [];
    for (let i = 0; i < 4; i++) morning.push(await issue(a, 'general'));
    morning.push(await issue(a, 'tax'), await issue(a, 'tax'));
    expect(morning).toEqual(['J001', 'J002', 'J003', 'J004', 'B001', 'B002']);
    await writeStaffFile(agentData);
    const auth = await signInCounter(a.url, '1');
    expect((await api(a.url, 'POST', '/api/counters/1/call-next', {}, auth)).status).toBe(200);
    expect((await api(a.url, 'POST', '/api/counters/1/finish', {}, auth)).status).toBe(200);
    await settled(a, 6);

    // The data folder is lost; the kiosk is enrolled again and started on an empty folder.
    await kill9(a);
    await rm(agentData, { recursive: true, force: true });
    await enrol();
    a = await start();
    const queue = (await api(a.url, 'GET', '/api/queue')).body;
    // J001 was served; the rest wait at the places they had.
    expect(queue.waiting.map((t: { number: string }) => t.number).sort()).toEqual([
      'B001',
      'B002',
      'J002',
      'J003',
      'J004',
    ]);
    expect(await issue(a, 'general')).toBe('J005');
    expect(await issue(a, 'tax')).toBe('B003');
    expect(await issue(a, 'legal')).toBe('G001');
    await settled(a, 9);

    // Lost again, and this time the hub is down when the station starts.
    await kill9(a);
    await rm(agentData, { recursive: true, force: true });
    await enrol();
    await hub.close();
    a = await start();
    expect(await issue(a, 'general')).toBe('J501');
    expect(await issue(a, 'tax')).toBe('B501');
    expect(await issue(a, 'real-estate')).toBe('D501');
    // A restart while the hub is still down keeps to the same numbers.
    await kill9(a);
    a = await start();
    expect(await issue(a, 'general')).toBe('J502');
    expect(await issue(a, 'social-insurance')).toBe('C501');

    hub = await startHub(hubDir, { port: hubPort });
    await settled(a, 14);
    // The history is back: the earlier tickets wait again, and numbering goes on after the highest.
    await eventually(async () => (await api(a.url, 'GET', '/api/queue')).body.waiting.length === 13, 30_000);
    expect(await issue(a, 'general')).toBe('J503');
    expect(await issue(a, 'legal')).toBe('G002');
    await settled(a, 16);

    // Nothing twice at the hub: one document per number, no conflicting revisions, events unique.
    const tickets = await hubRows(hub, 'ticket:');
    const numbers = tickets.map((t) => t.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(tickets.filter((t) => t._conflicts?.length)).toEqual([]);
    const events = await hubRows(hub, 'event:');
    expect(events.filter((e) => e._conflicts?.length)).toEqual([]);
    const issued = events.filter(
      (e) => (e as unknown as { event: { type: string } }).event.type === 'TicketIssued',
    );
    expect(issued).toHaveLength(16);
    expect(a.output()).not.toMatch(/XZ_ERR_INTERNAL|"level":50/);
  });
});
