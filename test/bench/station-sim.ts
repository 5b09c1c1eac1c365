/**
 * A station simulator that runs on one machine, for the hub's scale benchmarks (SPEC §9, §13).
 *
 * - `spawnHubProcess`: the hub in its own process (`test/sim/hub-process.ts`, the same `buildHub`
 *   as `hub/src/server.ts`) on a temp data dir and a free port, so its RSS and CPU time are its
 *   own. Set-up writes (enrolment codes, published policies) are made in that process through the
 *   hub's own store, asked for over the IPC channel; the hub has no admin over HTTP.
 * - `enrolStations`: one-time enrolment codes redeemed for kiosk credentials, many stations at once.
 * - `startStationSim`: N simulated stations spread over worker processes
 *   (`test/sim/station-worker.ts`, a slice of stations each; or all in this process). Each runs
 *   the agent's replication unit (`@xz/kiosk/replication`: the station database both ways, the
 *   live pull of the published policies, the reachability probe), writes heartbeats, and
 *   optionally holds the agent's socket.io connection. Arrival of a policy at a station = the
 *   document is in its local copy and `pickShown` would show it, stamped with the wall clock
 *   where it happened (comparable across processes).
 * - `generateStationDay`: a station's day of documents written by the agent's own queue service
 *   and event store (tickets, ticket events, ratings, heartbeats), for the reconnect benchmark.
 *
 * Connections per station at the hub: one long-poll for the policies pull, one for the pull side
 * of the station sync, the probe every 5 s, one websocket (`socket`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EnrolmentCode, KioskCredentials } from '@xz/hub/couch/kiosk-users';
import { DEMO_STATION_CONFIG } from '@xz/kiosk/env';
import { pickShown } from '@xz/kiosk/policy-feed';
import { startQueueService } from '@xz/kiosk/queue-service';
import { BACKOFF_MAX_MS, describe, type Replication, startReplication } from '@xz/kiosk/replication';
import { loadStation, queueConfigOf, type StationConfig } from '@xz/kiosk/station';
import { openEventStore } from '@xz/kiosk/store/event-store';
import samples from '@xz/shared/data/policies.sample.json' with { type: 'json' };
import type { PolicyContent, PolicyDoc } from '@xz/shared/docs/policy';
import { HubDb, heartbeatId, policyDocId, printerStatusId, ratingId, stationDbName } from '@xz/shared/ids';
import { createSeededRandom } from '@xz/shared/queue/synthetic-day';
import type { TicketView } from '@xz/shared/queue/types';
import { createStationTime } from '@xz/shared/time';
import PouchDB from 'pouchdb';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { HubControlMessage, HubControlRequest } from '../sim/hub-process.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
const HUB_ENTRY = join(ROOT, 'test/sim/hub-process.ts');

/** Wall-clock milliseconds with sub-millisecond precision (comparable across processes). */
export const wallNow = (): number => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------
// The hub in its own process

export interface HubProcess {
  /** `http://127.0.0.1:port`. */
  url: string;
  /** `${url}/couch`: the gateway stations replicate through. */
  couchUrl: string;
  pid: number;
  /** Whether the hub runs a socket.io server. */
  socketIo: boolean;
  /** One-time enrolment codes, created in the hub's process as an operator's request would. */
  enrolmentCodes(stationIds: readonly string[]): Promise<EnrolmentCode[]>;
  /** Enrols stations in the hub's process: a code each, redeemed as `POST /api/enrol` does. */
  enrol(stationIds: readonly string[], concurrency?: number): Promise<KioskCredentials[]>;
  /** Writes a document through the hub's own store (`CouchClient`); resolves with its new rev. */
  insert(db: string, doc: object): Promise<string>;
  /** Documents in a hub database (null: no such database). */
  docCount(db: string): Promise<number | null>;
  /** Emits a socket.io event to every connected client; resolves with the hub's wall-clock emit time. */
  emit(event: string, payload: unknown): Promise<{ at: number; clients: number }>;
  /** The hub's live view of stations (from their heartbeats). */
  stations(): Promise<{ known: number; online: number }>;
  /** Requests the hub served since the last call, by method and path shape. */
  requests(): Promise<Record<string, number>>;
  /** VmRSS and VmHWM (peak) of the hub process, MB. */
  memory(): { rssMb: number; peakRssMb: number };
  /** CPU time (user + system) the hub process has used so far, ms. */
  cpuMs(): number;
  /** Closes the hub (SIGTERM, then SIGKILL after 10 s). */
  close(): Promise<void>;
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

function procStatusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

export async function spawnHubProcess(options: {
  dataDir: string;
  adminPassword?: string;
  env?: Record<string, string>;
  /** Extra Node flags for the hub process (e.g. `--cpu-prof`). */
  nodeFlags?: string[];
  startTimeoutMs?: number;
}): Promise<HubProcess> {
  const child: ChildProcess = fork(HUB_ENTRY, [], {
    cwd: ROOT,
    execArgv: [...(options.nodeFlags ?? []), '--import', 'tsx'],
    env: {
      ...process.env,
      HUB_PORT: '0',
      HUB_HOST: '127.0.0.1',
      XZ_HUB_DATA_DIR: options.dataDir,
      XZ_ADMIN_PASSWORD: options.adminPassword ?? 'bench-admin-password',
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + String(d)).slice(-8000);
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;

  const ready = await new Promise<Extract<HubControlMessage, { type: 'ready' }>>((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub did not start in time:\n${stderr}`));
    }, options.startTimeoutMs ?? 60_000);
    child.on('message', (message: HubControlMessage) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolvePromise(message);
      } else if (message.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`hub failed to start: ${message.error}`));
      } else {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) waiter?.resolve(message.value);
        else waiter?.reject(new Error(message.error));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}:\n${stderr}`));
      for (const w of pending.values()) w.reject(new Error(`hub exited with ${code}`));
      pending.clear();
    });
  });

  const request = <T>(body: WithoutId<HubControlRequest>): Promise<T> =>
    new Promise<T>((resolvePromise, reject) => {
      if (!child.connected) return reject(new Error('the hub process is gone'));
      const id = nextId++;
      pending.set(id, { resolve: resolvePromise as (v: unknown) => void, reject });
      child.send({ ...body, id } as HubControlRequest);
    });

  const pid = ready.pid;
  return {
    url: ready.url,
    couchUrl: `${ready.url}/couch`,
    pid,
    socketIo: ready.socketIo,
    enrolmentCodes: (stationIds) => request({ type: 'enrolment-codes', stationIds: [...stationIds] }),
    enrol: (stationIds, concurrency = 8) =>
      request({ type: 'enrol', stationIds: [...stationIds], concurrency }),
    insert: (db, doc) => request({ type: 'insert', db, doc: doc as Record<string, unknown> }),
    docCount: (db) => request({ type: 'doc-count', db }),
    emit: (event, payload) => request({ type: 'emit', event, payload }),
    stations: () => request({ type: 'stations' }),
    requests: () => request({ type: 'requests' }),
    memory: () => ({ rssMb: procStatusMb(pid, 'VmRSS'), peakRssMb: procStatusMb(pid, 'VmHWM') }),
    cpuMs: () => procCpuMs(pid),
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * Enrols stations with one-time codes. `in-process` (default): codes created and redeemed in the
 * hub's process, `concurrency` at a time (the enrolment route allows 10 a minute per address);
 * `http`: codes created in the hub's process, each redeemed at `POST /api/enrol` as a kiosk does.
 */
export async function enrolStations(
  hub: HubProcess,
  stationIds: readonly string[],
  options: { via?: 'in-process' | 'http'; concurrency?: number } = {},
): Promise<KioskCredentials[]> {
  if ((options.via ?? 'in-process') === 'in-process') return hub.enrol(stationIds, options.concurrency ?? 8);
  const codes = await hub.enrolmentCodes(stationIds);
  const out: KioskCredentials[] = [];
  for (const { code, stationId } of codes) {
    const res = await fetch(`${hub.url}/api/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    if (!res.ok) throw new Error(`enrolment of ${stationId} failed: ${res.status} ${await res.text()}`);
    const { dbName: _, ...credentials } = (await res.json()) as KioskCredentials & { dbName: string };
    out.push(credentials);
  }
  return out;
}

/** `sim-0001` … : station ids of the simulator. */
export function simStationIds(count: number, prefix = 'sim'): string[] {
  const width = Math.max(4, String(count).length);
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i + 1).padStart(width, '0')}`);
}

// ---------------------------------------------------------------------------------------------
// Simulated stations

export interface SimStationSpec {
  credentials: KioskCredentials;
  /** District (policy targeting); default 'xihaian'. */
  district?: string;
}

export interface StationSimOptions {
  /** Hub base URL (socket.io). */
  hubUrl: string;
  /** Where the stations' local databases go (one folder per station). */
  dir: string;
  stations: readonly SimStationSpec[];
  /** Heartbeat interval (default 30 s, as the agent); 0: only the first heartbeat. */
  heartbeatMs?: number;
  /** Connect each station to the hub's socket.io as the agent does (default false). */
  socket?: boolean;
  /** Stations started at once, in all (default 50). */
  startConcurrency?: number;
  /** How long a station may take to catch up at start (default 60 s). */
  readyTimeoutMs?: number;
  /**
   * Processes the stations run in, each a contiguous slice of them (default one per
   * `STATIONS_PER_WORKER` stations); 0: in this process.
   */
  workers?: number;
}

/** Stations per simulator process by default. */
export const STATIONS_PER_WORKER = 200;

export interface SocketArrival {
  station: number;
  /** Wall-clock ms (`wallNow`) in the process that received it. */
  at: number;
  payload: unknown;
}

export interface SimStats {
  /** PouchDB requests that failed with nobody listening (the agent logs and continues). */
  strayNetworkFailures: number;
  /** Times a station found the hub unreachable (its replication unit went offline). */
  wentOffline: number;
  heartbeats: number;
  heartbeatFailures: number;
  /** Replication failures (the unit retries by itself). */
  replicationErrors: number;
  lastError?: string;
}

export interface StationSim {
  readonly stationIds: readonly string[];
  /** Process ids of the simulator's worker processes (empty: the stations run in this process). */
  readonly pids: readonly number[];
  /**
   * Waits until `policyId` at `version` is shown at every station, or `timeoutMs` passed; the
   * stations that show it, with the wall-clock time (`wallNow`) each showed it at.
   */
  waitForPolicy(policyId: string, version: number, timeoutMs: number): Promise<Map<number, number>>;
  /** Listens to a socket.io event at every connected station. */
  onSocket(event: string, listener: (arrival: SocketArrival) => void): () => void;
  /** Stations whose socket is connected. */
  socketsConnected(): Promise<number>;
  /**
   * When on, a station answers the hub's `policy-published` / `policy-withdrawn` announcement as
   * the agent does: a one-off pull of the policies when its live pull has brought nothing within
   * `ANNOUNCE_GRACE_MS`. Default off.
   */
  setPullOnAnnounce(on: boolean): void;
  stats(): Promise<SimStats>;
  /** CPU time the simulator has used so far, ms (its worker processes, or this process). */
  cpuMs(): number;
  /** Resident memory of the simulator, MB (its worker processes together, or this process). */
  rssMb(): number;
  close(): Promise<void>;
}

/** Where a slice of stations reports to: what its stations show and receive. */
export interface StationSink {
  shown(station: number, key: string, at: number): void;
  socket(event: string, arrival: SocketArrival): void;
}

/** Stations running in this process (a worker's slice, or all of them). */
export interface LocalStations {
  socketsConnected(): number;
  setPullOnAnnounce(on: boolean): void;
  stats(): SimStats;
  close(): Promise<void>;
}

interface SimStation {
  policies: PouchDB.Database;
  local: PouchDB.Database;
  replication?: Replication;
  feed?: Cancellable;
  socket?: Socket;
  timers: NodeJS.Timeout[];
}

interface Cancellable {
  cancel(): void;
}

interface LiveChanges extends Cancellable {
  on(event: 'change', listener: (change: { id: string; deleted?: boolean; doc?: unknown }) => void): this;
}

/** A minimal station configuration for `pickShown` (it reads the station id and district). */
function stationOf(stationId: string, district: string): StationConfig {
  return { stationId, district } as StationConfig;
}

/**
 * Runs stations in this process. Each is what a station agent does towards the hub: its kiosk
 * credentials; the agent's replication unit (`@xz/kiosk/replication`: the station database both
 * ways, the live pull of the published policies, the reachability probe every 5 s); a heartbeat
 * in its station database every `heartbeatMs` and soon after a policy arrives; optionally the
 * agent's socket.io connection. A policy is shown at a station once its document is in the local
 * copy and `pickShown` would show it. `indexes[i]` numbers `stations[i]` in the reports.
 */
export async function runStations(
  options: Omit<StationSimOptions, 'workers'> & { indexes?: readonly number[] },
  sink: StationSink,
): Promise<LocalStations> {
  // Every PouchDB instance listens on the class for its own destruction; thousands are expected here.
  (PouchDB as unknown as EventEmitter).setMaxListeners(0);
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const stats: SimStats = {
    strayNetworkFailures: 0,
    wentOffline: 0,
    heartbeats: 0,
    heartbeatFailures: 0,
    replicationErrors: 0,
  };
  const stations: SimStation[] = [];
  let closed = false;
  let pullOnAnnounce = false;

  // PouchDB leaves some of its replication requests unobserved: when the hub drops or closes a
  // connection they reject with nobody listening. A station agent logs and continues
  // (kiosk/src/server.ts); the simulator counts them. Anything else still fails the process.
  const onStray = (reason: unknown) => {
    const e = reason as { type?: string; name?: string } | undefined;
    if (e?.type === 'system' || e?.name === 'FetchError' || e?.name === 'AbortError') {
      stats.strayNetworkFailures++;
      return;
    }
    process.off('unhandledRejection', onStray);
    throw reason;
  };
  process.on('unhandledRejection', onStray);

  async function startStation(index: number, spec: SimStationSpec, station: SimStation): Promise<void> {
    const { credentials } = spec;
    const stationId = credentials.stationId;
    const config = stationOf(stationId, spec.district ?? 'xihaian');
    const reported = new Set<string>();

    // What the station shows: a policy counts once its document is in the local copy and shown.
    const feed = station.policies.changes({
      live: true,
      since: 'now',
      include_docs: true,
    }) as unknown as LiveChanges;
    feed.on('change', (change) => {
      const at = wallNow();
      const doc = change.doc as unknown as Parameters<typeof pickShown>[0][number] | undefined;
      if (!doc?.policyId || change.deleted) return;
      const picked = pickShown([doc], config);
      const version = picked.versions[doc.policyId];
      if (version !== undefined) {
        const key = `${doc.policyId}@${version}`;
        if (!reported.has(key)) {
          reported.add(key);
          sink.shown(index, key, at);
        }
      }
      pokeHeartbeat();
    });
    station.feed = feed;

    // The agent's replication unit, as the agent runs it. The station has caught up once both of
    // its replications paused without an error.
    const caughtUp = new Set<'station' | 'policies'>();
    let whenCaughtUp: () => void = () => undefined;
    const bothCaughtUp = new Promise<void>((r) => {
      whenCaughtUp = r;
    });
    station.replication = startReplication({
      couchUrl: credentials.couchUrl,
      stationId,
      auth: { username: credentials.username, password: credentials.password },
      db: station.local,
      policiesDb: station.policies,
      now: Date.now,
      on: {
        state: (state) => {
          if (state === 'offline') stats.wentOffline++;
        },
        paused: (replication, error) => {
          if (error !== undefined) return;
          caughtUp.add(replication);
          if (caughtUp.size === 2) whenCaughtUp();
        },
        error: (error) => {
          stats.replicationErrors++;
          stats.lastError = describe(error);
        },
      },
    });

    // The heartbeat, written to the station database and replicated by the unit.
    let hbRev: string | undefined;
    let writing: Promise<void> = Promise.resolve();
    let soon: NodeJS.Timeout | undefined;
    async function writeHeartbeat(): Promise<void> {
      if (closed) return;
      const all = await station.policies.allDocs({ include_docs: true });
      const picked = pickShown(
        all.rows.map((r) => r.doc as unknown as Parameters<typeof pickShown>[0][number]).filter(Boolean),
        config,
      );
      const doc = {
        _id: heartbeatId(stationId),
        ...(hbRev ? { _rev: hbRev } : {}),
        type: 'heartbeat',
        schemaVersion: 1,
        stationId,
        at: Date.now(),
        agentVersion: 'sim-1',
        ...(picked.policies.length > 0 ? { policyVersion: picked.digest } : {}),
        policyVersions: picked.versions,
        queue: { waiting: 0, byService: {}, maxWaitMinutes: 0 },
        printer: 'ready',
      };
      try {
        const res = await station.local.put(doc as unknown as PouchDB.Doc);
        hbRev = res.rev;
        stats.heartbeats++;
      } catch (error) {
        stats.heartbeatFailures++;
        stats.lastError = describe(error);
        if ((error as { status?: number }).status === 409) {
          hbRev = await station.local.get(heartbeatId(stationId)).then(
            (d) => d._rev,
            () => undefined,
          );
        }
      }
    }
    const heartbeat = () => {
      writing = writing.then(writeHeartbeat, writeHeartbeat);
      return writing;
    };
    function pokeHeartbeat() {
      if (soon || closed) return;
      soon = setTimeout(() => {
        soon = undefined;
        void heartbeat();
      }, 1000);
      station.timers.push(soon);
    }
    await heartbeat();
    if (heartbeatMs > 0) {
      // Spread the stations' heartbeats over the interval, as independent kiosks are.
      const first = setTimeout(
        () => {
          void heartbeat();
          station.timers.push(setInterval(() => void heartbeat(), heartbeatMs));
        },
        Math.floor(Math.random() * heartbeatMs),
      );
      station.timers.push(first);
    }

    if (options.socket) {
      // A station signs in to the hub's socket.io with its kiosk credentials, as the agent does.
      const socket = connectSocket(options.hubUrl, {
        transports: ['websocket'],
        reconnectionDelayMax: BACKOFF_MAX_MS,
        auth: { username: credentials.username, password: credentials.password },
      });
      socket.onAny((event: string, payload: unknown) => {
        const at = wallNow();
        sink.socket(event, { station: index, at, payload });
        if (pullOnAnnounce && (event === 'policy-published' || event === 'policy-withdrawn')) {
          station.replication?.policiesAnnounced();
        }
      });
      station.socket = socket;
    }

    await withTimeout(bothCaughtUp, readyTimeoutMs, `station ${stationId} did not catch up`).catch(
      (error) => {
        const waiting = (['station', 'policies'] as const).filter((r) => !caughtUp.has(r));
        const status = station.replication?.status();
        throw new Error(
          `${(error as Error).message}: ${waiting.join(' and ')} replication still running; hub ${status?.state}, last error: ${status?.lastError ?? 'none'}`,
        );
      },
    );
  }

  function open(spec: SimStationSpec): SimStation {
    const folder = join(options.dir, spec.credentials.stationId);
    mkdirSync(folder, { recursive: true });
    return {
      policies: new PouchDB(join(folder, HubDb.Policies)),
      local: new PouchDB(join(folder, stationDbName(spec.credentials.stationId))),
      timers: [],
    };
  }

  async function closeAll(): Promise<void> {
    if (closed) return;
    closed = true;
    setTimeout(() => process.off('unhandledRejection', onStray), 30_000).unref();
    for (const s of stations.filter(Boolean)) {
      for (const t of s.timers) clearTimeout(t);
      s.feed?.cancel();
      s.replication?.stop();
      s.socket?.close();
    }
    await sleep(50);
    await Promise.allSettled(stations.filter(Boolean).flatMap((s) => [s.policies.close(), s.local.close()]));
  }

  const concurrency = options.startConcurrency ?? 50;
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, options.stations.length) }, async () => {
        while (next < options.stations.length) {
          const i = next++;
          const spec = options.stations[i] as SimStationSpec;
          const station = open(spec);
          stations[i] = station;
          await startStation(options.indexes?.[i] ?? i, spec, station);
        }
      }),
    );
    if (options.socket) {
      await withTimeout(
        (async () => {
          while (stations.some((s) => !s.socket?.connected)) await sleep(50);
        })(),
        readyTimeoutMs,
        'station sockets did not connect',
      );
    }
  } catch (error) {
    await closeAll();
    throw error;
  }

  return {
    socketsConnected: () => stations.filter((s) => s.socket?.connected).length,
    setPullOnAnnounce(on) {
      pullOnAnnounce = on;
    },
    stats: () => ({ ...stats }),
    close: closeAll,
  };
}

/** Messages from the simulator to a worker process (`test/sim/station-worker.ts`). */
export type SimWorkerRequest =
  | {
      type: 'start';
      options: Omit<StationSimOptions, 'workers'> & { indexes: number[] };
    }
  | { type: 'pull-on-announce'; on: boolean }
  | { type: 'stats'; id: number }
  | { type: 'sockets'; id: number }
  | { type: 'close'; id: number };

/** Messages from a worker process to the simulator. */
export type SimWorkerMessage =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  /** Policies shown: [station, `policyId@version`, wall-clock ms]. */
  | { type: 'shown'; arrivals: Array<[number, string, number]> }
  | { type: 'socket'; arrivals: Array<[string, SocketArrival]> }
  | { type: 'reply'; id: number; value: unknown };

const WORKER_ENTRY = join(ROOT, 'test/sim/station-worker.ts');

/** User + system CPU time of a process so far, ms (`/proc/<pid>/stat`, in clock ticks of 10 ms). */
export function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), counted from field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10;
}

/**
 * N simulated stations (`runStations`), spread over worker processes so that the simulator is
 * not the bottleneck of what it measures: each process runs a contiguous slice and reports what
 * its stations show and receive, stamped with the wall clock where it happened (`wallNow`).
 */
export async function startStationSim(options: StationSimOptions): Promise<StationSim> {
  const shown = new Map<string, Map<number, number>>();
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  const socketListeners = new Map<string, Set<(a: SocketArrival) => void>>();
  const sink: StationSink = {
    shown(station, key, at) {
      let byStation = shown.get(key);
      if (!byStation) {
        byStation = new Map();
        shown.set(key, byStation);
      }
      if (byStation.has(station)) return;
      byStation.set(station, at);
      arrivals.emit(key);
    },
    socket(event, arrival) {
      for (const l of socketListeners.get(event) ?? []) l(arrival);
    },
  };
  const total = options.stations.length;
  const workers = Math.min(total, options.workers ?? Math.ceil(total / STATIONS_PER_WORKER));
  const backend = workers === 0 ? await inProcess(options, sink) : await inWorkers(options, workers, sink);

  return {
    stationIds: options.stations.map((s) => s.credentials.stationId),
    pids: backend.pids,
    async waitForPolicy(policyId, version, timeoutMs) {
      const key = `${policyId}@${version}`;
      const done = () => (shown.get(key)?.size ?? 0) >= total;
      if (!done()) {
        await new Promise<void>((resolvePromise) => {
          const timer = setTimeout(finish, timeoutMs);
          function finish() {
            clearTimeout(timer);
            arrivals.off(key, onArrival);
            resolvePromise();
          }
          function onArrival() {
            if (done()) finish();
          }
          arrivals.on(key, onArrival);
        });
      }
      return new Map(shown.get(key) ?? []);
    },
    onSocket(event, listener) {
      let set = socketListeners.get(event);
      if (!set) {
        set = new Set();
        socketListeners.set(event, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    socketsConnected: backend.socketsConnected,
    setPullOnAnnounce: backend.setPullOnAnnounce,
    stats: backend.stats,
    cpuMs: backend.cpuMs,
    rssMb: backend.rssMb,
    close: backend.close,
  };
}

type Backend = Pick<
  StationSim,
  'pids' | 'socketsConnected' | 'setPullOnAnnounce' | 'stats' | 'cpuMs' | 'rssMb' | 'close'
>;

async function inProcess(options: StationSimOptions, sink: StationSink): Promise<Backend> {
  const local = await runStations(options, sink);
  return {
    pids: [],
    socketsConnected: async () => local.socketsConnected(),
    setPullOnAnnounce: local.setPullOnAnnounce,
    stats: async () => local.stats(),
    cpuMs: () => {
      const { user, system } = process.cpuUsage();
      return Math.round((user + system) / 1000);
    },
    rssMb: () => Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10,
    close: local.close,
  };
}

interface Worker {
  child: ChildProcess;
  exited: Promise<void>;
  request<T>(type: 'stats' | 'sockets' | 'close'): Promise<T>;
}

async function inWorkers(options: StationSimOptions, count: number, sink: StationSink): Promise<Backend> {
  const { stations, workers: _, ...rest } = options;
  const size = Math.ceil(stations.length / count);
  const perWorkerConcurrency = Math.max(1, Math.ceil((options.startConcurrency ?? 50) / count));
  const list: Worker[] = [];
  let closing = false;

  function spawnWorker(from: number, to: number): { worker: Worker; ready: Promise<void> } {
    const child = fork(WORKER_ENTRY, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const pending = new Map<number, (value: unknown) => void>();
    let nextId = 1;
    const ready = new Promise<void>((resolvePromise, reject) => {
      child.on('message', (message: SimWorkerMessage) => {
        switch (message.type) {
          case 'ready':
            return resolvePromise();
          case 'failed':
            return reject(new Error(`stations ${from + 1}–${to}: ${message.error}`));
          case 'shown':
            for (const [station, key, at] of message.arrivals) sink.shown(station, key, at);
            return;
          case 'socket':
            for (const [event, arrival] of message.arrivals) sink.socket(event, arrival);
            return;
          case 'reply': {
            const waiter = pending.get(message.id);
            pending.delete(message.id);
            waiter?.(message.value);
            return;
          }
          default: {
            const never: never = message;
            throw new Error(`unknown message ${JSON.stringify(never)}`);
          }
        }
      });
      child.once('exit', (code, signal) => {
        reject(new Error(`stations ${from + 1}–${to}: the simulator process exited (${code ?? signal})`));
        for (const waiter of pending.values()) waiter(undefined);
        pending.clear();
        if (!closing) process.stderr.write(`station-sim: worker for stations ${from + 1}–${to} exited\n`);
      });
    });
    const worker: Worker = {
      child,
      exited,
      request<T>(type: 'stats' | 'sockets' | 'close') {
        return new Promise<T>((resolvePromise) => {
          if (!child.connected) return resolvePromise(undefined as T);
          const id = nextId++;
          pending.set(id, resolvePromise as (value: unknown) => void);
          child.send({ type, id } satisfies SimWorkerRequest, (error) => {
            if (error && pending.delete(id)) resolvePromise(undefined as T);
          });
        });
      },
    };
    child.send({
      type: 'start',
      options: {
        ...rest,
        dir: options.dir,
        stations: stations.slice(from, to),
        indexes: Array.from({ length: to - from }, (_, i) => from + i),
        startConcurrency: perWorkerConcurrency,
      },
    } satisfies SimWorkerRequest);
    return { worker, ready };
  }

  const readies: Promise<void>[] = [];
  for (let from = 0; from < stations.length; from += size) {
    const { worker, ready } = spawnWorker(from, Math.min(stations.length, from + size));
    list.push(worker);
    readies.push(ready);
  }

  async function close(): Promise<void> {
    if (closing) return;
    closing = true;
    await Promise.all(
      list.map(async (w) => {
        if (w.child.exitCode !== null || w.child.signalCode !== null) return;
        await withTimeout(w.request('close'), 30_000, 'simulator worker close').catch(() => undefined);
        if (w.child.connected) w.child.disconnect();
        const killer = setTimeout(() => w.child.kill('SIGKILL'), 10_000);
        await w.exited;
        clearTimeout(killer);
      }),
    );
  }

  try {
    await Promise.all(readies);
  } catch (error) {
    await close();
    throw error;
  }

  const alive = () => list.filter((w) => w.child.exitCode === null && w.child.pid !== undefined);
  const sum = (f: (pid: number) => number) =>
    alive().reduce((total, w) => {
      try {
        return total + f(w.child.pid as number);
      } catch {
        return total;
      }
    }, 0);
  return {
    pids: list.map((w) => w.child.pid as number),
    async socketsConnected() {
      const counts = await Promise.all(list.map((w) => w.request<number | undefined>('sockets')));
      return counts.reduce<number>((a, b) => a + (b ?? 0), 0);
    },
    setPullOnAnnounce(on) {
      for (const w of alive()) {
        if (w.child.connected) w.child.send({ type: 'pull-on-announce', on } satisfies SimWorkerRequest);
      }
    },
    async stats() {
      const all = await Promise.all(list.map((w) => w.request<SimStats | undefined>('stats')));
      const total: SimStats = {
        strayNetworkFailures: 0,
        wentOffline: 0,
        heartbeats: 0,
        heartbeatFailures: 0,
        replicationErrors: 0,
      };
      for (const s of all) {
        if (!s) continue;
        total.strayNetworkFailures += s.strayNetworkFailures;
        total.wentOffline += s.wentOffline;
        total.heartbeats += s.heartbeats;
        total.heartbeatFailures += s.heartbeatFailures;
        total.replicationErrors += s.replicationErrors;
        total.lastError = s.lastError ?? total.lastError;
      }
      return total;
    },
    cpuMs: () => sum(procCpuMs),
    rssMb: () => Math.round(sum((pid) => procStatusMb(pid, 'VmRSS')) * 10) / 10,
    close,
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} (${ms} ms)`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------
// Published policies

/**
 * The `xz-policies` document a publish writes (shape of hub/src/policies/published.ts): a
 * sample policy's content under `policyId`, at `version`, for `targets` (default: every station).
 */
export function publishedPolicyDoc(
  policyId: string,
  version: number,
  options: { targets?: PolicyDoc['targets']; rev?: string; sample?: number } = {},
): PolicyDoc {
  const list = (samples as { policies: PolicyContent[] }).policies;
  const content = list[(options.sample ?? version - 1) % list.length] as PolicyContent;
  const at = Date.now();
  return {
    _id: policyDocId(policyId),
    ...(options.rev ? { _rev: options.rev } : {}),
    type: 'policy',
    schemaVersion: 1,
    policyId,
    status: 'published',
    content: { ...content, id: policyId },
    targets: options.targets ?? { districts: [], stations: [] },
    version,
    createdAt: at,
    createdBy: 'bench-operator',
    updatedAt: at,
    updatedBy: 'bench-operator',
  } as PolicyDoc;
}

/** Publishes as the hub does: the hub's store writes the document into `xz-policies`. Returns its new rev. */
export async function publishPolicy(hub: HubProcess, doc: PolicyDoc): Promise<string> {
  return hub.insert(HubDb.Policies, doc);
}

// ---------------------------------------------------------------------------------------------
// A station's day of documents

export interface StationDayOptions {
  /** Tickets issued (default 2,000). */
  tickets?: number;
  /** Ratings of served tickets (default 300). */
  ratings?: number;
  /** Station day (default 2026-03-09). */
  day?: string;
  /** Counters open (default 40: a day of 2,000 tickets needs about that many). */
  counters?: number;
  seed?: number;
}

export interface StationDay {
  /** The station's local database (`<dataDir>/pouch/xz-station-{id}`), open. */
  db: PouchDB.Database;
  dataDir: string;
  stationId: string;
  counts: {
    tickets: number;
    events: number;
    ratings: number;
    /** Replicated documents (everything but `_local` ones). */
    docs: number;
    /** Revisions written in all (tickets change on every event). */
    writes: number;
  };
  generateMs: number;
  close(): Promise<void>;
}

/**
 * Drives a station day through the agent's queue service and event store: arrivals from 08:30 to
 * 17:00, each ticket issued (10 % green) and printed, called at a counter, sometimes recalled,
 * transferred or a no-show, then served; ratings as the kiosk writes them; heartbeats every 5 min.
 */
export async function generateStationDay(
  dataDir: string,
  stationId: string,
  options: StationDayOptions = {},
): Promise<StationDay> {
  const started = performance.now();
  const ticketCount = options.tickets ?? 2000;
  const ratingCount = options.ratings ?? 300;
  const day = options.day ?? '2026-03-09';
  const rnd = createSeededRandom(options.seed ?? 20260309);
  const demo = loadStation(DEMO_STATION_CONFIG);
  const serviceIds = demo.services.map((s) => s.id);
  const counterCount = Math.max(demo.counters.length, options.counters ?? 40);
  const counters = [
    ...demo.counters,
    ...Array.from({ length: counterCount - demo.counters.length }, (_, i) => ({
      id: String(demo.counters.length + i + 1),
      name: { zh: `${demo.counters.length + i + 1}号窗口`, en: `Counter ${demo.counters.length + i + 1}` },
      services: [...serviceIds],
    })),
  ];
  const station = { ...demo, stationId, counters } as StationConfig;
  const time = createStationTime(station.timeZone);
  const open = time.toEpoch(day, '08:30');
  const close = time.toEpoch(day, '17:00');
  const store = await openEventStore(dataDir, stationId, station.timeZone);
  const queue = await startQueueService(queueConfigOf(station), store, () => open);
  let events = 0;
  let writes = 0;
  const run = async (p: Promise<unknown[]>) => {
    const produced = await p;
    events += produced.length;
    if (produced.length > 0) writes += 1;
    return produced;
  };

  const arrivals = Array.from({ length: ticketCount }, (_, i) =>
    Math.round(open + ((close - open) * (i + rnd.next())) / ticketCount),
  );
  const meanMinutes = new Map(demo.services.map((s) => [s.id, s.avgMinutes]));
  const desk = counters.map((c) => ({
    id: c.id,
    freeAt: open,
    current: undefined as TicketView | undefined,
  }));
  const served: TicketView[] = [];
  let hbRev: string | undefined;
  let nextHeartbeat = open;
  let issued = 0;

  async function heartbeatUntil(at: number) {
    while (nextHeartbeat <= at) {
      const res = await store.db.put({
        _id: heartbeatId(stationId),
        ...(hbRev ? { _rev: hbRev } : {}),
        type: 'heartbeat',
        schemaVersion: 1,
        stationId,
        at: nextHeartbeat,
        agentVersion: 'sim-1',
        queue: { waiting: queue.state().waiting ? countWaiting() : 0 },
        printer: 'ready',
      } as unknown as PouchDB.Doc);
      hbRev = res.rev;
      writes += 1;
      nextHeartbeat += 5 * 60_000;
    }
  }
  function countWaiting() {
    return Math.min(
      100_000,
      Object.values(queue.state().waiting).reduce((sum, m) => sum + m.size, 0),
    );
  }

  await store.db.put({
    _id: printerStatusId(stationId, 'main'),
    type: 'printer-status',
    schemaVersion: 1,
    stationId,
    printerId: 'main',
    state: 'ready',
    at: open,
    profileId: 'generic-80',
  } as unknown as PouchDB.Doc);
  writes += 1;

  for (;;) {
    const counter = desk.reduce((a, b) => (b.freeAt < a.freeAt ? b : a));
    const arrival = issued < ticketCount ? (arrivals[issued] as number) : Number.POSITIVE_INFINITY;
    if (arrival === Number.POSITIVE_INFINITY && counter.freeAt === Number.POSITIVE_INFINITY) break;
    if (arrival <= counter.freeAt) {
      await heartbeatUntil(arrival);
      const green = rnd.next() < 0.1;
      const produced = await run(
        queue.issue({
          serviceId: rnd.pick(serviceIds),
          at: arrival,
          idempotencyKey: `kiosk-${stationId}-${issued}`,
          lang: rnd.next() < 0.9 ? 'zh' : 'en',
          ...(green ? { green: { groupId: 'elderly', how: 'id-age', needsConfirmation: false } } : {}),
        }),
      );
      const ticketId = (produced[0] as { data: { ticketId: string } }).data.ticketId;
      await run(
        queue.execute({
          type: 'RecordPrinted',
          data: { ticketId, jobId: `job-${issued + 1}`, reprint: false, at: arrival + 800 },
        }),
      );
      issued += 1;
      continue;
    }
    // The counter is free at `at`: it ends what it was doing and calls the next ticket.
    let at = counter.freeAt;
    await heartbeatUntil(at);
    const by = `staff-${counter.id}`;
    if (counter.current) {
      const roll = rnd.next();
      if (roll < 0.03) {
        await run(queue.execute({ type: 'MarkNoShow', data: { counterId: counter.id, at, by } }));
      } else if (roll < 0.08) {
        const others = serviceIds.filter((s) => s !== counter.current?.serviceId);
        await run(
          queue.execute({
            type: 'Transfer',
            data: { counterId: counter.id, toServiceId: rnd.pick(others), position: 'front', at, by },
          }),
        );
      } else {
        await run(queue.execute({ type: 'Finish', data: { counterId: counter.id, at, by } }));
        const t = queue.state().tickets.get(counter.current.id);
        if (t) served.push(t);
      }
      counter.current = undefined;
      at += 20_000;
    }
    const called = await run(queue.execute({ type: 'CallNext', data: { counterId: counter.id, at, by } }));
    if (called.length === 0) {
      // Nothing waits for this counter: it is free again at the next arrival (or done for the day).
      counter.freeAt = issued < ticketCount ? (arrivals[issued] as number) : Number.POSITIVE_INFINITY;
      continue;
    }
    const ticket = queue.state().tickets.get((called[0] as { data: { ticketId: string } }).data.ticketId);
    if (!ticket) throw new Error('called ticket missing from the queue state');
    counter.current = ticket;
    if (rnd.next() < 0.15) {
      await run(queue.execute({ type: 'Recall', data: { counterId: counter.id, at: at + 60_000, by } }));
    }
    const mean = (meanMinutes.get(ticket.serviceId) ?? 8) * 60_000;
    const sigma = 0.5;
    counter.freeAt = at + 60_000 + Math.round(mean * Math.exp(sigma * rnd.normal() - (sigma * sigma) / 2));
  }

  // Ratings, as the kiosk writes them: one per served ticket, mostly good.
  const rated = served
    .slice()
    .sort(() => rnd.next() - 0.5)
    .slice(0, ratingCount);
  for (const t of rated) {
    const level = rnd.weighted([
      [5, 70],
      [4, 18],
      [3, 7],
      [2, 3],
      [1, 2],
    ] as const);
    const withIndicators = rnd.next() < 0.3;
    await store.db.put({
      _id: ratingId(t.id),
      type: 'rating',
      schemaVersion: 1,
      stationId,
      ticketId: t.id,
      ticketNumber: t.number,
      serviceId: t.serviceId,
      ...(t.counterId ? { counterId: t.counterId } : {}),
      level,
      class: level >= 4 ? 'good' : level === 3 ? 'neutral' : 'bad',
      ...(withIndicators
        ? { indicators: { overall: level, efficiency: level, quality: level, attitude: level } }
        : {}),
      ...(level <= 2 ? { comment: '等候时间太长，窗口太少。' } : {}),
      channel: 'kiosk',
      at: (t.endedAt ?? close) + 60_000,
    } as unknown as PouchDB.Doc);
    writes += 1;
  }

  const info = await store.db.info();
  return {
    db: store.db,
    dataDir,
    stationId,
    counts: { tickets: issued, events, ratings: rated.length, docs: info.doc_count, writes },
    generateMs: Math.round(performance.now() - started),
    close: () => store.close(),
  };
}

/**
 * The same day at another station, for benchmarks that need it more than once (a kiosk replicates
 * only its own database): every document of `day` with the station id replaced, written with its
 * revision history (`new_edits: false`) into `<dataDir>/pouch/xz-station-{stationId}`, so a
 * replication sends what it would send from `day` itself. Much faster than generating it again.
 */
export async function copyStationDay(
  day: StationDay,
  dataDir: string,
  stationId: string,
): Promise<StationDay> {
  const started = performance.now();
  const folder = join(dataDir, 'pouch');
  mkdirSync(folder, { recursive: true });
  const db = new PouchDB(join(folder, stationDbName(stationId)));
  const rename = (text: string) => text.split(day.stationId).join(stationId);
  const { rows } = await day.db.allDocs();
  const ids = rows.map((r) => r.id).filter((id) => !id.startsWith('_'));
  for (let i = 0; i < ids.length; i += 500) {
    const docs = await Promise.all(
      ids
        .slice(i, i + 500)
        .map(
          async (id) =>
            JSON.parse(rename(JSON.stringify(await day.db.get(id, { revs: true })))) as PouchDB.Doc,
        ),
    );
    await db.bulkDocs(docs, { new_edits: false } as never);
  }
  return {
    db,
    dataDir,
    stationId,
    counts: { ...day.counts },
    generateMs: Math.round(performance.now() - started),
    close: () => db.close(),
  };
}
