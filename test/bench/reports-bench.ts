/**
 * Reports benchmarks (issue 10): on a hub with its embedded store in this process,
 * - reports-answer: a report over 30 days × 100 stations (generated day figures, `putDay`):
 *   the summary, the by-station table, the board and the station-days CSV, in the process that
 *   wrote the days (kept in memory as written): the first answer and the next ones, p50 and max;
 * - reports-restart: the hub closed (saving the days it keeps) and started again over the same
 *   store: its start, the first summary asked as soon as it listens, when the warm-up (the saved
 *   copy taken back, the latest days listed and checked) was done, the summary after it, the
 *   saved copy's size, and the month read from the store by a reader with no saved copy and no
 *   warm-up (every day read when asked, as after a first start); the numbers are checked equal to
 *   those before the restart;
 * - reports-stored: a station day's document (packed figures) in bytes;
 * - reports-lag: a ticket event written into a station database → its figure in the day's
 *   aggregate (the follower reads it, the facts and the day are written) (p50/p95/max).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildHub } from '@xz/hub/app';
import { aggregateOfDoc, createReportService, type DayDoc, dayDocId } from '@xz/hub/reports/service';
import { stationDbName, ticketEventId } from '@xz/shared/ids';
import { addDay, type DayAggregate, emptyTotals, summaryOf } from '@xz/shared/reports/aggregate';
import { generateStationDay } from '@xz/shared/reports/generated';
import { tempDir } from '../agent/fixtures.ts';

export interface ReportsBenchOptions {
  stations?: number;
  days?: number;
  runs?: number;
  lagSamples?: number;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const round = (ms: number) => Math.round(ms * 10) / 10;
const addDaysTo = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

export async function benchReports(options: ReportsBenchOptions = {}): Promise<object[]> {
  const stations = options.stations ?? 100;
  const days = options.days ?? 30;
  const runs = options.runs ?? 5;
  const lagSamples = options.lagSamples ?? 20;
  const tmp = await tempDir('xz-bench-reports-');
  const start = () => buildHub({ dataDir: tmp.path, port: 0, adminPassword: 'admin-password-1' });
  let hub = await start();
  const figures: object[] = [];
  const signIn = async () => {
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: 'admin', password: 'admin-password-1' },
    });
    return String(res.headers['set-cookie']).split(';')[0];
  };
  try {
    let cookie = await signIn();
    let reports = hub.app.hub.reports;

    // Twenty generated station days (through the queue decider), stored under every station and day.
    const first = '2026-10-01';
    const samples: DayAggregate[] = Array.from(
      { length: 20 },
      (_, i) => generateStationDay({ stationId: 'bench', day: first, seed: 1000 + i }).aggregate,
    );
    const fillStart = performance.now();
    let k = 0;
    for (let d = 0; d < days; d++) {
      const day = addDaysTo(first, d);
      const writes: Promise<void>[] = [];
      for (let s = 0; s < stations; s++) {
        const stationId = `bench-${String(s + 1).padStart(4, '0')}`;
        writes.push(reports.putDay({ ...samples[k++ % samples.length], stationId, day }));
      }
      await Promise.all(writes);
    }
    const fillMs = performance.now() - fillStart;
    const last = addDaysTo(first, days - 1);
    const q = `from=${first}&to=${last}`;

    const summaryUrl = `/api/reports/summary?${q}`;
    const time = async (url: string) => {
      const ms: number[] = [];
      let bytes = 0;
      let status = 0;
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        const res = await hub.app.inject({ method: 'GET', url, headers: { cookie } });
        ms.push(performance.now() - t);
        bytes = res.rawPayload.length;
        status = res.statusCode;
      }
      // The first run may read days from the store; later runs find them in memory.
      const [firstRun, ...warm] = ms;
      warm.sort((x, y) => x - y);
      return {
        status,
        bytes,
        firstMs: round(firstRun),
        warmP50Ms: round(pct(warm, 0.5)),
        warmMaxMs: round(warm[warm.length - 1]),
      };
    };
    for (const [what, url] of [
      ['summary', `/api/reports/summary?${q}`],
      ['by-station', `/api/reports/tables/by-station?${q}`],
      ['board', `/api/reports/board?${q}`],
      ['station-days-csv', `/api/reports/export.csv?table=station-days&${q}`],
      ['one-station-summary', `/api/reports/summary?${q}&stationId=bench-0001`],
    ] as const) {
      figures.push({
        bench: 'reports-answer',
        what,
        stationDays: stations * days,
        ...(await time(url)),
        target: what === 'summary' ? '< 1000 ms (a month of 100 stations)' : undefined,
      });
    }
    figures.push({ bench: 'reports-fill', stationDays: stations * days, ms: Math.round(fillMs) });
    const summaryBefore = (
      await hub.app.inject({ method: 'GET', url: summaryUrl, headers: { cookie } })
    ).json();
    const stored = await hub.couch.db('xz-hub-reports').get(dayDocId(first, 'bench-0001'));
    figures.push({
      bench: 'reports-stored',
      what: 'station day document (packed figures)',
      bytes: JSON.stringify(stored).length,
      asObjectsBytes: JSON.stringify(aggregateOfDoc(stored as unknown as DayDoc)).length,
    });

    // Restart over the same store: the first summary is asked as soon as the hub listens.
    await hub.close();
    const startedAt = performance.now();
    hub = await start();
    const startMs = performance.now() - startedAt;
    reports = hub.app.hub.reports;
    const warmUp = reports.warmUp().then(() => performance.now() - startedAt);
    cookie = await signIn();
    const askedAt = performance.now();
    const firstRes = await hub.app.inject({ method: 'GET', url: summaryUrl, headers: { cookie } });
    const firstMs = performance.now() - askedAt;
    const warmUpMs = await warmUp;
    const afterAt = performance.now();
    const afterRes = await hub.app.inject({ method: 'GET', url: summaryUrl, headers: { cookie } });
    const afterMs = performance.now() - afterAt;
    // A reader with no saved copy that loads nothing at start: the month read from the store when asked.
    const reader = createReportService({
      couch: hub.couch,
      calendar: () => {
        throw new Error('not used');
      },
      warmUp: false,
    });
    const readAt = performance.now();
    let totals = emptyTotals();
    for await (const day of reader.days({ from: first, to: last })) totals = addDay(totals, day);
    const readSummary = summaryOf(totals, reports.now());
    const readMs = performance.now() - readAt;
    const same = (body: Record<string, unknown>) =>
      JSON.stringify({ ...body, asOf: undefined }) === JSON.stringify({ ...summaryBefore, asOf: undefined });
    figures.push({
      bench: 'reports-restart',
      stationDays: stations * days,
      startMs: Math.round(startMs),
      firstSummaryMs: round(firstMs),
      firstSummaryAskedAfterStartMs: Math.round(askedAt - startedAt),
      warmUpDoneAfterStartMs: Math.round(warmUpMs),
      summaryAfterWarmUpMs: round(afterMs),
      savedCopyBytes: (await stat(join(tmp.path, 'report-days.bin'))).size,
      readWithoutSavedCopyMs: round(readMs),
      sameNumbers:
        firstRes.statusCode === 200 &&
        same(firstRes.json()) &&
        same(afterRes.json()) &&
        readSummary.tickets.issued === summaryBefore.tickets.issued &&
        readSummary.waitSeconds.p90 === summaryBefore.waitSeconds.p90,
      target: '< 1000 ms (a month of 100 stations)',
    });

    // Lag: an event at the hub → its figure in the day's aggregate.
    const stationId = 'bench-lag';
    await hub.couch.ensureStationDb(stationId);
    const db = hub.couch.db(stationDbName(stationId));
    const today = new Date().toISOString().slice(0, 10);
    const lags: number[] = [];
    for (let n = 1; n <= lagSamples; n++) {
      const ticketId = `ticket:${stationId}:${today}:general:${String(n).padStart(3, '0')}`;
      const at = Date.now();
      const started = performance.now();
      await db.insert({
        _id: ticketEventId({ stationId, seq: n }),
        type: 'ticket-event',
        schemaVersion: 1,
        stationId,
        seq: n,
        at,
        event: {
          type: 'TicketIssued',
          data: {
            ticketId,
            stationId,
            at,
            serviceId: 'general',
            day: today,
            seq: n,
            number: `J${String(n).padStart(3, '0')}`,
            kind: 'normal',
            issuedAt: at,
            lang: 'zh',
            by: 'kiosk',
          },
        },
      });
      for (;;) {
        const doc = (await hub.couch
          .db('xz-hub-reports')
          .get(dayDocId(today, stationId))
          .catch(() => undefined)) as DayDoc | undefined;
        const figures = doc === undefined ? undefined : aggregateOfDoc(doc);
        if ((figures?.services?.general?.normal.issued ?? 0) >= n) break;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      lags.push(performance.now() - started);
    }
    lags.sort((a, b) => a - b);
    figures.push({
      bench: 'reports-lag',
      samples: lags.length,
      p50Ms: round(pct(lags, 0.5)),
      p95Ms: round(pct(lags, 0.95)),
      maxMs: round(lags[lags.length - 1]),
      target: '< 60000 ms (a new day’s figures within a minute)',
    });
  } finally {
    await hub.close();
    await tmp.remove();
  }
  return figures;
}
