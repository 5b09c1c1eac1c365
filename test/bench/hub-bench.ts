/**
 * Hub benchmarks at station scale (SPEC §13), on one machine: the hub in its own process
 * (`spawnHubProcess`), N simulated stations (`startStationSim`, N = 100 or XZ_BENCH_STATIONS)
 * spread over simulator processes (XZ_BENCH_SIM_WORKERS, default one per 200 stations), each
 * with its kiosk credentials, the agent's replication unit, heartbeats and socket.io connection.
 * The hub's CPU time (and the simulator's) is read from /proc during every publish and fan-out,
 * with the load average, so a figure says whether the hub or the machine was the limit.
 *
 * Figures (one object each):
 * - hub-stations-connect: enrolment and catch-up of N stations, and the hub's live view of them;
 * - hub-steady: 15 s of N connected stations with nothing published (requests, CPU time);
 * - policy-publish-to-stations: a published document → in every station's local copy and shown
 *   (p50/p95/max, how many got it), for 3 publishes by replication alone, then 3 where the hub
 *   also announces the publish on socket.io and stations pull at once (as the agent does);
 * - hub-event-fanout: a socket.io event from the hub → received by every station (p50/p95/max);
 * - hub-rss: the hub process's RSS (VmRSS, VmHWM) idle, with N stations, after the publishes;
 * - station-day-sync (XZ_BENCH_DAY_SYNC=0 leaves it out): a station day (2,000 tickets, their events, 300 ratings) at the hub after
 *   reconnect, by the agent's own sync (kiosk/src/sync.ts) and by plain `PouchDB.replicate`
 *   through the same gateway, and with larger batches; each run is a station of its own (a kiosk
 *   replicates only its own database), enrolled, with the same day generated under its id.
 *
 * Stations are enrolled with one-time codes redeemed in the hub's process; policies are
 * published there through the hub's store (`station-sim.ts`). Stations replicate through the
 * `/couch` gateway and connect to socket.io with their kiosk credentials.
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { KioskCredentials } from '@xz/hub/couch/kiosk-users';
import { kioskWriteCheck } from '@xz/hub/couch/station-writes';
import type { AgentEnv } from '@xz/kiosk/env';
import { backoff } from '@xz/kiosk/replication';
import type { StationConfig } from '@xz/kiosk/station';
import { startSync } from '@xz/kiosk/sync';
import { HubDb, stationDbName } from '@xz/shared/ids';
import PouchDB from 'pouchdb';
import { tempDir } from '../agent/fixtures.ts';
import {
  copyStationDay,
  enrolStations,
  generateStationDay,
  type HubProcess,
  publishedPolicyDoc,
  publishPolicy,
  type SocketArrival,
  type StationDay,
  type StationSim,
  simStationIds,
  sleep,
  spawnHubProcess,
  startStationSim,
  wallNow,
} from './station-sim.ts';

export interface HubBenchOptions {
  /** Simulated stations (default XZ_BENCH_STATIONS or 100). */
  stations?: number;
  /** Simulator processes (default XZ_BENCH_SIM_WORKERS, else one per 200 stations; 0: this process). */
  workers?: number;
  /** Publishes measured by replication alone (default 3). */
  publishes?: number;
  /** Publishes also announced on socket.io, stations pulling at once (default 1). */
  announced?: number;
  /** socket.io fan-out rounds (default 5). */
  fanouts?: number;
  /** Run the station-day sync benchmark (default true; XZ_BENCH_DAY_SYNC=0: false). */
  daySync?: boolean;
  /** Called with each figure as soon as it is measured (the run takes minutes). */
  onResult?: (figure: object) => void;
}

/** How long a publish may take to reach every station before the next one (reported, not a target). */
const DRAIN_MS = 120_000;

interface PublishRound {
  announce: boolean;
  version: number;
  /** Stations showing it within 10 s. */
  got: number;
  /** Over all stations (null: more than that share never showed it within DRAIN_MS). */
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  within5s: number;
  /** When the last station showed it (null: not all within DRAIN_MS). */
  allShownAfterMs: number | null;
  /** Requests to xz-policies per station during the round (long-polls, bulk_get, checkpoints). */
  policyRequestsPerStation: number;
  /** Requests of any kind per station during the round (heartbeats, probes, station sync too). */
  requestsPerStation: number;
  /** Connections opened per station during the round. */
  connectionsPerStation: number;
  /** From the publish until the last station showed it (or the drain ended). */
  usage: Usage;
}

/** Where the time went in a window: CPU time of the hub and of the simulator, and the machine's load. */
interface Usage {
  wallMs: number;
  hubCpuMs: number;
  /** Hub CPU time / wall time (1 = one core busy all the window). */
  hubCores: number;
  simulatorCpuMs: number;
  simulatorCores: number;
  /** 1-minute load average at the end of the window (2 cores: above 2, work waits for a core). */
  load1: number;
}

function usageMeter(hub: HubProcess, sim: StationSim): () => Usage {
  const wall0 = wallNow();
  const hub0 = hub.cpuMs();
  const sim0 = sim.cpuMs();
  return () => {
    const wallMs = wallNow() - wall0;
    const hubCpuMs = hub.cpuMs() - hub0;
    const simulatorCpuMs = sim.cpuMs() - sim0;
    return {
      wallMs: Math.round(wallMs),
      hubCpuMs,
      hubCores: Math.round((hubCpuMs / wallMs) * 100) / 100,
      simulatorCpuMs,
      simulatorCores: Math.round((simulatorCpuMs / wallMs) * 100) / 100,
      load1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    };
  };
}

/** How long the agent's own sync may take before the run is reported incomplete. */
const AGENT_CAP_MS = 60_000;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Percentiles of `delays` over `n` stations, those missing from `delays` counted as never. */
function spreadOver(
  delays: number[],
  n: number,
): { p50Ms: number | null; p95Ms: number | null; maxMs: number | null } {
  const missing = Array<number>(Math.max(0, n - delays.length)).fill(Number.POSITIVE_INFINITY);
  const sorted = [...delays, ...missing].sort((a, b) => a - b);
  const at = (p: number) => {
    const v = percentile(sorted, p);
    return Number.isFinite(v) ? round1(v) : null;
  };
  return { p50Ms: at(50), p95Ms: at(95), maxMs: at(100) };
}

function stationCount(options: HubBenchOptions): number {
  const raw = options.stations ?? Number(process.env.XZ_BENCH_STATIONS ?? 100);
  if (!Number.isInteger(raw) || raw < 1 || raw > 5000) {
    throw new Error(`XZ_BENCH_STATIONS must be a whole number 1..5000, got ${String(raw)}`);
  }
  return raw;
}

/** Requests in a count by shape (`hub.requests()`), connections left out. */
const countRequests = (counts: Record<string, number>) =>
  Object.entries(counts).reduce((sum, [shape, v]) => (shape === 'connections' ? sum : sum + v), 0);

function workerCount(options: HubBenchOptions): number | undefined {
  if (options.workers !== undefined) return options.workers;
  const raw = process.env.XZ_BENCH_SIM_WORKERS;
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 64) {
    throw new Error(`XZ_BENCH_SIM_WORKERS must be a whole number 0..64, got ${raw}`);
  }
  return n;
}

export async function benchHub(options: HubBenchOptions = {}): Promise<object[]> {
  const n = stationCount(options);
  const publishes = options.publishes ?? 3;
  const announced = options.announced ?? 1;
  const fanouts = options.fanouts ?? 5;
  const daySync = options.daySync ?? process.env.XZ_BENCH_DAY_SYNC !== '0';
  const figures: object[] = [];
  const began = performance.now();
  // Progress on stderr (the run takes minutes; the figures go to stdout at the end).
  const onResult =
    options.onResult ?? ((figure: object) => process.stderr.write(`hub-bench: ${JSON.stringify(figure)}\n`));
  const results = {
    push(figure: object) {
      const stamped = { ...figure, atS: Math.round((performance.now() - began) / 1000) };
      figures.push(stamped);
      onResult(stamped);
    },
  };
  results.push({
    bench: 'hub-bench-machine',
    cores: availableParallelism(),
    loadBefore: loadavg().map((l) => Math.round(l * 100) / 100),
  });
  const dir = await tempDir('bench-hub');
  let hub: HubProcess | undefined;
  let sim: StationSim | undefined;
  try {
    // XZ_BENCH_HUB_NODE_FLAGS: Node flags for the hub process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
    const nodeFlags = (process.env.XZ_BENCH_HUB_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
    hub = await spawnHubProcess({ dataDir: join(dir.path, 'hub'), nodeFlags });
    await sleep(1000);
    const idle = hub.memory();

    // N stations: enrol, start, catch up.
    const t0 = performance.now();
    const credentials = await enrolStations(hub, simStationIds(n), { concurrency: 8 });
    const enrolMs = performance.now() - t0;
    const t1 = performance.now();
    const hubCpuAtStart = hub.cpuMs();
    try {
      sim = await startStationSim({
        hubUrl: hub.url,
        dir: join(dir.path, 'stations'),
        stations: credentials.map((c, i) => ({
          credentials: c,
          district: i % 2 === 0 ? 'xihaian' : 'laoshan',
        })),
        socket: hub.socketIo,
        // Starting 1,000 stations at once is the heaviest moment for the hub: give each time to catch up.
        readyTimeoutMs: Math.max(120_000, n * 300),
        ...(workerCount(options) !== undefined ? { workers: workerCount(options) } : {}),
      });
    } catch (error) {
      // A hub that cannot take N stations is a result, not a crash of the benchmark.
      const memory = hub.memory();
      results.push({
        bench: 'hub-stations-connect',
        stations: n,
        enrolMs: Math.round(enrolMs),
        failedAfterMs: Math.round(performance.now() - t1),
        error: error instanceof Error ? error.message : String(error),
        hubCpuMs: hub.cpuMs() - hubCpuAtStart,
        load1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
        hubRssMb: memory.rssMb,
        hubPeakRssMb: memory.peakRssMb,
      });
      return figures;
    }
    const connectMs = performance.now() - t1;
    const live = await waitForOnline(hub, n, 30_000);
    results.push({
      bench: 'hub-stations-connect',
      stations: n,
      simulatorProcesses: sim.pids.length,
      sockets: await sim.socketsConnected(),
      enrolMs: Math.round(enrolMs),
      connectMs: Math.round(connectMs),
      hubCpuMs: hub.cpuMs() - hubCpuAtStart,
      load1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      hubSeesOnline: live.online,
      simulatorRssMb: sim.rssMb(),
    });
    await sleep(3000);
    const connected = hub.memory();

    // What N connected stations cost the hub with nothing published: probes, heartbeats, long-polls.
    await hub.requests();
    const steady = usageMeter(hub, sim);
    await sleep(15_000);
    const steadyUsage = steady();
    const steadyCounts = await hub.requests();
    results.push({
      bench: 'hub-steady',
      stations: n,
      requestsPerSecond: Math.round(countRequests(steadyCounts) / (steadyUsage.wallMs / 1000)),
      connectionsPerSecond: Math.round((steadyCounts.connections ?? 0) / (steadyUsage.wallMs / 1000)),
      usage: steadyUsage,
    });

    // a. Policy publish → shown on every station. Each round is measured for 10 s, then drained
    // (up to DRAIN_MS) so the next one starts on a quiet hub.
    const rounds: PublishRound[] = [];
    let version = 0;
    let rev: string | undefined;
    for (const [announce, count] of [
      [false, publishes],
      [true, hub.socketIo ? announced : 0],
    ] as const) {
      sim.setPullOnAnnounce(announce);
      for (let i = 0; i < count; i++) {
        version += 1;
        const doc = publishedPolicyDoc('bench-publish', version, rev ? { rev } : {});
        await hub.requests();
        const usage = usageMeter(hub, sim);
        const start = wallNow();
        rev = await publishPolicy(hub, doc);
        if (announce) await hub.emit('policy-published', { policyId: doc.policyId, version });
        const measured = await sim.waitForPolicy(doc.policyId, version, 10_000);
        const all = await sim.waitForPolicy(doc.policyId, version, DRAIN_MS);
        // Over every station: one that has not shown it by the end of the drain counts as never.
        const delays = [...all.values()].map((at) => at - start);
        const used = usage();
        const requests = await hub.requests();
        const policyRequests = Object.entries(requests)
          .filter(([k]) => k.includes(`/${HubDb.Policies}`))
          .reduce((sum, [, v]) => sum + v, 0);
        rounds.push({
          announce,
          version,
          got: measured.size,
          ...spreadOver(delays, n),
          within5s: delays.filter((d) => d <= 5000).length,
          allShownAfterMs:
            all.size === n ? Math.round(Math.max(...[...all.values()].map((at) => at - start))) : null,
          policyRequestsPerStation: Math.round((policyRequests / n) * 10) / 10,
          requestsPerStation: Math.round((countRequests(requests) / n) * 10) / 10,
          connectionsPerStation: Math.round(((requests.connections ?? 0) / n) * 10) / 10,
          usage: used,
        });
        await sleep(2000);
      }
    }
    const byReplication = rounds.filter((r) => !r.announce);
    const withAnnounce = rounds.filter((r) => r.announce);
    results.push({
      bench: 'policy-publish-to-stations',
      stations: n,
      mode: 'replication',
      worst: worstOf(byReplication),
      rounds: byReplication,
      target: 'p95 ≤ 2000 ms, all ≤ 5000 ms',
    });
    if (withAnnounce.length > 0) {
      results.push({
        bench: 'policy-publish-to-stations',
        stations: n,
        mode: 'replication + socket.io announce, one-off pull',
        worst: worstOf(withAnnounce),
        rounds: withAnnounce,
        target: 'p95 ≤ 2000 ms, all ≤ 5000 ms',
      });
    }
    sim.setPullOnAnnounce(false);

    // d. socket.io fan-out.
    if (hub.socketIo) {
      const fan: {
        clients: number;
        got: number;
        p50Ms: number | null;
        p95Ms: number | null;
        maxMs: number | null;
        usage: Usage;
      }[] = [];
      for (let i = 0; i < fanouts; i++) {
        const marker = 900_000 + i;
        const got: SocketArrival[] = [];
        const off = sim.onSocket('policy-published', (a) => {
          if ((a.payload as { version?: number })?.version === marker) got.push(a);
        });
        const usage = usageMeter(hub, sim);
        const sent = await hub.emit('policy-published', { policyId: 'bench-fanout', version: marker });
        const deadline = performance.now() + 5000;
        while (got.length < n && performance.now() < deadline) await sleep(10);
        off();
        fan.push({
          clients: sent.clients,
          got: got.length,
          ...spreadOver(
            got.map((a) => a.at - sent.at),
            n,
          ),
          usage: usage(),
        });
        await sleep(500);
      }
      results.push({
        bench: 'hub-event-fanout',
        stations: n,
        worst: worstOf(fan),
        rounds: fan,
        target: 'p95 ≤ 500 ms',
      });
    } else {
      results.push({ bench: 'hub-event-fanout', skipped: 'the hub has no socket.io server' });
    }

    const afterPublishes = hub.memory();
    results.push({
      bench: 'hub-rss',
      stations: n,
      idleMb: idle.rssMb,
      connectedMb: connected.rssMb,
      afterPublishesMb: afterPublishes.rssMb,
      peakMb: afterPublishes.peakRssMb,
      hubProcess: `own process (stations in ${sim.pids.length || 'the benchmark'} simulator process${sim.pids.length === 1 ? '' : 'es'})`,
      simulatorRssMb: sim.rssMb(),
      target: '≤ 1024 MB',
    });

    // c. A station's day at the hub after reconnect, with the N stations still connected.
    if (daySync) {
      results.push(await benchDaySync(hub, join(dir.path, 'day'), n));
    }
    results.push({ bench: 'station-sim-stats', stations: n, ...(await sim.stats()) });
    results.push({
      bench: 'hub-rss-end',
      stations: n,
      rssMb: hub.memory().rssMb,
      peakMb: hub.memory().peakRssMb,
    });
  } finally {
    await sim?.close().catch(() => {});
    await hub?.close().catch(() => {});
    await dir.remove();
  }
  return figures;
}

function worstOf<T extends { maxMs: number | null; got: number }>(rounds: readonly T[]): T | undefined {
  const max = (r: T) => r.maxMs ?? Number.POSITIVE_INFINITY;
  return rounds.slice().sort((a, b) => a.got - b.got || max(b) - max(a))[0];
}

async function waitForOnline(
  hub: HubProcess,
  n: number,
  timeoutMs: number,
): Promise<{ known: number; online: number }> {
  const deadline = performance.now() + timeoutMs;
  let view = await hub.stations();
  while (view.online < n && performance.now() < deadline) {
    await sleep(250);
    view = await hub.stations();
  }
  return view;
}

// ---------------------------------------------------------------------------------------------
// c. A station's day after reconnect

/** Polls the hub until its database `name` holds `expected` documents; returns ms from `start`. */
async function untilDocs(
  hub: HubProcess,
  name: string,
  expected: number,
  start: number,
  timeoutMs = 120_000,
): Promise<{ ms: number; docs: number }> {
  const deadline = start + timeoutMs;
  for (;;) {
    const docs = (await hub.docCount(name)) ?? 0;
    if (docs >= expected) return { ms: Math.round(performance.now() - start), docs };
    if (performance.now() > deadline) return { ms: Number.NaN, docs };
    await sleep(25);
  }
}

/** `PouchDB.replicate` (not in the shared declaration of the class). */
interface PlainReplicate {
  replicate(
    source: PouchDB.Database,
    target: PouchDB.Database,
    options: object,
  ): Promise<{ docs_written: number; doc_write_failures: number }>;
}

interface RunResult {
  /** Which run (`DAY_RUNS`). */
  tag?: string;
  db: string;
  how: string;
  /** ms from start until every document is at the hub (NaN: not within the cap). */
  ms: number;
  docsAtHub: number;
  [key: string]: unknown;
}

/** A station enrolled for one run, its day generated, its database at the hub still empty. */
interface DayRun {
  day: StationDay;
  credentials: KioskCredentials;
  /** Its station database at the hub. */
  name: string;
  /** Documents the hub's database holds once the day is there. */
  expected: number;
}

/** One-shot `PouchDB.replicate(local, remote)` with the kiosk's credentials. */
async function plainReplication(
  hub: HubProcess,
  { day, credentials, name, expected }: DayRun,
  batch?: { batch_size: number },
): Promise<RunResult> {
  const auth = { username: credentials.username, password: credentials.password };
  const target = new PouchDB(`${credentials.couchUrl}/${name}`, { auth, skip_setup: true } as never);
  const start = performance.now();
  const replication = (PouchDB as unknown as PlainReplicate).replicate(day.db, target, batch ?? {});
  let completeMs: number | null = null;
  const finished = replication.then(
    (r) => {
      completeMs = Math.round(performance.now() - start);
      return r;
    },
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
  const at = await untilDocs(hub, name, expected, start);
  // A replication that does not end soon after its documents are in (or the cap passed) is reported.
  const result = await Promise.race([finished, sleep(10_000).then(() => undefined)]);
  if (result === undefined) (replication as unknown as { cancel(): void }).cancel();
  await target.close();
  return {
    db: name,
    how: `PouchDB.replicate, ${batch ? `batch_size ${batch.batch_size}` : 'defaults (batch_size 100, batches_limit 10)'}`,
    ms: at.ms,
    docsAtHub: at.docs,
    completeMs,
    ...(result === undefined
      ? { unfinished: 'the replication had not ended 10 s after the documents were in; cancelled' }
      : 'error' in result
        ? { error: result.error }
        : { written: result.docs_written, failures: result.doc_write_failures }),
  };
}

/** Live two-way sync with the agent's options (kiosk/src/sync.ts) but none of its other work. */
async function liveSync(
  hub: HubProcess,
  { day, credentials, name, expected }: DayRun,
  batch?: { batch_size: number },
): Promise<RunResult> {
  const auth = { username: credentials.username, password: credentials.password };
  const target = new PouchDB(`${credentials.couchUrl}/${name}`, { auth, skip_setup: true } as never);
  const start = performance.now();
  const sync = (day.db as unknown as { sync(r: PouchDB.Database, o: object): { cancel(): void } }).sync(
    target,
    {
      live: true,
      retry: true,
      back_off_function: backoff,
      heartbeat: 10_000,
      ...batch,
    },
  );
  (sync as unknown as { catch?(f: () => void): unknown }).catch?.(() => {});
  try {
    const at = await untilDocs(hub, name, expected, start);
    return {
      db: name,
      how: `db.sync live two-way with the agent's options, ${batch ? `batch_size ${batch.batch_size}` : 'default batch_size 100'}, without the agent's pending count`,
      ms: at.ms,
      docsAtHub: at.docs,
    };
  } finally {
    sync.cancel();
    await target.close();
  }
}

/** The agent's own sync (`startSync` of kiosk/src/sync.ts) into the station's database. */
async function agentSync(
  hub: HubProcess,
  { day, credentials, name, expected }: DayRun,
  capMs: number,
): Promise<RunResult> {
  // The agent reads its credentials from <dataDir>/hub-credentials.json, as after enrolment.
  await writeFile(join(day.dataDir, 'hub-credentials.json'), JSON.stringify(credentials));
  const env = { dataDir: day.dataDir, hubUrl: hub.url } as AgentEnv;
  const station = { stationId: day.stationId, hubUrl: hub.url } as StationConfig;
  const start = performance.now();
  const log = { warn: (...args: unknown[]) => console.warn('station sync:', ...args) };
  const sync = startSync({ env, station, db: day.db, now: Date.now, log });
  try {
    const at = await untilDocs(hub, name, expected, start, capMs);
    return {
      db: name,
      how: 'kiosk/src/sync.ts startSync (live two-way, retry, heartbeat 10 s, batch_size 500)',
      ms: at.ms,
      docsAtHub: at.docs,
      ...(Number.isNaN(at.ms) ? { incomplete: `not all documents at the hub after ${capMs} ms` } : {}),
    };
  } finally {
    await sync.stop();
  }
}

/** Runs of the station-day benchmark, in order; each is a station of its own with the same day. */
const DAY_RUNS = ['p1', 'b500', 'b1000', 's1', 's500', 'p2', 'agent'] as const;
type DayRunTag = (typeof DAY_RUNS)[number];

async function benchDaySync(hub: HubProcess, dir: string, stations: number): Promise<object> {
  // A kiosk replicates only its own station database and writes only its own station's documents:
  // each run is a station of its own, enrolled like the others, with the same day (same seed)
  // generated under its id, into its station database at the hub, empty before the run.
  const stationIds = DAY_RUNS.map((tag) => `bench-day-${tag}`);
  const enrolled = await enrolStations(hub, stationIds);
  let generateMs: number | undefined;
  let counts: StationDay['counts'] | undefined;
  let refused: { docs: number; first?: string } | undefined;
  // The day is generated once (the first run's station) and copied to the others' stations.
  let first: StationDay | undefined;
  const run = async (tag: DayRunTag, measure: (r: DayRun) => Promise<RunResult>): Promise<RunResult> => {
    const index = DAY_RUNS.indexOf(tag);
    const credentials = enrolled[index] as KioskCredentials;
    const day =
      first === undefined
        ? await generateStationDay(join(dir, tag), credentials.stationId)
        : await copyStationDay(first, join(dir, tag), credentials.stationId);
    generateMs ??= day.generateMs;
    process.stderr.write(`hub-bench: station-day run ${tag} (day ready in ${day.generateMs} ms)\n`);
    counts ??= day.counts;
    try {
      const name = stationDbName(credentials.stationId);
      // The gateway refuses what the hub's check of kiosk writes refuses: those never arrive.
      const check = kioskWriteCheck(credentials.stationId);
      const all = await day.db.allDocs({ include_docs: true });
      const reasons = all.rows.flatMap((row) => {
        const why = row.id.startsWith('_') ? null : check(row.doc, undefined);
        return why === null ? [] : [why];
      });
      refused ??= { docs: reasons.length, ...(reasons[0] ? { first: reasons[0] } : {}) };
      const expected = day.counts.docs - reasons.length + ((await hub.docCount(name)) ?? 0);
      return { tag, ...(await measure({ day, credentials, name, expected })) };
    } finally {
      if (first === undefined) first = day;
      else await day.close();
    }
  };
  const runs: RunResult[] = [];
  runs.push(await run('p1', (r) => plainReplication(hub, r)));
  runs.push(await run('b500', (r) => plainReplication(hub, r, { batch_size: 500 })));
  runs.push(await run('b1000', (r) => plainReplication(hub, r, { batch_size: 1000 })));
  runs.push(await run('s1', (r) => liveSync(hub, r)));
  runs.push(await run('s500', (r) => liveSync(hub, r, { batch_size: 500 })));
  runs.push(await run('p2', (r) => plainReplication(hub, r)));
  // Last: work the agent leaves running after it stops must not slow the other runs.
  const agent = await run('agent', (r) => agentSync(hub, r, AGENT_CAP_MS));
  runs.push(agent);
  await first?.close();
  const plain = runs.filter((r) => r.tag === 'p1' || r.tag === 'p2');
  const sameBatch = runs.find((r) => r.tag === 'b500');
  const plainMs = plain.reduce((sum, r) => sum + r.ms, 0) / plain.length;
  const expected = (counts?.docs ?? 0) - (refused?.docs ?? 0);
  return {
    bench: 'station-day-sync',
    stationsConnected: stations,
    day: counts,
    /** Documents of the day the hub refuses (its check of kiosk writes): not expected at the hub. */
    refusedByHub: refused,
    generateMs,
    agentMs: Number.isNaN(agent.ms) ? `> ${AGENT_CAP_MS} (${agent.docsAtHub} of ${expected} docs)` : agent.ms,
    plainMs: Math.round(plainMs),
    ratioAgentToPlain: Number.isNaN(agent.ms) ? null : Math.round((agent.ms / plainMs) * 100) / 100,
    // The agent replicates in batches of 500 (kiosk/src/sync.ts): the like-for-like comparison.
    plainSameBatchMs: sameBatch?.ms ?? null,
    ratioAgentToPlainSameBatch:
      Number.isNaN(agent.ms) || !sameBatch || Number.isNaN(sameBatch.ms)
        ? null
        : Math.round((agent.ms / sameBatch.ms) * 100) / 100,
    runs,
    target: '≤ 10000 ms, agent no slower than plain PouchDB replication with the same batch size (500)',
  };
}
