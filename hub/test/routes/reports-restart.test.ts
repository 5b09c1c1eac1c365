/**
 * Reports after a restart: given a hub whose store holds generated station days, when it is
 * closed and started again over the same store, then the summary, the tables and one station's
 * figures are the numbers it gave before, the first report asked while the latest days are still
 * loading included (it waits for the load instead of reading the same days again, and never
 * counts a day twice or misses one); the days kept at a stop are taken back at the next start
 * without reading the store, a day changed since counting as stored; a day stored in the form
 * before the packed figures is read as well; a memory smaller than the period only costs reads.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { addDay, type DayAggregate, emptyTotals, summaryOf } from '@xz/shared/reports/aggregate';
import { generateStationDay } from '@xz/shared/reports/generated';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../src/app.ts';
import type { CouchClient, DocStore } from '../../src/couch/client.ts';
import { createReportService, dayDocId, type ReportService } from '../../src/reports/service.ts';
import { ADMIN_PASSWORD, call, signIn } from '../helpers.ts';

const FIRST = '2026-10-01';
const DAYS = 8;
const STATIONS = 12;
const LAST = '2026-10-08';
const asOf = Date.parse('2026-10-20T12:00:00+08:00');
const stationIds = Array.from({ length: STATIONS }, (_, i) => `st-r${String(i + 1).padStart(2, '0')}`);
const dayAt = (n: number) => `2026-10-${String(n + 1).padStart(2, '0')}`;

/** Counts the day documents read from the reports database. */
function counting(couch: CouchClient) {
  let docsRead = 0;
  const client: CouchClient = Object.create(couch);
  client.db = <T extends object>(name: string): DocStore<T> => {
    const db = couch.db<T>(name);
    if (name !== 'xz-hub-reports') return db;
    return {
      ...db,
      get: (id) => db.get(id),
      insert: (doc) => db.insert(doc),
      destroy: (id, rev) => db.destroy(id, rev),
      async list(params) {
        const res = await db.list(params);
        docsRead += res.rows.filter((r) => r.doc).length;
        return res;
      },
    };
  };
  return {
    client,
    get docsRead() {
      return docsRead;
    },
  };
}

describe('reports after a restart', () => {
  let dir: string;
  let hub: Hub;
  let cookie: string;
  const days: DayAggregate[] = [];
  const q = `from=${FIRST}&to=${LAST}`;
  const get = async (url: string) => {
    const res = await call(hub, 'GET', url, { cookie });
    expect(res.status).toBe(200);
    const { asOf: _asOf, ...rest } = res.body;
    return rest;
  };
  const reportsOf = async () => ({
    summary: await get(`/api/reports/summary?${q}`),
    taxSummary: await get(`/api/reports/summary?${q}&serviceId=tax`),
    oneStation: await get(`/api/reports/summary?${q}&stationId=${stationIds[3]}`),
    byStation: await get(`/api/reports/tables/by-station?${q}`),
    byService: await get(`/api/reports/tables/by-service?${q}`),
    byCounter: await get(`/api/reports/tables/by-counter?${q}`),
    requests: await get(`/api/reports/tables/requests-by-department?${q}`),
    csv: (await call(hub, 'GET', `/api/reports/export.csv?table=station-days&${q}`, { cookie })).body,
  });
  let before: Awaited<ReturnType<typeof reportsOf>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xz-hub-reports-restart-'));
    hub = await buildHub({ dataDir: dir, port: 0, adminPassword: ADMIN_PASSWORD, now: () => asOf });
    const samples = Array.from(
      { length: 6 },
      (_, i) => generateStationDay({ stationId: 'st-gen', day: FIRST, seed: 40 + i }).aggregate,
    );
    let k = 0;
    for (let d = 0; d < DAYS; d++) {
      for (const stationId of stationIds) {
        const day = { ...structuredClone(samples[k++ % samples.length]), stationId, day: dayAt(d) };
        days.push(day);
        await hub.app.hub.reports.putDay(day);
      }
    }
    cookie = await signIn(hub, 'admin', ADMIN_PASSWORD);
    before = await reportsOf();
  }, 120_000);

  afterAll(async () => {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers before the restart what the stored days add up to', () => {
    const expected = summaryOf(
      days.reduce((t, d) => addDay(t, d), emptyTotals()),
      asOf,
    );
    expect(before.summary).toMatchObject({
      stationDays: DAYS * STATIONS,
      tickets: expected.tickets,
      waitSeconds: expected.waitSeconds,
      ratings: expected.ratings,
    });
    expect(before.byStation.rows).toHaveLength(STATIONS);
  });

  it('answers the same numbers after a restart, the first report asked as soon as the hub listens', async () => {
    await hub.close();
    hub = await buildHub({ dataDir: dir, port: 0, adminPassword: ADMIN_PASSWORD, now: () => asOf });
    cookie = await signIn(hub, 'admin', ADMIN_PASSWORD);
    const first = await get(`/api/reports/summary?${q}`);
    expect(first).toEqual(before.summary);
    expect(await reportsOf()).toEqual(before);
  });

  it('a report during the load waits for it: every day read once, none counted twice', async () => {
    const store = counting(hub.couch);
    const reports: ReportService = createReportService({
      couch: store.client,
      calendar: () => {
        throw new Error('no cases here');
      },
      now: () => asOf,
      warmUp: false,
    });
    const loading = reports.warmUp();
    let totals = emptyTotals();
    let n = 0;
    for await (const day of reports.days({ from: FIRST, to: LAST })) {
      totals = addDay(totals, day);
      n++;
    }
    await loading;
    expect(n).toBe(DAYS * STATIONS);
    expect(store.docsRead).toBe(DAYS * STATIONS);
    const { tickets, waitSeconds, ratings } = summaryOf(totals, asOf);
    expect({ tickets, waitSeconds, ratings }).toEqual({
      tickets: before.summary.tickets,
      waitSeconds: before.summary.waitSeconds,
      ratings: before.summary.ratings,
    });
    // Read again: from memory (the revisions are listed, no document is read).
    for await (const _ of reports.days({ from: FIRST, to: LAST })) n++;
    expect(store.docsRead).toBe(DAYS * STATIONS);
  });

  it('takes the days kept at the last stop back from the data folder, each only at its stored revision', async () => {
    const file = path.join(dir, 'report-days-test.bin');
    const service = (couch: CouchClient) =>
      createReportService({
        couch,
        calendar: () => {
          throw new Error('no cases here');
        },
        now: () => asOf,
        savedDaysFile: file,
      });
    const total = async (reports: ReportService) => {
      let totals = emptyTotals();
      for await (const day of reports.days({ from: FIRST, to: LAST })) totals = addDay(totals, day);
      return summaryOf(totals, asOf);
    };
    const first = service(hub.couch);
    await first.start();
    await first.warmUp();
    await first.stop();
    // Started again: nothing is read from the store, the numbers are the same.
    const store = counting(hub.couch);
    const second = service(store.client);
    await second.start();
    await second.warmUp();
    expect(store.docsRead).toBe(0);
    expect((await total(second)).tickets).toEqual(before.summary.tickets);
    await second.stop();
    // A day changed since the copy was saved: its stored figures count, not the saved ones.
    const changed = { ...structuredClone(days[5]), services: {}, requests: {} };
    await hub.app.hub.reports.putDay(changed);
    const third = service(store.client);
    await third.start();
    await third.warmUp();
    expect(store.docsRead).toBe(1);
    const expected = summaryOf(
      days.map((d, i) => (i === 5 ? changed : d)).reduce((t, d) => addDay(t, d), emptyTotals()),
      asOf,
    );
    expect((await total(third)).tickets).toEqual(expected.tickets);
    await third.stop();
    await hub.app.hub.reports.putDay(days[5]);
  });

  it('with less memory than the period, the same numbers (days read again)', async () => {
    const reports = createReportService({
      couch: hub.couch,
      calendar: () => {
        throw new Error('no cases here');
      },
      now: () => asOf,
      cacheDays: 10,
    });
    await reports.warmUp();
    for (let run = 0; run < 2; run++) {
      let totals = emptyTotals();
      let n = 0;
      for await (const day of reports.days({ from: FIRST, to: LAST })) {
        totals = addDay(totals, day);
        n++;
      }
      expect(n).toBe(DAYS * STATIONS);
      expect(summaryOf(totals, asOf).tickets).toEqual(before.summary.tickets);
    }
  });

  it('reads a day stored before the packed form', async () => {
    const day = { ...structuredClone(days[0]), day: '2026-10-09', stationId: stationIds[0] };
    await hub.couch.db('xz-hub-reports').insert({
      _id: dayDocId(day.day, day.stationId),
      type: 'report-day',
      ...day,
      updatedAt: asOf,
    });
    const one = await get(`/api/reports/summary?from=2026-10-09&to=2026-10-09`);
    const expected = summaryOf(addDay(emptyTotals(), day), asOf);
    expect(one).toMatchObject({
      stationDays: 1,
      tickets: expected.tickets,
      waitSeconds: expected.waitSeconds,
    });
  });
});
