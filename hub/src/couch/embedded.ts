/**
 * The embedded CouchDB-protocol server: express-pouchdb (PouchDB on LevelDB) mounted inside the
 * hub's Fastify instance at `/couch`, so stations replicate with `http://host:port/couch/<db>`.
 *
 * express-pouchdb 4.2 runs in `fullCouchDB` mode with authentication, `_security` and
 * `validate_doc_update` on, and a server admin configured (without one every caller is admin).
 * A guard in front of it closes the gaps it has compared with Apache CouchDB 3:
 * - creating or deleting a database as a non-admin crashes express-pouchdb (it calls `.info()` on
 *   the rejected promise), so only the server admin may `PUT`/`DELETE /<db>`;
 * - `_security` is stored as the document `_local/_security`, which any member could overwrite:
 *   that path is closed for everybody (admins use `/<db>/_security`);
 * - `_users` is writable by anonymous callers (self sign-up) and `_all_dbs` lists every station:
 *   both are admin-only here, as in CouchDB 3;
 * - `_changes?feed=continuous` never stops its heartbeat timer nor its feed when the client goes
 *   away, so it is refused (PouchDB replication uses `longpoll`);
 * - `_db_updates` is not implemented by express-pouchdb (400): the guard serves it from the
 *   in-process change notifications (see `DbUpdatesLog`).
 * Compression is left out: express-pouchdb's `compression` middleware buffers `_changes` heartbeats
 * and then writes headers twice, which crashed the process.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type PouchDBType from 'pouchdb';
import { DbUpdatesLog } from './db-updates-log.ts';

const require = createRequire(import.meta.url);

/** Where express-pouchdb is mounted in the hub. */
export const COUCH_PREFIX = '/couch';

/** Largest request body the embedded server accepts (CouchDB's default max_document_size). */
const MAX_DOCUMENT_BYTES = 8_000_000;

export interface EmbeddedCouchOptions {
  /** Hub data directory; the databases go to `<dataDir>/couch/`. */
  dataDir: string;
  /** Server admin name (default `xz-admin`). */
  adminUser?: string;
  /** Server admin password; when absent it is read from, or generated into, `<dataDir>/couch-admin.json` (0600). */
  adminPassword?: string;
}

export interface EmbeddedCouch {
  adminUser: string;
  adminPassword: string;
  /** Directory holding the LevelDB databases, config.json and log.txt. */
  storeDir: string;
  /** Database updates seen by the server (also served as `/couch/_db_updates`). */
  updates: DbUpdatesLog;
  /** Mounts the server on `app` at `/couch`; call before `app.listen`. `@fastify/middie` must be registered. */
  mount(app: FastifyInstance): void;
  /** Closes every open database. */
  close(): Promise<void>;
}

interface AdminSecret {
  user: string;
  password: string;
}

type Next = (error?: unknown) => void;
type Middleware = (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, next: Next) => void;

/** Reads the embedded server's admin secret from the data dir, creating it (mode 0600) on first start. */
export async function loadAdminSecret(dataDir: string, wanted?: Partial<AdminSecret>): Promise<AdminSecret> {
  const file = path.join(dataDir, 'couch-admin.json');
  let stored: AdminSecret | undefined;
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<AdminSecret>;
    if (typeof parsed.user === 'string' && typeof parsed.password === 'string') {
      stored = { user: parsed.user, password: parsed.password };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret: AdminSecret = {
    user: wanted?.user ?? stored?.user ?? 'xz-admin',
    password: wanted?.password ?? stored?.password ?? randomBytes(24).toString('base64url'),
  };
  if (stored?.user !== secret.user || stored?.password !== secret.password) {
    await writeFile(file, `${JSON.stringify(secret)}\n`, { mode: 0o600 });
  }
  return secret;
}

/** Prepares the embedded server (databases on disk, admin configured); `mount` attaches it to Fastify. */
export async function startEmbeddedCouch(options: EmbeddedCouchOptions): Promise<EmbeddedCouch> {
  const storeDir = path.join(options.dataDir, 'couch');
  await mkdir(storeDir, { recursive: true });
  const secret = await loadAdminSecret(options.dataDir, {
    user: options.adminUser,
    password: options.adminPassword,
  });

  // express-pouchdb hashes plain admin passwords found in its config file on load; the file is
  // rewritten on every start so a changed secret takes effect.
  const configPath = path.join(storeDir, 'config.json');
  const config = {
    admins: { [secret.user]: secret.password },
    couchdb: { max_document_size: MAX_DOCUMENT_BYTES },
    log: { file: path.join(storeDir, 'log.txt'), level: 'warning' },
  };
  await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });

  const PouchDB = isolatedPouchDB().defaults({ prefix: `${storeDir}${path.sep}` });
  const expressPouchDB = require('express-pouchdb') as typeof import('express-pouchdb').default;
  const server = expressPouchDB(PouchDB, {
    mode: 'fullCouchDB',
    configPath,
    logPath: path.join(storeDir, 'log.txt'),
    overrideMode: {
      // compression: breaks _changes heartbeats; fauxton: a web UI; replicate/replicator: would let
      // any member make the server fetch arbitrary URLs.
      exclude: ['compression', 'routes/fauxton', 'routes/replicate', 'replicator', 'routes/active-tasks'],
    },
  });

  const updates = new DbUpdatesLog();
  const watched = new Map<string, { cancel(): void }>();
  // Every database express-pouchdb opens passes through its wrappers once: watch its changes
  // in-process to feed _db_updates (local _changes listeners, no HTTP involved).
  server.dbWrapper.registerWrapper((name, db, next) => {
    keepReplicatedRevisions(db);
    if (!watched.has(name)) {
      const feed = (
        db.changes as unknown as (o: Record<string, unknown>) => {
          on(e: string, f: () => void): unknown;
          cancel(): void;
        }
      )({ live: true, since: 'now', return_docs: false });
      feed.on('change', () => updates.record(name, 'updated'));
      feed.on('error', () => watched.delete(name));
      watched.set(name, feed);
    }
    return next();
  });
  const onCreated = (name: unknown) => updates.record(String(name), 'created');
  const onDestroyed = (name: unknown) => {
    updates.record(String(name), 'deleted');
    watched.get(String(name))?.cancel();
    watched.delete(String(name));
  };
  PouchDB.on('created', onCreated);
  PouchDB.on('destroyed', onDestroyed);

  const isAdmin = adminCheck(secret);
  const guard = createGuard(isAdmin, updates);

  return {
    adminUser: secret.user,
    adminPassword: secret.password,
    storeDir,
    updates,
    mount(app) {
      app.use(COUCH_PREFIX, guard as never);
      app.use(COUCH_PREFIX, ((req, res, next) => {
        // express-pouchdb derives raw paths from `originalUrl`; middie leaves the prefix in it.
        const original = req.originalUrl;
        req.originalUrl = req.url;
        server(req, res, (error?: unknown) => {
          req.originalUrl = original;
          next(error);
        });
      }) satisfies Middleware as never);
    },
    async close() {
      for (const feed of watched.values()) feed.cancel();
      watched.clear();
      updates.close();
      PouchDB.removeListener('created', onCreated);
      PouchDB.removeListener('destroyed', onDestroyed);
      // Close every LevelDB store this instance opened, including the ones express-pouchdb keeps
      // privately (database list, _users): closing any handle of a store closes the store.
      const cache = (PouchDB as unknown as { __dbCacheMap?: Map<string, PouchDBType.Database> }).__dbCacheMap;
      const open = cache ? [...cache.values()] : [];
      cache?.clear();
      await Promise.allSettled(open.map((db) => db.close()));
      const listed = await (PouchDB as unknown as { allDbs(): Promise<string[]> }).allDbs().catch(() => []);
      for (const name of new Set([...listed, '_users', 'pouch__all_dbs__'])) {
        await new PouchDB(name).close().catch(() => {});
      }
    },
  };
}

type WrapperHandler = (original: () => Promise<unknown>, args: WrapperArgs) => Promise<unknown>;
interface WrapperArgs {
  docs?: Array<Record<string, unknown>>;
  doc?: Record<string, unknown>;
  options?: { new_edits?: boolean };
}

/**
 * pouchdb-validation 4.2 overwrites `newDoc._revisions` with the *stored* document's revisions
 * before running `validate_doc_update`. With `new_edits: false` (every replication) that turns an
 * update into a no-op: the new revision is silently dropped. This puts a handler in front of it
 * (first in the wrapper chain) that pins each incoming document's `_revisions`.
 */
function keepReplicatedRevisions(db: PouchDBType.Database): void {
  const pin: WrapperHandler = (original, args) => {
    if (args.options?.new_edits === false) {
      for (const doc of args.docs ?? (args.doc ? [args.doc] : [])) {
        if (doc === null || typeof doc !== 'object' || !('_revisions' in doc)) continue;
        const revisions = doc._revisions;
        Object.defineProperty(doc, '_revisions', {
          configurable: true,
          enumerable: true,
          get: () => revisions,
          set: () => {},
        });
      }
    }
    return original();
  };
  for (const method of ['bulkDocs', 'put'] as const) {
    const wrapped = (db as unknown as Record<string, { _handlers?: WrapperHandler[] }>)[method];
    if (!Array.isArray(wrapped?._handlers)) {
      throw new Error(`express-pouchdb did not wrap ${method}: cannot keep replicated revisions`);
    }
    wrapped._handlers.unshift(pin);
  }
}

/**
 * A PouchDB class of its own: PouchDB 9 shares one event emitter (`created`, `destroyed`) across
 * every `defaults()` class of a module copy, and express-pouchdb never removes its listeners, so a
 * second embedded server in the same process (a restart in tests) would race the first one's
 * database list. A fresh module copy per server keeps them apart.
 */
function isolatedPouchDB(): typeof PouchDBType {
  const main = require.resolve('pouchdb');
  delete require.cache[main];
  const fresh = require('pouchdb') as typeof PouchDBType;
  delete require.cache[main];
  return fresh;
}

function adminCheck(secret: AdminSecret): (req: IncomingMessage) => boolean {
  const expected = Buffer.from(`${secret.user}:${secret.password}`);
  return (req) => {
    const header = req.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Basic ')) return false;
    const given = Buffer.from(header.slice(6).trim(), 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const DB_PATH = /^\/([^/_][^/]*)\/?$/;
const LOCAL_SECURITY = /^\/[^/]+\/_local(\/|%2F)_security\/?$/i;
const USERS_PATH = /^\/_users(\/|$)/;
const CONTINUOUS = /(^|&)feed=(continuous|eventsource)(&|$)/;

function createGuard(isAdmin: (req: IncomingMessage) => boolean, updates: DbUpdatesLog): Middleware {
  return (req, res, next) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    const query = q === -1 ? '' : url.slice(q + 1);
    const method = req.method ?? 'GET';
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_DOCUMENT_BYTES) {
      sendJson(res, 413, { error: 'too_large', reason: 'the request entity is too large' });
      return;
    }
    if (LOCAL_SECURITY.test(pathname)) {
      sendJson(res, 403, { error: 'forbidden', reason: 'use /{db}/_security' });
      return;
    }
    const adminOnly =
      ((method === 'PUT' || method === 'DELETE') && DB_PATH.test(pathname)) ||
      (method !== 'GET' && method !== 'HEAD' && USERS_PATH.test(pathname)) ||
      pathname === '/_all_dbs' ||
      pathname === '/_db_updates' ||
      pathname.startsWith('/_config') ||
      pathname === '/_log' ||
      pathname === '/_restart';
    if (adminOnly && !isAdmin(req)) {
      sendJson(res, 401, { error: 'unauthorized', reason: 'You are not a server admin.' });
      return;
    }
    if (pathname.endsWith('/_changes') && CONTINUOUS.test(query)) {
      sendJson(res, 400, {
        error: 'bad_request',
        reason: 'feed=continuous is not supported here; use feed=longpoll',
      });
      return;
    }
    if (pathname === '/_db_updates') {
      if (method !== 'GET') {
        sendJson(res, 405, { error: 'method_not_allowed', reason: 'Only GET allowed' });
        return;
      }
      serveDbUpdates(new URLSearchParams(query), req, res, updates);
      return;
    }
    next();
  };
}

function serveDbUpdates(
  params: URLSearchParams,
  req: IncomingMessage,
  res: ServerResponse,
  updates: DbUpdatesLog,
): void {
  const feed = params.get('feed') ?? 'normal';
  const since = params.get('since') ?? 'now';
  const timeout = Math.min(Math.max(Number(params.get('timeout') ?? 60_000) || 60_000, 0), 300_000);
  if (feed !== 'normal' && feed !== 'longpoll') {
    sendJson(res, 400, { error: 'bad_request', reason: 'feed must be normal or longpoll' });
    return;
  }
  const read = updates.since(since);
  if (read === null) {
    sendJson(res, 400, { error: 'bad_request', reason: 'since_too_old' });
    return;
  }
  if (feed === 'normal' || read.results.length > 0) {
    sendJson(res, 200, read);
    return;
  }
  const stop = updates.wait(read.last_seq, timeout, (result) => sendJson(res, 200, result));
  req.on('close', stop);
}
