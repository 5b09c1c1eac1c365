/**
 * A station simulator that runs on one machine, for the hub's scale benchmarks (SPEC §9, §13).
 *
 * - `spawnHubProcess`: the hub in its own process (`test/sim/hub-process.ts`, the same `buildHub`
 *   as `hub/src/server.ts`) on a temp data dir and a free port, so its RSS is its own. Set-up
 *   writes (enrolment codes, published policies) are made in that process through the hub's own
 *   store, asked for over the IPC channel; the hub has no admin over HTTP.
 * - `enrolStations`: one-time enrolment codes redeemed for kiosk credentials, many stations at once.
 * - `startStationSim`: N simulated stations in this process. Each is what a station agent does
 *   towards the hub: its kiosk credentials, a local PouchDB (LevelDB in a temp dir) with the
 *   agent's live pull of `xz-policies`, its station database synced both ways with the hub (or
 *   heartbeats written straight to the hub), a heartbeat every `heartbeatMs` and soon after a
 *   policy arrives, and optionally the agent's socket.io connection. Arrival of a policy at a
 *   station = the document is in its local copy and `pickShown` would show it.
 * - `generateStationDay`: a station's day of documents written by the agent's own queue service
 *   and event store (tickets, ticket events, ratings, heartbeats), for the reconnect benchmark.
 *
 * Connections per station at the hub: one long-poll for the policies pull, one for the pull side
 * of the station sync ('sync' mode), one websocket (`socket`).
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
import { loadStation, queueConfigOf, type StationConfig } from '@xz/kiosk/station';
import { openEventStore } from '@xz/kiosk/store/event-store';
import { backoff } from '@xz/kiosk/sync';
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

/** How a simulated station writes its own database. */
export type StationDbMode =
  /** A local station database synced both ways with the hub, as the agent does (default). */
  | 'sync'
  /** Heartbeats written straight to the hub's station database (one long-poll fewer per station). */
  | 'direct'
  /** No station database traffic at all (policies only). */
  | 'none';

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
  stationDb?: StationDbMode;
  /** Heartbeat interval (default 30 s, as the agent); 0: only the first heartbeat. */
  heartbeatMs?: number;
  /** Reachability probe of the station database, as the agent's (default every 5 s; 0: none). */
  probeMs?: number;
  /** Connect each station to the hub's socket.io as the agent does (default false). */
  socket?: boolean;
  /** Stations started at once (default 50). */
  startConcurrency?: number;
  /** How long a station may take to catch up at start (default 60 s). */
  readyTimeoutMs?: number;
}

/** A policy arrival: `at` is `performance.now()` in this process. */
export interface PolicyArrival {
  station: number;
  at: number;
}

export interface SocketArrival {
  station: number;
  /** Wall-clock ms (`wallNow`). */
  at: number;
  payload: unknown;
}

export interface StationSim {
  readonly stationIds: readonly string[];
  /** Waits until `policyId` at `version` is shown at every station, or `timeoutMs` passed. */
  waitForPolicy(policyId: string, version: number, timeoutMs: number): Promise<Map<number, number>>;
  /** Listens to a socket.io event at every connected station. */
  onSocket(event: string, listener: (arrival: SocketArrival) => void): () => void;
  /** Stations whose socket is connected. */
  socketsConnected(): number;
  /**
   * When on, a station answers the hub's `policy-published` / `policy-withdrawn` announcement with
   * a one-off pull of the policies (as the agent does), besides its live pull. Default off.
   */
  setPullOnAnnounce(on: boolean): void;
  /** Counters: unobserved network failures, failed probes, heartbeats, replication errors. */
  stats(): {
    strayNetworkFailures: number;
    probeFailures: number;
    heartbeats: number;
    heartbeatFailures: number;
    replicationErrors: number;
    lastError?: string;
  };
  close(): Promise<void>;
}

interface Cancellable {
  cancel(): void;
}

interface LiveChanges extends Cancellable {
  on(event: 'change', listener: (change: { id: string; deleted?: boolean; doc?: unknown }) => void): this;
}

interface SimStation {
  index: number;
  config: StationConfig;
  policies: PouchDB.Database;
  local?: PouchDB.Database;
  remote: PouchDB.Database;
  handles: Cancellable[];
  socket?: Socket;
  timers: NodeJS.Timeout[];
}

/** A minimal station configuration for `pickShown` (it reads the station id and district). */
function stationOf(stationId: string, district: string): StationConfig {
  return { stationId, district } as StationConfig;
}

function quiet(handle: unknown): void {
  (handle as { catch?: (f: () => void) => unknown }).catch?.(() => undefined);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  const e = error as { reason?: string; message?: string; status?: number } | undefined;
  return e?.reason ?? e?.message ?? `status ${e?.status ?? 'unknown'}`;
}

export async function startStationSim(options: StationSimOptions): Promise<StationSim> {
  // Every PouchDB instance listens on the class for its own destruction; thousands are expected here.
  (PouchDB as unknown as EventEmitter).setMaxListeners(0);
  const mode = options.stationDb ?? 'sync';
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  const shown = new Map<string, Map<number, number>>();
  const socketListeners = new Map<string, Set<(a: SocketArrival) => void>>();
  const stats = {
    strayNetworkFailures: 0,
    probeFailures: 0,
    heartbeats: 0,
    heartbeatFailures: 0,
    replicationErrors: 0,
    lastError: undefined as string | undefined,
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

  function recordShown(station: number, policyId: string, version: number, at: number) {
    const key = `${policyId}@${version}`;
    let byStation = shown.get(key);
    if (!byStation) {
      byStation = new Map();
      shown.set(key, byStation);
    }
    if (byStation.has(station)) return;
    byStation.set(station, at);
    arrivals.emit(key, byStation.size);
  }

  async function startStation(index: number, spec: SimStationSpec): Promise<SimStation> {
    const { credentials } = spec;
    const stationId = credentials.stationId;
    const config = stationOf(stationId, spec.district ?? 'xihaian');
    const folder = join(options.dir, stationId);
    mkdirSync(folder, { recursive: true });
    const auth = { username: credentials.username, password: credentials.password };
    const policies = new PouchDB(join(folder, HubDb.Policies));
    const remotePolicies = new PouchDB(`${credentials.couchUrl}/${HubDb.Policies}`, {
      auth,
      skip_setup: true,
    } as never);
    const remote = new PouchDB(`${credentials.couchUrl}/${stationDbName(stationId)}`, {
      auth,
      skip_setup: true,
    } as never);
    const station: SimStation = { index, config, policies, remote, handles: [], timers: [] };

    // What the station shows: a policy counts once its document is in the local copy and shown.
    const feed = policies.changes({
      live: true,
      since: 'now',
      include_docs: true,
    }) as unknown as LiveChanges;
    feed.on('change', (change) => {
      const at = performance.now();
      const doc = change.doc as unknown as Parameters<typeof pickShown>[0][number] | undefined;
      if (!doc?.policyId || change.deleted) return;
      const picked = pickShown([doc], config);
      const version = picked.versions[doc.policyId];
      if (version !== undefined) recordShown(index, doc.policyId, version, at);
      pokeHeartbeat();
    });
    station.handles.push(feed);

    // The agent's live pull of the published policies (kiosk/src/sync.ts options).
    const caughtUp: Promise<void>[] = [];
    const pull = policies.replicate.from(remotePolicies, {
      live: true,
      retry: true,
      back_off_function: backoff,
      heartbeat: 10_000,
    });
    caughtUp.push(firstPause(pull));
    pull.on('error', (error: unknown) => noteError(error));
    quiet(pull);
    station.handles.push(pull);

    // The station database: synced both ways (agent), written directly, or left alone.
    let hbRev: string | undefined;
    const hbTarget = mode === 'sync' ? new PouchDB(join(folder, stationDbName(stationId))) : remote;
    if (mode === 'sync') {
      station.local = hbTarget;
      const sync = (hbTarget as unknown as { sync(r: PouchDB.Database, o: object): Cancellable }).sync(
        remote,
        {
          live: true,
          retry: true,
          back_off_function: backoff,
          heartbeat: 10_000,
        },
      );
      caughtUp.push(firstPause(sync));
      (sync as unknown as EventEmitter).on('error', (error: unknown) => noteError(error));
      quiet(sync);
      station.handles.push(sync);
    }

    let writing: Promise<void> = Promise.resolve();
    let soon: NodeJS.Timeout | undefined;
    async function writeHeartbeat(): Promise<void> {
      if (mode === 'none' || closed) return;
      const all = await policies.allDocs({ include_docs: true });
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
        const res = await hbTarget.put(doc as unknown as PouchDB.Doc);
        hbRev = res.rev;
        stats.heartbeats++;
      } catch (error) {
        stats.heartbeatFailures++;
        stats.lastError = describe(error);
        if ((error as { status?: number }).status === 409) {
          hbRev = await hbTarget.get(heartbeatId(stationId)).then(
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
      if (mode === 'none' || soon || closed) return;
      soon = setTimeout(() => {
        soon = undefined;
        void heartbeat();
      }, 1000);
      station.timers.push(soon);
    }
    if (mode !== 'none') {
      await heartbeat();
      if (heartbeatMs > 0) {
        // Spread the stations' heartbeats over the interval, as independent kiosks are.
        const first = setTimeout(
          () => {
            void heartbeat();
            const every = setInterval(() => void heartbeat(), heartbeatMs);
            station.timers.push(every);
          },
          Math.floor(Math.random() * heartbeatMs),
        );
        station.timers.push(first);
      }
    }

    const probeMs = options.probeMs ?? 5000;
    if (probeMs > 0) {
      // The agent asks its station database directly whether the hub answers (kiosk/src/sync.ts).
      const url = `${credentials.couchUrl}/${stationDbName(stationId)}`;
      const authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
      const probe = async () => {
        try {
          const res = await fetch(url, { headers: { authorization }, signal: AbortSignal.timeout(3000) });
          await res.body?.cancel();
          if (!res.ok) stats.probeFailures++;
        } catch {
          stats.probeFailures++;
        }
      };
      const first = setTimeout(
        () => {
          void probe();
          station.timers.push(setInterval(() => void probe(), probeMs));
        },
        Math.floor(Math.random() * probeMs),
      );
      station.timers.push(first);
    }

    if (options.socket) {
      // A station signs in to the hub's socket.io with its kiosk credentials, as the agent does.
      const socket = connectSocket(options.hubUrl, {
        transports: ['websocket'],
        reconnectionDelayMax: 30_000,
        auth: { username: credentials.username, password: credentials.password },
      });
      socket.onAny((event: string, payload: unknown) => {
        const at = wallNow();
        for (const l of socketListeners.get(event) ?? []) l({ station: index, at, payload });
        if (pullOnAnnounce && (event === 'policy-published' || event === 'policy-withdrawn')) {
          const once = policies.replicate.from(remotePolicies, { batch_size: 100 });
          quiet(once);
        }
      });
      station.socket = socket;
    }

    await withTimeout(Promise.all(caughtUp), readyTimeoutMs, `station ${stationId} did not catch up`);
    return station;
  }

  function noteError(error: unknown) {
    stats.replicationErrors++;
    stats.lastError = describe(error);
  }

  const concurrency = options.startConcurrency ?? 50;
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, options.stations.length) }, async () => {
        while (next < options.stations.length) {
          const i = next++;
          stations[i] = await startStation(i, options.stations[i] as SimStationSpec);
        }
      }),
    );
  } catch (error) {
    await closeAll();
    throw error;
  }
  if (options.socket) {
    await withTimeout(
      (async () => {
        while (stations.some((s) => !s.socket?.connected)) await sleep(50);
      })(),
      readyTimeoutMs,
      'station sockets did not connect',
    ).catch(async (error) => {
      await closeAll();
      throw error;
    });
  }

  async function closeAll(): Promise<void> {
    if (closed) return;
    closed = true;
    setTimeout(() => process.off('unhandledRejection', onStray), 30_000).unref();
    for (const s of stations.filter(Boolean)) {
      for (const t of s.timers) clearTimeout(t);
      for (const h of s.handles) h.cancel();
      s.socket?.close();
    }
    await sleep(50);
    await Promise.allSettled(
      stations.filter(Boolean).flatMap((s) => [s.policies.close(), ...(s.local ? [s.local.close()] : [])]),
    );
  }

  return {
    stationIds: options.stations.map((s) => s.credentials.stationId),
    async waitForPolicy(policyId, version, timeoutMs) {
      const key = `${policyId}@${version}`;
      const total = stations.length;
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
    socketsConnected: () => stations.filter((s) => s.socket?.connected).length,
    setPullOnAnnounce(on) {
      pullOnAnnounce = on;
    },
    stats: () => ({ ...stats }),
    close: closeAll,
  };
}

/** Resolves on the first 'paused' without an error (the replication caught up). */
function firstPause(handle: unknown): Promise<void> {
  const emitter = handle as EventEmitter;
  return new Promise((resolvePromise) => {
    const onPaused = (error: unknown) => {
      if (error) return;
      emitter.off('paused', onPaused);
      resolvePromise();
    };
    emitter.on('paused', onPaused);
  });
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
