/**
 * The embedded store: PouchDB (LevelDB on disk) in the hub's own process, behind the same
 * `CouchClient` interface as Apache CouchDB. The hub's services call it directly; stations reach
 * it only through the `/couch` gateway (`gateway.ts`), which serves the replication requests of
 * each kiosk and nothing else.
 *
 * - Databases exist only when the hub created them (`ensureDatabases`, `ensureStationDb`) or found
 *   them on disk at start: reading an unknown name answers 404 and never creates it.
 * - Every write made through the store or the gateway wakes, in-process, the follower and the
 *   long-polls waiting on that database (one set of waiters per database, nothing else woken).
 * - Kiosk accounts live in the hub's users database as `kiosk:{stationId}` with a salted
 *   HMAC-SHA256 of the password: the password is 192 random bits chosen by the hub, so a slow
 *   hash would add cost to every replication request without adding strength.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { HubDb, isStationId, stationDbName } from '@xz/shared/ids';
import PouchDB from 'pouchdb';
import {
  type ChangesPage,
  type CouchClient,
  type DbUpdate,
  type DocStore,
  HUB_ONLY_DBS,
  type KioskAccounts,
  type ListParams,
  type ListResult,
  statusOf,
  type WriteResult,
} from './client.ts';
import { hubWriteProblem } from './station-writes.ts';
import { kioskUserName } from './validate-docs.ts';

/** Where the gateway is mounted in the hub. */
export const COUCH_PREFIX = '/couch';

/** Names the embedded store keeps (anything else found in its folder is left alone). */
const DB_NAME = /^xz-[a-z0-9-]+$/;

export interface EmbeddedCouchOptions {
  /** Hub data directory; the databases go to `<dataDir>/couch/`. */
  dataDir: string;
  /** URL stations replicate with (`http://host:port/couch`); set once the hub listens. */
  publicUrl?: string;
}

export interface EmbeddedCouch extends CouchClient {
  readonly kind: 'embedded';
  /** Directory holding the LevelDB databases. */
  readonly storeDir: string;
  /** Sets the URL stations replicate with (known once the hub listens). */
  setPublicUrl(url: string): void;
  /** The database, if the hub created it; never creates one. */
  database(name: string): PouchDB.Database | undefined;
  /** Something was written to `name`: wakes its long-polls and the follower. */
  changed(name: string): void;
  /** How many writes `name` has seen in this process (a read started under count c sees them all). */
  changeCount(name: string): number;
  /**
   * Resolves when `name` changes, after `ms`, or when `signal` aborts, whichever comes first; at
   * once when it changed since `seen` (a count read before the caller's last read), so a write
   * between that read and this wait is never missed.
   */
  waitForChange(name: string, ms: number, signal: AbortSignal, seen?: number): Promise<void>;
  /** Listens to kiosk revocations (open feeds of that station end at once). */
  onKioskRevoked(listener: (stationId: string) => void): () => void;
}

interface KioskAccountDoc {
  _id: string;
  _rev?: string;
  type: 'kiosk-account';
  stationId: string;
  username: string;
  salt: string;
  hash: string;
  createdAt: number;
}

const kioskAccountId = (stationId: string) => `kiosk:${stationId}`;
const hmac = (salt: string, password: string) => createHmac('sha256', salt).update(password, 'utf8').digest();

function notFound(name: string): Error {
  return Object.assign(new Error(`Database ${name} does not exist.`), {
    status: 404,
    name: 'not_found',
    reason: 'Database does not exist.',
  });
}

export async function startEmbeddedCouch(options: EmbeddedCouchOptions): Promise<EmbeddedCouch> {
  const storeDir = path.join(options.dataDir, 'couch');
  await mkdir(storeDir, { recursive: true });
  const Pouch = PouchDB.defaults({ prefix: `${storeDir}${path.sep}` });
  const known = new Set(
    (await readdir(storeDir, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && DB_NAME.test(entry.name))
      .map((entry) => entry.name),
  );
  const open = new Map<string, PouchDB.Database>();
  const updates = new EventEmitter();
  updates.setMaxListeners(0);
  const waiters = new Map<string, Set<() => void>>();
  const counts = new Map<string, number>();
  const revoked = new EventEmitter();
  revoked.setMaxListeners(0);
  let publicUrl = options.publicUrl ?? '';
  let closed = false;

  function database(name: string): PouchDB.Database | undefined {
    if (!known.has(name) || closed) return undefined;
    let db = open.get(name);
    if (db === undefined) {
      db = new Pouch(name);
      open.set(name, db);
    }
    return db;
  }

  function existing(name: string): PouchDB.Database {
    const db = database(name);
    if (db === undefined) throw notFound(name);
    return db;
  }

  function changed(name: string, type: DbUpdate['type'] = 'updated'): void {
    counts.set(name, (counts.get(name) ?? 0) + 1);
    const set = waiters.get(name);
    if (set !== undefined) {
      waiters.delete(name);
      for (const wake of set) wake();
    }
    updates.emit('update', { dbName: name, type } satisfies DbUpdate);
  }

  async function create(name: string): Promise<void> {
    if (known.has(name)) return;
    known.add(name);
    await existing(name).info();
    changed(name, 'created');
  }

  /** Errors carry `statusCode` as nano's do, so callers read both stores' failures alike. */
  const withStatus = (error: unknown): never => {
    const e = error as { status?: number; statusCode?: number };
    if (e && typeof e === 'object' && typeof e.status === 'number' && e.statusCode === undefined) {
      e.statusCode = e.status;
    }
    throw error;
  };

  function docStore<T extends object>(name: string): DocStore<T> {
    const store = plainDocStore<T>(name);
    return {
      get: (id) => store.get(id).catch(withStatus),
      insert: (doc) => store.insert(doc).catch(withStatus),
      destroy: (id, rev) => store.destroy(id, rev).catch(withStatus),
      list: (params) => store.list(params).catch(withStatus),
      insertMany: (docs) => store.insertMany(docs).catch(withStatus),
    };
  }

  function plainDocStore<T extends object>(name: string): DocStore<T> {
    return {
      async get(id) {
        return (await existing(name).get(id)) as never;
      },
      async insert(doc) {
        const d = doc as PouchDB.Doc;
        const db = existing(name);
        const problem = hubWriteProblem(d);
        if (problem !== null) {
          throw Object.assign(new Error(problem), { status: 403, name: 'forbidden', reason: problem });
        }
        const res =
          typeof d._id === 'string'
            ? await db.put(d)
            : await (
                db as unknown as { post(doc: unknown): Promise<{ ok: boolean; id: string; rev: string }> }
              ).post(d);
        changed(name);
        return res;
      },
      async destroy(id, rev) {
        const res = await (
          existing(name) as unknown as {
            remove(id: string, rev: string): Promise<{ ok: boolean; id: string; rev: string }>;
          }
        ).remove(id, rev);
        changed(name);
        return res;
      },
      async list(params: ListParams = {}) {
        return (await existing(name).allDocs({ ...params })) as unknown as ListResult<T>;
      },
      async insertMany(docs) {
        const db = existing(name);
        const results: WriteResult[] = new Array(docs.length);
        const accepted: Array<{ index: number; doc: PouchDB.Doc }> = [];
        docs.forEach((doc, index) => {
          const d = doc as PouchDB.Doc;
          const problem = hubWriteProblem(d);
          if (problem === null) accepted.push({ index, doc: d });
          else results[index] = { id: String(d._id), error: 'forbidden', reason: problem };
        });
        if (accepted.length === 0) return results;
        const written = (await db.bulkDocs(accepted.map((a) => a.doc))) as Array<{
          id?: string;
          rev?: string;
          error?: boolean | string;
          name?: string;
          message?: string;
        }>;
        accepted.forEach(({ index, doc }, i) => {
          const r = written[i];
          results[index] =
            r?.rev && !r.error
              ? { id: String(doc._id), rev: r.rev }
              : { id: String(doc._id), error: r?.name ?? 'conflict', reason: r?.message ?? 'not stored' };
        });
        changed(name);
        return results;
      },
    };
  }

  const accountCache = new Map<string, KioskAccountDoc | null>();
  const accounts = () => docStore<KioskAccountDoc>(HubDb.Users);

  /** Accounts are cached once found (at most one per station); a miss is read again each time. */
  async function account(stationId: string): Promise<KioskAccountDoc | null> {
    const cached = accountCache.get(stationId);
    if (cached) return cached;
    try {
      const doc = await accounts().get(kioskAccountId(stationId));
      if (!accountCache.has(stationId)) accountCache.set(stationId, doc);
      return doc;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      return null;
    }
  }

  const kioskAccounts: KioskAccounts = {
    async put(stationId, password) {
      const salt = randomBytes(16).toString('base64url');
      const doc: KioskAccountDoc = {
        _id: kioskAccountId(stationId),
        type: 'kiosk-account',
        stationId,
        username: kioskUserName(stationId),
        salt,
        hash: hmac(salt, password).toString('base64url'),
        createdAt: Date.now(),
      };
      accountCache.delete(stationId);
      try {
        doc._rev = (await accounts().get(doc._id))._rev;
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
      try {
        await accounts().insert(doc);
      } finally {
        accountCache.delete(stationId);
      }
      // A new password ends the feeds opened with the old one.
      revoked.emit('revoked', stationId);
    },
    async remove(stationId) {
      accountCache.set(stationId, null);
      try {
        const current = await accounts().get(kioskAccountId(stationId));
        await accounts().destroy(current._id, current._rev);
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      } finally {
        accountCache.delete(stationId);
      }
      revoked.emit('revoked', stationId);
    },
    async verify(username, password) {
      if (!username.startsWith('kiosk-')) return null;
      const stationId = username.slice('kiosk-'.length);
      if (!isStationId(stationId)) return null;
      const doc = await account(stationId);
      if (doc === null || doc.username !== username) return null;
      const expected = Buffer.from(doc.hash, 'base64url');
      const given = hmac(doc.salt, password);
      return expected.length === given.length && timingSafeEqual(expected, given) ? { stationId } : null;
    },
  };

  return {
    kind: 'embedded',
    storeDir,
    get url() {
      return storeDir;
    },
    get publicUrl() {
      return publicUrl;
    },
    setPublicUrl(url) {
      publicUrl = url.replace(/\/+$/, '');
    },
    db: docStore,
    async ensureDatabases() {
      await create(HubDb.Policies);
      for (const name of HUB_ONLY_DBS) await create(name);
    },
    async ensureStationDb(stationId) {
      await create(stationDbName(stationId));
    },
    async listDbs() {
      return [...known].sort();
    },
    async changes(dbName, { since, limit, includeDocs }) {
      return (await existing(dbName).changes({
        since,
        limit,
        include_docs: includeDocs === true,
      })) as ChangesPage;
    },
    watch(watcher) {
      const listener = (update: DbUpdate) => watcher.onUpdate(update);
      updates.on('update', listener);
      return () => updates.off('update', listener);
    },
    kioskAccounts,
    async ping() {
      if (closed) throw new Error('the embedded store is closed');
      return { vendor: { name: 'Xiaozhan embedded store (PouchDB)' } };
    },
    database,
    changed: (name) => changed(name),
    changeCount: (name) => counts.get(name) ?? 0,
    waitForChange(name, ms, signal, seen) {
      return new Promise<void>((resolve) => {
        if (signal.aborted || (seen !== undefined && (counts.get(name) ?? 0) !== seen)) return resolve();
        let set = waiters.get(name);
        if (set === undefined) {
          set = new Set();
          waiters.set(name, set);
        }
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          waiters.get(name)?.delete(done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done);
        set.add(done);
      });
    },
    onKioskRevoked(listener) {
      revoked.on('revoked', listener);
      return () => revoked.off('revoked', listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const set of waiters.values()) for (const wake of set) wake();
      waiters.clear();
      updates.removeAllListeners();
      const dbs = [...open.values()];
      open.clear();
      await Promise.allSettled(dbs.map((db) => db.close()));
    },
  };
}
