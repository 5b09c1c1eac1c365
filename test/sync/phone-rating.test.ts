/**
 * Rating the service from the phone (the ticket's QR page on the hub): only after service, one
 * rating per ticket across kiosk and phone. The hub writes a `phone-rating` document into the
 * station database; the station's agent turns it into its own `rating` (channel 'qr'), so a bad
 * phone rating opens a case through the usual path. Across processes with a real agent.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hub } from '@xz/hub/app';
import { startVirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { afterEach, describe, expect, it } from 'vitest';
import { api, kill9, signInCounter, spawnAgent, writeStaffFile } from '../agent/fixtures.ts';
import { eventually, signInAdmin, startHub, tempDir } from './helpers.ts';

const STATION = 'xhd-lingzhu-01';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

async function page(hub: Hub, ticketId: string) {
  const res = await fetch(`${hub.url}/t/${encodeURIComponent(ticketId)}`);
  return { status: res.status, text: await res.text() };
}

async function rate(hub: Hub, ticketId: string, fields: Record<string, string>) {
  const res = await fetch(`${hub.url}/t/${encodeURIComponent(ticketId)}/rate`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: hub.url },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text() };
}

describe('rating from the phone', () => {
  it('only after service, once per ticket, and a bad one opens a case', { timeout: 150_000 }, async () => {
    const tmp = await tempDir('xz-phone-rating-');
    cleanups.push(tmp.remove);
    const hub = await startHub(join(tmp.dir, 'hub'));
    cleanups.push(() => hub.close());
    const creds = await hub.kioskUsers.enrolKiosk(STATION);
    const agentData = join(tmp.dir, 'agent');
    await mkdir(agentData, { recursive: true });
    await writeFile(join(agentData, 'hub-credentials.json'), JSON.stringify(creds));
    await writeStaffFile(agentData);
    const printer = await startVirtualPrinter({ dir: join(tmp.dir, 'printer') });
    cleanups.push(() => printer.close());
    const rig = await spawnAgent({
      XZ_HUB_URL: hub.url,
      XZ_DATA_DIR: agentData,
      XZ_PRINTER_PATH: printer.path,
      XZ_OFFLINE: '',
    });
    cleanups.push(() => kill9(rig));
    const stationDb = hub.couch.db(`xz-station-${STATION}`);
    const atHub = async (id: string) =>
      stationDb.get(id).then(
        (d) => d as Record<string, unknown>,
        () => undefined,
      );

    const issue = async (key: string) =>
      (await api(rig.url, 'POST', '/api/tickets', { serviceId: 'general', idempotencyKey: key })).body
        .ticket as {
        id: string;
        number: string;
      };
    const a = await issue('phone-rating-a1');
    const b = await issue('phone-rating-b1');
    await eventually(async () => (await atHub(b.id)) !== undefined, 60_000);
    // Before service: the service's name and the queue, reloading itself; no form, and a rating
    // is refused.
    const waiting = (await page(hub, b.id)).text;
    expect(waiting).toContain('综合受理（一窗通办）');
    expect(waiting).toMatch(/前面等待人数<\/dt><dd>1</);
    expect(waiting).toContain('<meta http-equiv="refresh" content="30">');
    expect(waiting).not.toContain('name="level"');
    const early = await rate(hub, a.id, { level: '5' });
    expect(early.status).toBe(409);
    expect(early.text).toContain('业务办结后才能评价');

    const auth = await signInCounter(rig.url, '1');
    for (let i = 0; i < 2; i++) {
      expect((await api(rig.url, 'POST', '/api/counters/1/call-next', {}, auth)).status).toBe(200);
      expect((await api(rig.url, 'POST', '/api/counters/1/finish', {}, auth)).status).toBe(200);
    }
    await eventually(async () => (await atHub(b.id))?.status === 'served', 60_000);
    const served = (await page(hub, a.id)).text;
    expect(served).toContain('name="level"');
    expect(served).toContain('<dt>办理窗口</dt><dd>1 号窗口</dd>');
    expect(served).not.toContain('http-equiv="refresh"');

    // Ticket a: rated on the phone (1 star): recorded, then the station's own rating, then a case.
    const rated = await rate(hub, a.id, { level: '1', comment: '<b>等候太久</b>', phone: '13912345678' });
    expect(rated.status).toBe(303);
    const after = await page(hub, a.id);
    expect(after.text).toContain('您的评价已记录');
    expect(after.text).not.toContain('name="level"');
    await eventually(async () => (await atHub(`rating:${a.id}`))?.channel === 'qr', 60_000);
    const rating = (await atHub(`rating:${a.id}`)) as Record<string, unknown>;
    expect(rating).toMatchObject({
      level: 1,
      class: 'bad',
      comment: '<b>等候太久</b>',
      ticketNumber: a.number,
    });
    const again = await rate(hub, a.id, { level: '5' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('该号已评价过');
    // The kiosk cannot rate it a second time either.
    expect((await api(rig.url, 'POST', '/api/ratings', { ticketNumber: a.number, level: 5 })).status).toBe(
      409,
    );
    const admin = await signInAdmin(hub);
    await eventually(async () => {
      const res = await fetch(`${hub.url}/api/cases?kind=rating`, { headers: { cookie: admin } });
      const body = (await res.json()) as { cases: { ratingId?: string }[] };
      return body.cases.some((c) => c.ratingId === `rating:${a.id}`);
    }, 60_000);

    // Ticket b: rated at the kiosk first; the phone page says so and refuses another.
    expect((await api(rig.url, 'POST', '/api/ratings', { ticketNumber: b.number, level: 4 })).status).toBe(
      201,
    );
    await eventually(async () => (await atHub(`rating:${b.id}`)) !== undefined, 60_000);
    expect((await page(hub, b.id)).text).toContain('您的评价已记录');
    expect((await rate(hub, b.id, { level: '1' })).status).toBe(409);

    // Attempts are limited per address and ticket.
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await rate(hub, b.id, { level: '1' })).status);
    expect(statuses).toContain(429);
  });
});
