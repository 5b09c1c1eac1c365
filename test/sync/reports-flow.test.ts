/**
 * A station day through the real agent (a process with a virtual printer on a socat pty) to the
 * hub's reports: tickets issued, called, served and missed, ratings and a request at the kiosk;
 * the hub's summary counts what was done, its waits are the waits of the tickets the station
 * replicated, and the CSV export shows the same numbers as the summary.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hub } from '@xz/hub/app';
import { startVirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { createStationTime } from '@xz/shared/time';
import { afterEach, describe, expect, it } from 'vitest';
import * as fixtures from '../agent/fixtures.ts';
import { eventually, startHub, tempDir } from './helpers.ts';

const { api, kill9, spawnAgent } = fixtures;
const STATION = 'xhd-lingzhu-01';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

async function op(hub: Hub, url: string, cookie: string) {
  const res = await hub.app.inject({ method: 'GET', url, headers: { cookie } });
  return { status: res.statusCode, body: res.body, json: () => res.json(), headers: res.headers };
}

/** A counter session, in whichever way this agent signs staff in. */
async function counterAuth(url: string, counterId: string): Promise<Record<string, string>> {
  const withPin = (fixtures as Record<string, unknown>).signInCounter;
  if (typeof withPin === 'function') {
    return (withPin as (u: string, c: string) => Promise<Record<string, string>>)(url, counterId);
  }
  const session = await api(url, 'POST', `/api/counters/${counterId}/session`, { staff: 'S-1' });
  return { authorization: `Bearer ${session.body.token}` };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reports from a station day', () => {
  it('the hub’s summary counts what the station did, and the CSV shows the same numbers', {
    timeout: 180_000,
  }, async () => {
    const tmp = await tempDir('xz-reports-flow-');
    cleanups.push(tmp.remove);
    const hub = await startHub(join(tmp.dir, 'hub'));
    cleanups.push(() => hub.close());
    const creds = await hub.kioskUsers.enrolKiosk(STATION);
    const agentData = join(tmp.dir, 'agent');
    await mkdir(agentData, { recursive: true });
    await writeFile(join(agentData, 'hub-credentials.json'), JSON.stringify(creds));
    const writeStaff = (fixtures as Record<string, unknown>).writeStaffFile;
    if (typeof writeStaff === 'function') await (writeStaff as (dir: string) => Promise<void>)(agentData);
    const printer = await startVirtualPrinter({ dir: join(tmp.dir, 'printer') });
    cleanups.push(() => printer.close());
    const rig = await spawnAgent({
      XZ_HUB_URL: hub.url,
      XZ_DATA_DIR: agentData,
      XZ_PRINTER_PATH: printer.path,
    });
    cleanups.push(() => kill9(rig));
    await eventually(
      async () => (await api(rig.url, 'GET', '/api/health')).body.hub?.state === 'online',
      30_000,
    );

    // Four tickets; the first is served, the second missed, the third served, the fourth waits.
    const numbers: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const res = await api(rig.url, 'POST', '/api/tickets', {
        serviceId: 'general',
        idempotencyKey: `reports-flow-${i}`,
      });
      expect(res.status).toBe(201);
      numbers.push(res.body.ticket.number);
      await pause(300);
    }
    const auth = await counterAuth(rig.url, '1');
    const at = async (action: string) => {
      const res = await api(rig.url, 'POST', `/api/counters/1/${action}`, {}, auth);
      expect(res.status, action).toBe(200);
    };
    await at('call-next');
    await pause(1_200);
    await at('finish');
    await at('call-next');
    await at('no-show');
    await at('call-next');
    await pause(2_100);
    await at('finish');
    for (const [number, level] of [
      [numbers[0], 5],
      [numbers[2], 2],
    ] as const) {
      expect((await api(rig.url, 'POST', '/api/ratings', { ticketNumber: number, level })).status).toBe(201);
    }
    const filed = await api(rig.url, 'POST', '/api/requests', {
      category: 'enterprise',
      description: '企业开办需要帮助办理营业执照',
      phone: '13912345678',
      idempotencyKey: 'reports-flow-r1',
    });
    expect(filed.status).toBe(201);

    const signIn = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: 'admin', password: 'admin-password-1' },
    });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0];
    const today = createStationTime('Asia/Shanghai').day(Date.now());
    const q = `from=${today}&to=${today}&stationId=${STATION}`;
    const started = Date.now();
    let summary: Record<string, any> = {};
    await eventually(async () => {
      summary = (await op(hub, `/api/reports/summary?${q}`, cookie)).json();
      return (
        summary.tickets?.issued === 4 &&
        summary.tickets.served === 2 &&
        summary.tickets.noShow === 1 &&
        summary.ratings.count === 2 &&
        summary.requests.received === 1
      );
    }, 60_000);
    // Within a minute of reaching the hub (here: of being done at the station).
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(summary.tickets).toMatchObject({ issued: 4, served: 2, noShow: 1, open: 1, cancelled: 0 });
    expect(summary.ratings).toMatchObject({ count: 2, byLevel: { '5': 1, '2': 1 }, goodRate: 0.5 });
    expect(summary.requests.received).toBe(1);

    // The waits are those of the tickets the station replicated (issue → call, whole seconds).
    const tickets = (await hub.couch.db(`xz-station-${STATION}`).list({ include_docs: true })).rows
      .map((r) => r.doc as Record<string, any> | undefined)
      .filter((d) => d?.type === 'ticket' && d.calledAt !== undefined) as Array<Record<string, number>>;
    expect(tickets).toHaveLength(3);
    const waits = tickets.map((t) => Math.round((t.calledAt - t.issuedAt) / 1000));
    expect(summary.waitSeconds.mean).toBe(Math.round((waits.reduce((a, b) => a + b, 0) / 3) * 10) / 10);
    expect(summary.waitSeconds.max).toBe(Math.max(...waits));
    const served = tickets.filter((t) => t.serviceSeconds !== undefined).map((t) => t.serviceSeconds);
    expect(served).toHaveLength(2);
    expect(summary.serviceSeconds.mean).toBe(Math.round((served.reduce((a, b) => a + b, 0) / 2) * 10) / 10);
    expect(Math.min(...served)).toBeGreaterThanOrEqual(1);

    // The CSV row of the day is the summary.
    const csv = await op(hub, `/api/reports/export.csv?table=station-days&${q}`, cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers['x-total-rows']).toBe('1');
    const [header, row] = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const cells = Object.fromEntries(header.split(',').map((h, i) => [h, row.split(',')[i]]));
    const num = (h: string) => (cells[h] === '' ? null : Number(cells[h]));
    expect(cells['日期 Date']).toBe(today);
    expect(cells['站点 Station']).toBe(STATION);
    expect(num('取号数 Issued')).toBe(summary.tickets.issued);
    expect(num('办结数 Served')).toBe(summary.tickets.served);
    expect(num('过号数 No-shows')).toBe(summary.tickets.noShow);
    expect(num('平均等候(秒) Mean wait (s)')).toBe(summary.waitSeconds.mean);
    expect(num('等候P90(秒) Wait p90 (s)')).toBe(summary.waitSeconds.p90);
    expect(num('最长等候(秒) Max wait (s)')).toBe(summary.waitSeconds.max);
    expect(num('平均办理(秒) Mean service (s)')).toBe(summary.serviceSeconds.mean);
    expect(num('评价数 Ratings')).toBe(summary.ratings.count);
    expect(num('好评率 Good rate')).toBe(summary.ratings.goodRate);
    expect(num('诉求数 Requests')).toBe(summary.requests.received);
  });
});
