/**
 * The hub's store: the same interface over the embedded engine (PouchDB in the hub's process,
 * `embedded.ts`) and over Apache CouchDB 3 (one admin client through nano, this file).
 *
 * The hub reads and writes its databases only through this interface, never over its own public
 * endpoint. Stations replicate with `publicUrl`: the hub's `/couch` gateway (embedded) or Apache
 * CouchDB itself, where `_security`, the generated `validate_doc_update` and one user per kiosk
 * (with a role per station, which only admins can grant) keep each kiosk to its own database.
 */
import { HubDb, stationDbName } from '@xz/shared/ids';
import nano from 'nano';
import {
  adminOnlyValidateSource,
  hubOnlySecurity,
  KIOSK_ROLE,
  kioskUserName,
  policiesSecurity,
  type SecurityObject,
  stationRole,
  stationSecurity,
  stationValidateSource,
  VALIDATE_DDOC_ID,
  validateDesignDoc,
} from './validate-docs.ts';

export type CouchKind = 'embedded' | 'external';

/** A stored document as read back: its id and revision are always there. */
export type Stored<T> = T & { _id: string; _rev: string };

export interface ListParams {
  include_docs?: boolean;
  startkey?: string;
  endkey?: string;
  keys?: string[];
  limit?: number;
  skip?: number;
  descending?: boolean;
  conflicts?: boolean;
}

export interface ListResult<T> {
  total_rows?: number;
  rows: Array<{ id: string; key: string; value: { rev: string; deleted?: boolean }; doc?: Stored<T> | null }>;
}

/** One database, as the hub's services use it (the subset of nano's document API they need). */
export interface DocStore<T extends object> {
  get(id: string): Promise<Stored<T>>;
  insert(doc: T): Promise<{ ok: boolean; id: string; rev: string }>;
  destroy(id: string, rev: string): Promise<{ ok: boolean; id: string; rev: string }>;
  list(params?: ListParams): Promise<ListResult<T>>;
  /** Writes several documents in one request; each is stored or refused on its own. */
  insertMany(docs: T[]): Promise<WriteResult[]>;
}

/** One document's outcome in `insertMany`: its new revision, or why it was not stored. */
export interface WriteResult {
  id: string;
  rev?: string;
  /** CouchDB's error name (`conflict`, `forbidden` …). */
  error?: string;
  reason?: string;
}

export interface ChangesPage {
  results: Array<{ id: string; seq: string | number; deleted?: boolean; doc?: Record<string, unknown> }>;
  /** Opaque: integers from the embedded engine, strings from Apache CouchDB. */
  last_seq: string | number;
}

export interface DbUpdate {
  dbName: string;
  type: 'created' | 'updated' | 'deleted';
}

export interface DbWatch {
  /** Called for each database that changed. */
  onUpdate(update: DbUpdate): void;
  /** Updates may have been missed (the feed failed and came back): rescan from the checkpoints. */
  onReset(): void;
}

/** The kiosk accounts: who may replicate a station's database. */
export interface KioskAccounts {
  /** Creates or replaces the account of the station's kiosk with this password. */
  put(stationId: string, password: string): Promise<void>;
  /** Removes the account; its credentials stop working at once. */
  remove(stationId: string): Promise<void>;
  /** The station of a kiosk account with this password, or null. */
  verify(username: string, password: string): Promise<{ stationId: string } | null>;
}

export interface CouchClient {
  readonly kind: CouchKind;
  /** Where the data is: the CouchDB URL without credentials, or the embedded store's folder. */
  readonly url: string;
  /** URL stations replicate with, without credentials. */
  readonly publicUrl: string;
  db<T extends object = Record<string, unknown>>(name: string): DocStore<T>;
  /** Creates (if missing) and secures the policies and hub-only databases. Idempotent. */
  ensureDatabases(): Promise<void>;
  /** Creates (if missing) and secures a station's database. Idempotent. */
  ensureStationDb(stationId: string): Promise<void>;
  /** Every database name. */
  listDbs(): Promise<string[]>;
  /** One page of a database's changes after `since` (oldest first). */
  changes(
    dbName: string,
    options: { since: string | number; limit: number; includeDocs?: boolean; signal?: AbortSignal },
  ): Promise<ChangesPage>;
  /** Follows which databases change; returns the function that stops following. */
  watch(watcher: DbWatch): () => void;
  readonly kioskAccounts: KioskAccounts;
  /** Answers when the store answers. */
  ping(): Promise<{ version?: string; vendor?: unknown }>;
  close(): Promise<void>;
}

/** The hub databases only the hub reads and writes. */
export const HUB_ONLY_DBS = [
  HubDb.Drafts,
  HubDb.Users,
  HubDb.Audit,
  HubDb.Cases,
  HubDb.Follow,
  HubDb.Reports,
] as const;

export function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: number; status?: number };
  return e?.statusCode ?? e?.status;
}

/** Removes credentials from a URL and the trailing slash. */
export function plainUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString().replace(/\/$/, '');
}

interface CouchUserDoc {
  _id: string;
  _rev?: string;
  type: 'user';
  name: string;
  roles: string[];
  password?: string;
}

const userDocId = (name: string) => `org.couchdb.user:${name}`;

export interface CouchDbClientOptions {
  /** Apache CouchDB 3 URL carrying the admin credentials (`http://admin:pw@couch:5984`). */
  url: string;
  /** Long-poll timeout of `_db_updates` in ms (default 25 s). */
  pollTimeoutMs?: number;
}

/** The hub's client of Apache CouchDB 3: one admin connection, through nano. */
export function createCouchDbClient(options: CouchDbClientOptions): CouchClient {
  const u = new URL(options.url);
  const adminUser = decodeURIComponent(u.username);
  const adminPassword = decodeURIComponent(u.password);
  if (!adminUser || !adminPassword) {
    throw new Error('COUCHDB_URL must carry the admin credentials (http://user:pw@host:5984)');
  }
  const url = plainUrl(options.url);
  const auth = `Basic ${Buffer.from(`${adminUser}:${adminPassword}`).toString('base64')}`;
  const server = nano({ url, parseUrl: false, headers: { Authorization: auth } } as never);
  const pollTimeoutMs = options.pollTimeoutMs ?? 25_000;
  const users = server.use<CouchUserDoc>('_users');

  async function createDb(name: string): Promise<void> {
    try {
      await server.db.create(name);
    } catch (error) {
      if (statusOf(error) !== 412) throw error;
    }
  }

  async function putSecurity(name: string, security: SecurityObject): Promise<void> {
    await server.request({ db: name, path: '_security', method: 'PUT', body: security });
  }

  async function putValidation(name: string, source: string): Promise<void> {
    const db = server.use<Record<string, unknown>>(name);
    let rev: string | undefined;
    try {
      const current = await db.get(VALIDATE_DDOC_ID);
      if (current.validate_doc_update === source) return;
      rev = current._rev;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    await db.insert({ ...validateDesignDoc(source), ...(rev ? { _rev: rev } : {}) });
  }

  async function secure(name: string, security: SecurityObject, source: string): Promise<void> {
    await createDb(name);
    await putSecurity(name, security);
    await putValidation(name, source);
  }

  const kioskAccounts: KioskAccounts = {
    async put(stationId, password) {
      const name = kioskUserName(stationId);
      const doc: CouchUserDoc = {
        _id: userDocId(name),
        type: 'user',
        name,
        roles: [KIOSK_ROLE, stationRole(stationId)],
        password,
      };
      for (let attempt = 0; ; attempt++) {
        try {
          doc._rev = (await users.get(doc._id))._rev;
        } catch (error) {
          if (statusOf(error) !== 404) throw error;
          delete doc._rev;
        }
        try {
          await users.insert(doc);
          return;
        } catch (error) {
          if (statusOf(error) !== 409 || attempt >= 3) throw error;
        }
      }
    },
    async remove(stationId) {
      const id = userDocId(kioskUserName(stationId));
      try {
        const current = await users.get(id);
        await users.destroy(id, current._rev as string);
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
      }
    },
    async verify(username, password) {
      // CouchDB checks the password; the station comes from the role only an admin can grant.
      const res = await fetch(`${url}/_session`, {
        headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) return null;
      const body = (await res.json()) as { userCtx?: { name?: string; roles?: string[] } };
      const name = body.userCtx?.name;
      if (typeof name !== 'string' || !name.startsWith('kiosk-')) return null;
      const stationId = name.slice('kiosk-'.length);
      return body.userCtx?.roles?.includes(stationRole(stationId)) ? { stationId } : null;
    },
  };

  return {
    kind: 'external',
    url,
    publicUrl: url,
    db: <T extends object>(name: string) => {
      const scope = server.use<T>(name);
      const insertMany = async (docs: T[]): Promise<WriteResult[]> =>
        (await scope.bulk({ docs })).map((r) => ({
          id: r.id,
          ...(r.rev ? { rev: r.rev } : {}),
          ...(r.error ? { error: r.error, reason: r.reason } : {}),
        }));
      return Object.assign(scope, { insertMany }) as unknown as DocStore<T>;
    },
    async ensureDatabases() {
      // The system databases a single-node CouchDB 3 needs (_global_changes feeds _db_updates).
      for (const name of ['_users', '_replicator', '_global_changes']) await createDb(name);
      const adminOnly = adminOnlyValidateSource();
      await secure(HubDb.Policies, policiesSecurity(), adminOnly);
      for (const name of HUB_ONLY_DBS) await secure(name, hubOnlySecurity(), adminOnly);
    },
    async ensureStationDb(stationId) {
      await secure(stationDbName(stationId), stationSecurity(stationId), stationValidateSource(stationId));
    },
    async listDbs() {
      return (await server.request({ path: '_all_dbs' })) as string[];
    },
    async changes(dbName, { since, limit, includeDocs, signal }) {
      return (await server.request({
        db: dbName,
        path: '_changes',
        qs: { since, limit, include_docs: includeDocs === true },
        signal,
      } as never)) as ChangesPage;
    },
    watch(watcher) {
      const controller = new AbortController();
      const { signal } = controller;
      const updatesSeq = async () =>
        (
          (await server.request({ path: '_db_updates', qs: { feed: 'normal', since: 'now' } })) as {
            last_seq: string;
          }
        ).last_seq;
      void (async () => {
        let since: string | undefined;
        let backoff = 500;
        while (!signal.aborted) {
          try {
            since ??= await updatesSeq();
            const res = (await server.request({
              path: '_db_updates',
              qs: { feed: 'longpoll', since, timeout: pollTimeoutMs },
              signal,
            } as never)) as { results: Array<{ db_name: string; type: string }>; last_seq: string };
            for (const update of res.results) {
              const type = update.type === 'created' || update.type === 'deleted' ? update.type : 'updated';
              watcher.onUpdate({ dbName: update.db_name, type });
            }
            since = res.last_seq ?? since;
            backoff = 500;
          } catch {
            if (signal.aborted) return;
            await new Promise((resolve) => setTimeout(resolve, backoff));
            backoff = Math.min(backoff * 2, 30_000);
            since = undefined;
            watcher.onReset();
          }
        }
      })();
      return () => controller.abort();
    },
    kioskAccounts,
    async ping() {
      return (await server.request({ path: '' })) as { version?: string; vendor?: unknown };
    },
    async close() {},
  };
}
