/**
 * Requests and bad ratings from a real station agent to the hub's cases: filed while the hub is
 * down, each arrives once, with the kiosk's time and the hub's receipt time, and its clock starts
 * at receipt; a department handler works the request to closed and the citizen's phone page,
 * opened with the key of the receipt's link, shows the answer (the number alone shows nothing).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hub } from '@xz/hub/app';
import { startVirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { afterEach, describe, expect, it } from 'vitest';
import { api, kill9, signInCounter, spawnAgent, writeStaffFile } from '../agent/fixtures.ts';
import { eventually, startHub, tempDir } from './helpers.ts';

const STATION = 'xhd-lingzhu-01';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

/** One operator request through the hub's API (in-process), signed in with `cookie`. */
async function op(hub: Hub, method: 'GET' | 'POST', url: string, cookie?: string, body?: unknown) {
  const res = await hub.app.inject({
    method,
    url,
    headers: cookie ? { cookie } : {},
    ...(body !== undefined ? { payload: body as object } : {}),
  });
  return {
    status: res.statusCode,
    body: String(res.headers['content-type']).includes('json') ? res.json() : res.body,
  };
}

async function signIn(hub: Hub, username: string, password: string): Promise<string> {
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in ${username}: ${res.statusCode}`);
  return String(res.headers['set-cookie']).split(';')[0];
}

describe('cases from a station', () => {
  it('opens each case once at receipt after an outage, and the answer reaches the phone page', {
    timeout: 180_000,
  }, async () => {
    const tmp = await tempDir('xz-cases-flow-');
    cleanups.push(tmp.remove);
    const hubDir = join(tmp.dir, 'hub');
    // The hub's clock runs a day ahead of the station's: receipt is visibly not the kiosk's time.
    const dayLater = () => Date.now() + 24 * 3_600_000;
    let hub: Hub = await startHub(hubDir);
    cleanups.push(() => hub.close());
    const port = Number(new URL(hub.url).port);
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
    });
    cleanups.push(() => kill9(rig));
    const hubState = async () => (await api(rig.url, 'GET', '/api/health')).body.hub;
    await eventually(async () => (await hubState()).state === 'online', 30_000);

    // A served ticket to rate.
    const ticket = await api(rig.url, 'POST', '/api/tickets', {
      serviceId: 'general',
      idempotencyKey: 'case-flow-t1',
    });
    expect(ticket.status).toBe(201);
    await writeStaffFile(agentData);
    const auth = await signInCounter(rig.url, '1');
    expect((await api(rig.url, 'POST', '/api/counters/1/call-next', {}, auth)).status).toBe(200);
    expect((await api(rig.url, 'POST', '/api/counters/1/finish', {}, auth)).status).toBe(200);

    await hub.close();
    await eventually(async () => (await hubState()).state === 'offline', 60_000);
    const filedAt = Date.now();
    const filed = await api(rig.url, 'POST', '/api/requests', {
      category: 'enterprise',
      description: '企业开办需要帮助办理营业执照',
      phone: '13912345678',
      idempotencyKey: 'case-flow-r1',
    });
    expect(filed.status).toBe(201);
    const statusUrl = new URL(filed.body.request.statusUrl);
    expect(statusUrl.pathname).toBe(`/r/${filed.body.request.number}`);
    expect(statusUrl.searchParams.get('k')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // The same tap sent twice is one request, with the same link.
    const again = await api(rig.url, 'POST', '/api/requests', {
      category: 'enterprise',
      description: '企业开办需要帮助办理营业执照',
      phone: '13912345678',
      idempotencyKey: 'case-flow-r1',
    });
    expect(again.body.request.number).toBe(filed.body.request.number);
    expect(again.body.request.statusUrl).toBe(filed.body.request.statusUrl);
    const rated = await api(rig.url, 'POST', '/api/ratings', {
      ticketNumber: ticket.body.ticket.number,
      level: 1,
    });
    expect(rated.status).toBe(201);

    hub = await startHub(hubDir, { port, now: dayLater });
    const admin = await signIn(hub, 'admin', 'admin-password-1');
    const list = async () =>
      (await op(hub, 'GET', '/api/cases?closed=true', admin)).body.cases as Array<Record<string, unknown>>;
    await eventually(async () => (await list()).length === 2, 90_000);
    // Replication may deliver again: still one case each.
    hub.follower.touch(STATION);
    await hub.follower.idle();
    const cases = await list();
    expect(cases.map((c) => c.kind).sort()).toEqual(['rating', 'request']);
    const request = cases.find((c) => c.kind === 'request') as Record<string, string> & {
      due: Record<string, string>;
    };
    expect(request.number).toBe(filed.body.request.number);
    const kioskAt = Date.parse(request.kioskAt);
    const receivedAt = Date.parse(request.receivedAt);
    expect(Math.abs(kioskAt - filedAt)).toBeLessThan(60_000);
    expect(receivedAt - kioskAt).toBeGreaterThan(23 * 3_600_000);
    // The contact deadline counts from receipt, so the request is not late on arrival.
    expect(request.light).not.toBe('red');
    expect(Date.parse(request.due.contactBy)).toBeGreaterThan(receivedAt);

    const created = await op(hub, 'POST', '/api/users', admin, {
      username: 'commerce-1',
      password: 'commerce-password-1',
      roles: ['department-handler'],
      department: 'commerce',
    });
    expect(created.status).toBe(201);
    const handler = await signIn(hub, 'commerce-1', 'commerce-password-1');
    const id = encodeURIComponent(String(request.caseId));
    expect(
      (await op(hub, 'POST', `/api/cases/${id}/contact`, handler, { channel: 'phone', note: '已联系' }))
        .status,
    ).toBe(200);
    const answer = '营业执照已办结，请到小站窗口领取。';
    expect((await op(hub, 'POST', `/api/cases/${id}/reply`, handler, { text: answer })).status).toBe(200);
    expect((await op(hub, 'POST', `/api/cases/${id}/close`, handler, {})).body.status).toBe('closed');

    // The citizen scans the slip's QR: the request's page on the hub.
    const phonePage = await fetch(`${hub.url}${statusUrl.pathname}${statusUrl.search}`);
    const text = await phonePage.text();
    expect(phonePage.status).toBe(200);
    expect(text).toContain('已办结');
    expect(text).toContain(answer);
    expect(text).not.toContain('13912345678');
    // Someone who only knows (or guesses) the number sees nothing of it.
    const guessed = await fetch(`${hub.url}/r/${encodeURIComponent(String(request.number))}`);
    expect(guessed.status).toBe(404);
    expect(await guessed.text()).not.toContain(answer);
  });
});
