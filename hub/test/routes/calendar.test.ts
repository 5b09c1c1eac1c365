/**
 * The working-day calendar on the hub: a new year is loaded by a district operator, checked on
 * save, replicated to stations with the policies, and deadlines computed on Monday–Friday while it
 * was missing are computed again once it arrives.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createStationTime } from '@xz/shared/time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../src/app.ts';
import { ADMIN_PASSWORD, call, signIn, userSession } from '../helpers.ts';

const shanghai = createStationTime('Asia/Shanghai');
const at = (day: string, time: string) => shanghai.toEpoch(day, time);

const year2027 = {
  year: 2027,
  source: '国务院办公厅关于2027年部分节假日安排的通知',
  holidays: [{ name: '元旦', en: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
  workdays: [],
};

describe('the working-day calendar', () => {
  let hub: Hub;
  let dir: string;
  let admin: string;
  let district: string;
  let handler: string;
  const clock = at('2026-12-31', '10:00');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xz-hub-calendar-'));
    hub = await buildHub({ dataDir: dir, port: 0, adminPassword: ADMIN_PASSWORD, now: () => clock });
    admin = await signIn(hub, 'admin', ADMIN_PASSWORD);
    district = await userSession(hub, admin, 'district-cal', ['district-operator']);
    handler = await userSession(hub, admin, 'handler-cal', ['department-handler'], {
      department: 'commerce',
    });
  });

  afterAll(async () => {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('warns that next year is missing', async () => {
    const res = await call(hub, 'GET', '/api/calendar', { cookie: handler });
    expect(res.status).toBe(200);
    expect(res.body.missing).toEqual([2027]);
    expect(res.body.years.map((y: { year: number; source: string }) => `${y.year}:${y.source}`)).toEqual([
      '2026:bundled',
    ]);
  });

  it('marks deadlines reaching into the missing year provisional, and corrects them once it is loaded', async () => {
    await hub.couch.ensureStationDb('st-cal');
    await hub.couch.db('xz-station-st-cal').insert({
      _id: 'request:st-cal:20261231-0001',
      type: 'request',
      schemaVersion: 1,
      number: 'ST-CAL-20261231-0001',
      stationId: 'st-cal',
      category: 'policy',
      description: '跨年的诉求',
      phone: '13800138000',
      idempotencyKey: 'cal-key-0001',
      kioskAt: clock,
    });
    const read = async () =>
      (
        await call(hub, 'GET', `/api/cases/${encodeURIComponent('case:request:st-cal:20261231-0001')}`, {
          cookie: admin,
        })
      ).body;
    for (let i = 0; i < 200 && (await read()).caseId === undefined; i++)
      await new Promise((r) => setTimeout(r, 50));
    // Received Thursday 12-31: one working day is Friday 2027-01-01 on Monday–Friday.
    expect(await read()).toMatchObject({
      provisional: true,
      due: { contactBy: '2027-01-02T00:00:00+08:00' },
    });

    expect((await call(hub, 'PUT', '/api/calendar/2027', { cookie: handler, body: year2027 })).status).toBe(
      403,
    );
    const outside = await call(hub, 'PUT', '/api/calendar/2027', {
      cookie: district,
      body: { ...year2027, holidays: [{ ...year2027.holidays[0], to: '2028-01-03' }] },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.field).toBe('holidays.0.to');
    const wrongYear = await call(hub, 'PUT', '/api/calendar/2028', { cookie: district, body: year2027 });
    expect(wrongYear.status).toBe(400);
    const saved = await call(hub, 'PUT', '/api/calendar/2027', { cookie: district, body: year2027 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ year: 2027, source: 'hub', updatedBy: 'district-cal' });

    expect((await call(hub, 'GET', '/api/calendar', { cookie: handler })).body.missing).toEqual([]);
    // New Year's Day is a holiday: the first working day after 12-31 is Monday 2027-01-04.
    expect(await read()).toMatchObject({
      provisional: false,
      due: { contactBy: '2027-01-05T00:00:00+08:00' },
    });
  });

  it('reaches the stations with the published policies', async () => {
    const { code } = await hub.kioskUsers.createEnrolmentCode('st-cal');
    const creds = (await (
      await fetch(`${hub.url}/api/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
      })
    ).json()) as { couchUrl: string; username: string; password: string };
    const res = await fetch(`${creds.couchUrl}/xz-policies/calendar%3A2027`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`,
      },
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { year: number } }).data.year).toBe(2027);
  });
});
