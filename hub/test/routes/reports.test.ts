/**
 * Reports on the hub: what stations replicate becomes per-day figures the operator reads as a
 * summary, as tables and as CSV with the same numbers; a voided rating leaves 好评率; documents
 * delivered again change nothing; station staff see their own station only; bad input is a 400
 * naming the field.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ticketEventId } from '@xz/shared/ids';
import { labelled, runCommands, sampleStationConfig, stationAt } from '@xz/shared/queue/testing';
import type { QueueCommand, QueueEvent } from '@xz/shared/queue/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../src/app.ts';
import { ADMIN_PASSWORD, call, signIn, userSession } from '../helpers.ts';

const DAY = '2026-11-23';
const at = (time: string, day = DAY) => stationAt(time, day);
const by = 'staff-1';

async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error('not in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A station day through the queue decider: 3 tax tickets (one green), one no-show, one social ticket. */
function stationDay(stationId: string): QueueEvent[] {
  const config = sampleStationConfig({ stationId });
  const issue = (label: string, serviceId: string, time: string, extra: object = {}) =>
    labelled(label, { type: 'IssueTicket', data: { serviceId, at: at(time), ...extra } } as QueueCommand);
  const ids = runCommands(config, [
    issue('a', 'tax', '09:00'),
    issue('b', 'tax', '09:02'),
    issue('g', 'tax', '09:04', { green: { groupId: 'elderly', how: 'id-age', needsConfirmation: false } }),
    issue('s', 'social', '09:30'),
  ]);
  const call = (counterId: string, label: string, time: string): QueueCommand => ({
    type: 'CallTicket',
    data: { counterId, ticketId: ids.id(label), at: at(time), by },
  });
  const act = (type: 'Finish' | 'MarkNoShow', counterId: string, time: string) =>
    ({ type, data: { counterId, at: at(time), by } }) as QueueCommand;
  return runCommands(config, [
    issue('a', 'tax', '09:00'),
    issue('b', 'tax', '09:02'),
    issue('g', 'tax', '09:04', { green: { groupId: 'elderly', how: 'id-age', needsConfirmation: false } }),
    issue('s', 'social', '09:30'),
    call('1', 'g', '09:06'), // 2 min
    act('Finish', '1', '09:16'), // 10 min
    call('1', 'a', '09:20'), // 20 min
    act('Finish', '1', '09:25'), // 5 min
    call('2', 'b', '09:32'), // 30 min
    act('MarkNoShow', '2', '09:33'),
    call('2', 's', '09:40'), // 10 min
    act('Finish', '2', '09:55'), // 15 min
  ]).events;
}

const eventDocs = (stationId: string, events: QueueEvent[]) =>
  events.map((event, i) => ({
    _id: ticketEventId({ stationId, seq: i + 1 }),
    type: 'ticket-event',
    schemaVersion: 1,
    stationId,
    seq: i + 1,
    at: event.data.at,
    event,
  }));

const ratingDoc = (stationId: string, seq: number, level: number, serviceId = 'tax') => {
  const ticketId = `ticket:${stationId}:${DAY}:${serviceId}:${String(seq).padStart(3, '0')}`;
  return {
    _id: `rating:${ticketId}`,
    type: 'rating',
    schemaVersion: 1,
    ticketId,
    ticketNumber: `A${String(seq).padStart(3, '0')}`,
    stationId,
    serviceId,
    level,
    class: level >= 4 ? 'good' : level === 3 ? 'neutral' : 'bad',
    channel: 'kiosk',
    at: at('10:00'),
  };
};

const requestDoc = (stationId: string, seq: number) => ({
  _id: `request:${stationId}:20261123-${String(seq).padStart(4, '0')}`,
  type: 'request',
  schemaVersion: 1,
  number: `${stationId.toUpperCase()}-20261123-${String(seq).padStart(4, '0')}`,
  stationId,
  category: 'enterprise',
  description: '营业执照变更需要帮助',
  phone: '13800138000',
  idempotencyKey: `req-key-${stationId}-${seq}`,
  kioskAt: at('11:00'),
});

describe('reports', () => {
  let hub: Hub;
  let dir: string;
  // The hub receives the day at 12:00 and reads the reports two days later.
  let clock = at('12:00');
  let admin: string;
  let staffA: string;
  const q = `from=${DAY}&to=${DAY}`;

  const summaryOf = async (query = q, cookie = admin) => {
    const res = await call(hub, 'GET', `/api/reports/summary?${query}`, { cookie });
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xz-hub-reports-'));
    hub = await buildHub({ dataDir: dir, port: 0, adminPassword: ADMIN_PASSWORD, now: () => clock });
    admin = await signIn(hub, 'admin', ADMIN_PASSWORD);
    staffA = await userSession(hub, admin, 'staff-a', ['station-staff'], { stationId: 'st-ra' });
    for (const stationId of ['st-ra', 'st-rb']) {
      await hub.couch.ensureStationDb(stationId);
      const db = hub.couch.db(`xz-station-${stationId}`);
      for (const doc of eventDocs(stationId, stationDay(stationId))) await db.insert(doc);
    }
    const a = hub.couch.db('xz-station-st-ra');
    await a.insert(ratingDoc('st-ra', 1, 5));
    await a.insert(ratingDoc('st-ra', 3, 4));
    await a.insert(ratingDoc('st-ra', 2, 1));
    await a.insert(requestDoc('st-ra', 1));
    await eventually(async () => {
      const s = await summaryOf();
      return s.tickets.issued === 8 && s.ratings.count === 3 && s.requests.received === 1 ? s : undefined;
    });
    // The cases are opened at receipt (Monday 12:00) and folded into the figures.
    await eventually(async () => {
      const res = await call(hub, 'GET', '/api/cases', { cookie: admin });
      return res.body.cases?.length === 2 ? true : undefined;
    });
    await hub.app.hub.reports.idle();
    clock = at('12:00', '2026-11-25');
  }, 90_000);

  afterAll(async () => {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sums what the stations did: tickets, waits, service times, green channel, ratings, requests', async () => {
    const s = await summaryOf();
    expect(s).toMatchObject({
      from: DAY,
      to: DAY,
      stationDays: 2,
      demo: false,
      tickets: { issued: 8, served: 6, noShow: 2, cancelled: 0, open: 0 },
      // Per station: waits 2, 20, 30, 10 minutes; service 10, 5, 15 minutes.
      waitSeconds: { mean: 930, p90: 1800, max: 1800 },
      serviceSeconds: { mean: 600, p90: 900 },
      green: { issued: 2, share: 0.25, waitSecondsMean: 120, normalWaitSecondsMean: 1200 },
      ratings: { count: 3, byLevel: { '1': 1, '2': 0, '3': 0, '4': 1, '5': 1 }, goodRate: 0.6667, voided: 0 },
      requests: { received: 1, contactedOnTime: 0, feedbackOnTime: 0, closed: 0 },
    });
    // Received on Monday at 12:00, not contacted by Tuesday 24:00: late now (Wednesday).
    expect(s.requests.contactedLate).toBe(1);
  });

  it('the tables and the CSV show the numbers of the summary', async () => {
    const s = await summaryOf();
    const byStation = await call(hub, 'GET', `/api/reports/tables/by-station?${q}`, { cookie: admin });
    expect(byStation.status).toBe(200);
    expect(byStation.body.columns[0]).toEqual({ key: 'stationId', zh: '站点', en: 'Station', kind: 'text' });
    const rows = byStation.body.rows as Array<Record<string, number>>;
    expect(rows.map((r) => r.stationId)).toEqual(['st-ra', 'st-rb']);
    expect(rows.reduce((n, r) => n + r.issued, 0)).toBe(s.tickets.issued);
    expect(rows.reduce((n, r) => n + r.noShow, 0)).toBe(s.tickets.noShow);

    const byDay = await call(hub, 'GET', `/api/reports/tables/by-day?${q}`, { cookie: admin });
    expect(byDay.body.rows).toEqual([
      expect.objectContaining({
        day: DAY,
        issued: s.tickets.issued,
        waitMean: s.waitSeconds.mean,
        waitP90: s.waitSeconds.p90,
        waitMax: s.waitSeconds.max,
        serviceMean: s.serviceSeconds.mean,
        goodRate: s.ratings.goodRate,
        requests: s.requests.received,
      }),
    ]);

    const csv = await hub.app.inject({
      method: 'GET',
      url: `/api/reports/export.csv?table=by-day&${q}`,
      headers: { cookie: admin },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, line, end] = csv.body.slice(1).split('\r\n');
    expect(end).toBe('');
    const names = header.split(',');
    expect(names[0]).toBe('日期 Date');
    expect(names).toContain('平均等候(秒) Mean wait (s)');
    const cells = Object.fromEntries(names.map((n, i) => [n, line.split(',')[i]]));
    expect(cells['日期 Date']).toBe(DAY);
    expect(Number(cells['取号数 Issued'])).toBe(s.tickets.issued);
    expect(Number(cells['平均等候(秒) Mean wait (s)'])).toBe(s.waitSeconds.mean);
    expect(Number(cells['等候P90(秒) Wait p90 (s)'])).toBe(s.waitSeconds.p90);
    expect(Number(cells['好评率 Good rate'])).toBe(s.ratings.goodRate);

    const stationDays = await hub.app.inject({
      method: 'GET',
      url: `/api/reports/export.csv?table=station-days&${q}`,
      headers: { cookie: admin },
    });
    expect(stationDays.headers['x-total-rows']).toBe('2');
    expect(stationDays.body.trim().split('\r\n')).toHaveLength(3);
  });

  it('breaks down by service, hour, counter, green group, rating level', async () => {
    const table = async (name: string, extra = '') =>
      (await call(hub, 'GET', `/api/reports/tables/${name}?${q}${extra}`, { cookie: admin })).body
        .rows as Array<Record<string, number | string | null>>;
    expect((await table('by-service')).map((r) => [r.serviceId, r.issued, r.served])).toEqual([
      ['social', 2, 2],
      ['tax', 6, 4],
    ]);
    const hours = await table('by-hour');
    expect(hours).toHaveLength(24);
    expect(hours[9]).toMatchObject({ hour: 9, tickets: 8 });
    expect((await table('by-counter', '&stationId=st-ra')).map((r) => [r.counterId, r.tickets])).toEqual([
      ['1', 2],
      ['2', 2],
    ]);
    expect((await table('green-by-group')).find((r) => r.group === 'elderly')).toMatchObject({
      issued: 2,
      waitMean: 120,
    });
    expect((await table('ratings-by-level')).map((r) => r.count)).toEqual([1, 1, 0, 0, 1]);
    const tax = await summaryOf(`${q}&serviceId=tax`);
    expect(tax.tickets).toMatchObject({ issued: 6, served: 4 });
    expect(tax.ratings.count).toBe(3);
  });

  it('a rating voided on appeal leaves 好评率; the figures follow the case', async () => {
    const caseId = encodeURIComponent(`case:rating:ticket:st-ra:${DAY}:tax:002`);
    const act = (action: string, body: object) =>
      call(hub, 'POST', `/api/cases/${caseId}/${action}`, { cookie: admin, body });
    await eventually(async () =>
      (await call(hub, 'GET', `/api/cases/${caseId}`, { cookie: admin })).status === 200 ? true : undefined,
    );
    expect((await act('callback', { channel: 'phone', note: '已回访' })).status).toBe(200);
    expect((await act('classify', { classification: 'appealed', note: '误评' })).status).toBe(200);
    expect((await act('decide-appeal', { decision: 'voided', note: '核实为误评' })).status).toBe(200);
    const s = await eventually(async () => {
      const summary = await summaryOf(`${q}&stationId=st-ra`);
      return summary.ratings.voided === 1 ? summary : undefined;
    });
    expect(s.ratings).toMatchObject({ count: 2, goodRate: 1, voided: 1, byLevel: { '1': 0 } });
    // Called back on Wednesday: a day after its deadline (Tuesday 24:00).
    expect(s.followUps).toMatchObject({ bad: 1, calledBackOnTime: 0, calledBackLate: 1 });
  });

  it('documents delivered again change nothing', async () => {
    const before = await summaryOf();
    hub.follower.touch('st-ra');
    await hub.follower.idle();
    // Every document of st-ra folded in once more, as a new delivery would.
    const rows = (await hub.couch.db('xz-station-st-ra').list({ include_docs: true })).rows;
    for (const row of rows) if (row.doc) await hub.app.hub.reports.ingestStationDoc('st-ra', row.doc);
    await hub.app.hub.reports.idle();
    expect(await summaryOf()).toEqual(before);
  });

  it('station staff see their own station only', async () => {
    const own = await summaryOf(q, staffA);
    expect(own).toMatchObject({ stationId: 'st-ra', stationDays: 1, tickets: { issued: 4 } });
    const other = await call(hub, 'GET', `/api/reports/summary?${q}&stationId=st-rb`, { cookie: staffA });
    expect(other.status).toBe(403);
    expect(other.body.reason).toBe('station');
    const csv = await call(hub, 'GET', `/api/reports/export.csv?table=by-station&${q}&stationId=st-rb`, {
      cookie: staffA,
    });
    expect(csv.status).toBe(403);
    const byStation = await call(hub, 'GET', `/api/reports/tables/by-station?${q}`, { cookie: staffA });
    expect(byStation.body.rows.map((r: { stationId: string }) => r.stationId)).toEqual(['st-ra']);
    expect((await call(hub, 'GET', `/api/reports/summary?${q}`)).status).toBe(401);
  });

  it('refuses bad periods and unknown tables with a 400 naming the field', async () => {
    const fieldOf = async (url: string) => {
      const res = await call(hub, 'GET', url, { cookie: admin });
      expect(res.status, url).toBe(400);
      return res.body.field;
    };
    expect(await fieldOf('/api/reports/summary?from=2026-11-24&to=2026-11-23')).toBe('to');
    expect(await fieldOf('/api/reports/summary?from=2025-01-01&to=2026-11-23')).toBe('to');
    expect(await fieldOf('/api/reports/summary?from=2026-02-30&to=2026-03-01')).toBe('from');
    expect(await fieldOf('/api/reports/summary?from=yesterday&to=2026-03-01')).toBe('from');
    expect(await fieldOf(`/api/reports/export.csv?table=everything&${q}`)).toBe('table');
    expect(await fieldOf(`/api/reports/tables/everything?${q}`)).toBe('table');
    expect(await fieldOf('/api/reports/tables/station-days?from=2026-01-01&to=2026-11-23')).toBe('to');
  });

  it('ranks the stations on the board by thresholds a district operator sets', async () => {
    const board = await call(hub, 'GET', `/api/reports/board?${q}`, { cookie: admin });
    expect(board.status).toBe(200);
    // Both wait 15.5 minutes on average: yellow by the default thresholds (blue up to 15). st-ra's
    // ratings are all good now (its request is not due yet); st-rb has none: st-ra ranks first.
    expect(
      board.body.rows.map((r: Record<string, unknown>) => [r.rank, r.stationId, r.mark, r.goodRateMark]),
    ).toEqual([
      [1, 'st-ra', 'yellow', 'blue'],
      [2, 'st-rb', 'yellow', 'none'],
    ]);
    const settings = {
      goodRate: { blueAtLeast: 0.9, redBelow: 0.8 },
      onTimeRate: { blueAtLeast: 0, redBelow: 0 },
      waitMeanMinutes: { blueAtMost: 20, redAbove: 40 },
    };
    const staffPut = await call(hub, 'PUT', '/api/reports/board/settings', {
      cookie: staffA,
      body: settings,
    });
    expect(staffPut.status).toBe(403);
    const bad = await call(hub, 'PUT', '/api/reports/board/settings', {
      cookie: admin,
      body: { ...settings, goodRate: { blueAtLeast: 0.8, redBelow: 0.9 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('goodRate.redBelow');
    const put = await call(hub, 'PUT', '/api/reports/board/settings', { cookie: admin, body: settings });
    expect(put.status).toBe(200);
    const after = await call(hub, 'GET', `/api/reports/board?${q}`, { cookie: admin });
    expect(after.body.rows.map((r: Record<string, unknown>) => [r.stationId, r.mark])).toEqual([
      ['st-ra', 'blue'],
      ['st-rb', 'blue'],
    ]);
    const own = await call(hub, 'GET', `/api/reports/board?${q}`, { cookie: staffA });
    expect(own.body.rows.map((r: Record<string, unknown>) => [r.rank, r.stationId])).toEqual([[1, 'st-ra']]);
  });

  it('appears in the OpenAPI document', async () => {
    const res = await fetch(`${hub.url}/docs/json`);
    const doc = (await res.json()) as { paths: Record<string, unknown> };
    for (const p of [
      '/api/reports/summary',
      '/api/reports/tables/{table}',
      '/api/reports/export.csv',
      '/api/reports/board',
      '/api/reports/board/settings',
      '/api/reports/policies',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });
});
