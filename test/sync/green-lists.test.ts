/**
 * Green-channel lists published from the hub: an operator uploads a CSV of raw credit codes, the
 * hub hashes them with the deployment key and publishes the list; a station replicates it,
 * applies it and reports the version in its heartbeat (shown on the live dashboard); a ticket with
 * a listed credit code gets a green slip. A file with a bad line publishes nothing, and no raw
 * number is in any database or log. Across processes with a real agent.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hub } from '@xz/hub/app';
import { startVirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { creditCodeCheckChar } from '@xz/shared/validate/credit-code';
import { afterEach, describe, expect, it } from 'vitest';
import { api, kill9, spawnAgent } from '../agent/fixtures.ts';
import { eventually, signInAdmin, startHub, tempDir } from './helpers.ts';

const STATION = 'xhd-lingzhu-01';
const KEY_HEX = 'b2'.repeat(32);
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

const code = (first17: string) => first17 + creditCodeCheckChar(first17);
const LISTED = [code('91370211MA3C12345'), code('91370212MA3D67890')];
const NOT_LISTED = code('91370213MA3E24680');

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
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

/** Every file under `dir`, as bytes decoded leniently (LevelDB files hold strings as they are). */
async function contentsUnder(dir: string): Promise<string> {
  let out = '';
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out += (await readFile(join(entry.parentPath, entry.name))).toString('latin1');
  }
  return out;
}

describe('green-channel lists from the hub', () => {
  it('hashes an uploaded CSV, reaches the station, gives a green slip, and stores no raw number', {
    timeout: 150_000,
  }, async () => {
    const tmp = await tempDir('xz-green-');
    cleanups.push(tmp.remove);
    const hashKey = new Uint8Array(Buffer.from(KEY_HEX, 'hex'));
    const hubDir = join(tmp.dir, 'hub');
    const hub = await startHub(hubDir, { hashKey });
    cleanups.push(() => hub.close());
    const admin = await signInAdmin(hub);

    // One bad line (a wrong check character) refuses the whole file, by line number.
    const bad = await hubApi(hub, 'PUT', '/api/green-lists/key-enterprise', admin, {
      kind: 'credit',
      format: 'csv',
      content: `credit_code,name\n${LISTED[0]},甲公司\n${LISTED[1].slice(0, 17)}0,乙公司\n`,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ line: 3, reason: 'credit.check-char' }]);
    expect(JSON.stringify(bad.body)).not.toContain(LISTED[0]);
    expect((await hubApi(hub, 'GET', '/api/green-lists', admin)).body.lists).toEqual([]);
    // A list of the wrong kind for the group is refused too.
    expect(
      (
        await hubApi(hub, 'PUT', '/api/green-lists/key-enterprise', admin, {
          kind: 'id',
          format: 'csv',
          content: '11010519491231002X\n',
        })
      ).status,
    ).toBe(400);

    const ok = await hubApi(hub, 'PUT', '/api/green-lists/key-enterprise', admin, {
      kind: 'credit',
      format: 'csv',
      content: `credit_code,name\r\n${LISTED[0]},甲公司\r\n${LISTED[1].toLowerCase()},乙公司\r\n${LISTED[0]},甲公司\r\n`,
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ groupId: 'key-enterprise', kind: 'credit', version: 1, count: 2 });

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
      XZ_LOG_LEVEL: 'trace',
    });
    cleanups.push(() => kill9(rig));

    // The station reports the version it applies; the live dashboard shows it.
    await eventually(async () => {
      const live = await hubApi(hub, 'GET', `/api/stations/${STATION}`, admin);
      return live.body.greenLists?.['key-enterprise'] === 1;
    }, 90_000);

    const green = await api(rig.url, 'POST', '/api/tickets', {
      serviceId: 'enterprise-registration',
      idempotencyKey: 'green-list-ticket-1',
      creditCode: LISTED[1],
    });
    expect(green.status).toBe(201);
    expect(green.body.ticket).toMatchObject({
      kind: 'green',
      green: { groupId: 'key-enterprise', how: 'list' },
    });
    const plain = await api(rig.url, 'POST', '/api/tickets', {
      serviceId: 'enterprise-registration',
      idempotencyKey: 'green-list-ticket-2',
      creditCode: NOT_LISTED,
    });
    expect(plain.body.ticket.kind).toBe('normal');
    const jobs = await printer.waitForJobs(2, 20_000);
    expect(jobs.some((j) => j.text.includes('绿色通道'))).toBe(true);

    // A new version replaces the list at the station.
    const v2 = await hubApi(hub, 'PUT', '/api/green-lists/key-enterprise', admin, {
      kind: 'credit',
      format: 'csv',
      content: `${NOT_LISTED}\n`,
    });
    expect(v2.body.version).toBe(2);
    await eventually(async () => {
      const live = await hubApi(hub, 'GET', `/api/stations/${STATION}`, admin);
      return live.body.greenLists?.['key-enterprise'] === 2;
    }, 90_000);
    const now = await api(rig.url, 'POST', '/api/tickets', {
      serviceId: 'enterprise-registration',
      idempotencyKey: 'green-list-ticket-3',
      creditCode: NOT_LISTED,
    });
    expect(now.body.ticket.kind).toBe('green');

    // No raw number anywhere: hub and station data, the agent's log.
    await kill9(rig);
    await hub.close();
    const stored = (await contentsUnder(hubDir)) + (await contentsUnder(agentData)) + rig.output();
    for (const raw of [...LISTED, NOT_LISTED]) {
      expect(stored).not.toContain(raw);
      expect(stored).not.toContain(raw.toLowerCase());
    }
  });
});
