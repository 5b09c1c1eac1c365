/**
 * The hub as its own process for the station simulator and the hub benchmarks: the same
 * `buildHub` and environment as `hub/src/server.ts` (HUB_PORT, HUB_HOST, XZ_HUB_DATA_DIR,
 * COUCHDB_URL, XZ_ADMIN_PASSWORD), plus a control channel over the IPC pipe of `child_process.fork`
 * so a benchmark can ask the hub to emit a socket.io event and read its live station view, and
 * make its privileged set-up writes in the hub's own process, through the hub's `CouchClient` and
 * kiosk accounts (the hub has no admin over HTTP; nothing else may open its store while it runs).
 *
 * Messages in (`HubControlRequest`): emit, stations, requests, enrolment-codes (one-time codes,
 * as an operator creates them), enrol (codes created and redeemed here, as `POST /api/enrol`
 * does, for more stations than that route's rate limit lets through in a benchmark), insert (a
 * document written by the hub, e.g. a published policy), doc-count, close. Messages out: `ready`
 * once listening, then one `reply` per request. The process closes the hub when asked, on
 * SIGTERM/SIGINT, or when its parent goes away (the IPC pipe closes).
 */
import type { IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import { buildHub, type Hub } from '@xz/hub/app';
import { readHubEnv } from '@xz/hub/config';
import type { EnrolmentCode, KioskCredentials } from '@xz/hub/couch/kiosk-users';

export type HubControlRequest =
  | { id: number; type: 'emit'; event: string; payload: unknown }
  | { id: number; type: 'stations' }
  /** Requests served since the last `requests` call, by method and path shape, and connections opened (then reset). */
  | { id: number; type: 'requests' }
  /** One-time enrolment codes for these stations (replies `EnrolmentCode[]`). */
  | { id: number; type: 'enrolment-codes'; stationIds: string[] }
  /** Enrols these stations, `concurrency` at a time: a code each, redeemed (replies `KioskCredentials[]`). */
  | { id: number; type: 'enrol'; stationIds: string[]; concurrency: number }
  /** Writes a document through the hub's store (replies its new rev). */
  | { id: number; type: 'insert'; db: string; doc: Record<string, unknown> }
  /** Documents in a database (replies a number, or null when it does not exist). */
  | { id: number; type: 'doc-count'; db: string }
  | { id: number; type: 'close' };

export type HubControlMessage =
  | { type: 'ready'; url: string; pid: number; dataDir: string; socketIo: boolean }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }
  | { type: 'failed'; error: string };

interface SocketServerLike {
  emit(event: string, payload: unknown): boolean;
  engine: { clientsCount: number };
}

function send(message: HubControlMessage): void {
  if (process.connected) process.send?.(message);
}

/** `/couch/xz-station-st-1/_local/abc?x` → `/couch/{station}/_local/{id}`. */
function shapeOf(url: string): string {
  const path = url.split('?')[0] ?? '/';
  return path
    .replace(/\/xz-station-[a-z0-9-]+/, '/{station}')
    .replace(/\/(_local|_design)\/[^/]+/, '/$1/{id}')
    .replace(/^(\/couch\/[^/_][^/]*\/)(?!_)[^/]+$/, '$1{doc}')
    .replace(/^\/socket\.io\/.*/, '/socket.io/');
}

/** Wall-clock milliseconds with sub-millisecond precision (comparable across processes). */
const wallNow = () => performance.timeOrigin + performance.now();

async function main(): Promise<void> {
  if (!process.send) throw new Error('hub-process must be started with child_process.fork (IPC channel)');
  const env = readHubEnv();
  const hub: Hub = await buildHub({
    dataDir: env.dataDir,
    port: env.port,
    host: env.host,
    couchUrl: env.couchUrl,
    adminPassword: env.adminPassword,
    publicUrl: env.publicUrl,
    logger: process.env.XZ_HUB_LOG === '1',
  });
  const io = (hub.app as unknown as { policyIo?: SocketServerLike }).policyIo;
  let requests = new Map<string, number>();
  hub.app.server.on('request', (req: IncomingMessage) => {
    const key = `${req.method} ${shapeOf(req.url ?? '/')}`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
  });
  // Connections opened, counted apart from the requests (key `connections`).
  hub.app.server.on('connection', () => {
    requests.set('connections', (requests.get('connections') ?? 0) + 1);
  });

  let closing: Promise<void> | undefined;
  const close = (code: number) => {
    closing ??= hub.close().then(
      () => process.exit(code),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
    return closing;
  };
  process.on('SIGTERM', () => void close(0));
  process.on('SIGINT', () => void close(0));
  process.on('disconnect', () => void close(0));

  /** What `POST /api/enrol` does with a code, without its per-address rate limit. */
  async function enrol(stationIds: readonly string[], concurrency: number): Promise<KioskCredentials[]> {
    const out: KioskCredentials[] = new Array(stationIds.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(concurrency, stationIds.length)) }, async () => {
        while (next < stationIds.length) {
          const i = next++;
          const code: EnrolmentCode = await hub.kioskUsers.createEnrolmentCode(stationIds[i] as string);
          const credentials = await hub.kioskUsers.redeemEnrolmentCode(code.code);
          hub.follower.touch(credentials.stationId);
          out[i] = credentials;
        }
      }),
    );
    return out;
  }

  async function docCount(db: string): Promise<number | null> {
    if (!(await hub.couch.listDbs()).includes(db)) return null;
    const page = await hub.couch.db(db).list({ limit: 0 });
    return page.total_rows ?? null;
  }

  process.on('message', (raw: HubControlRequest) => {
    const reply = (value: unknown) => send({ type: 'reply', id: raw.id, ok: true, value });
    const fail = (error: string) => send({ type: 'reply', id: raw.id, ok: false, error });
    const answer = (work: Promise<unknown>) =>
      void work.then(reply, (error: unknown) => fail(error instanceof Error ? error.message : String(error)));
    switch (raw.type) {
      case 'enrolment-codes':
        return answer(Promise.all(raw.stationIds.map((s) => hub.kioskUsers.createEnrolmentCode(s))));
      case 'enrol':
        return answer(enrol(raw.stationIds, raw.concurrency));
      case 'insert':
        return answer(
          hub.couch
            .db(raw.db)
            .insert(raw.doc)
            .then((res) => res.rev),
        );
      case 'doc-count':
        return answer(docCount(raw.db));
      case 'emit': {
        if (!io) return fail('this hub has no socket.io server');
        const at = wallNow();
        io.emit(raw.event, raw.payload);
        return reply({ at, clients: io.engine.clientsCount });
      }
      case 'stations': {
        const view = hub.follower.liveView();
        return reply({ known: view.length, online: view.filter((s) => s.online === 'online').length });
      }
      case 'requests': {
        const counted = Object.fromEntries([...requests].sort((a, b) => b[1] - a[1]));
        requests = new Map();
        return reply(counted);
      }
      case 'close':
        reply(null);
        void close(0);
        return;
      default: {
        const never: never = raw;
        return fail(`unknown request ${JSON.stringify(never)}`);
      }
    }
  });
  send({ type: 'ready', url: hub.url, pid: process.pid, dataDir: env.dataDir, socketIo: io !== undefined });
}

main().catch((error: unknown) => {
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
});
