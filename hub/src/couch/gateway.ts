/**
 * The `/couch` gateway: the CouchDB replication protocol, served by the hub over its embedded store
 * to enrolled kiosks and to no one else.
 *
 * Every request is read once from its raw target (`access.ts`: decoded, normalised, parameters
 * allow-listed), its caller identified (a kiosk's Basic credentials, else anonymous), and checked
 * against the access rules before its body is read; anything not listed is refused with the hub's
 * error shape plus CouchDB's `error` name (401 anonymous, 403 no right, 400 unreadable, 413 too
 * large). Documents a kiosk writes are checked with the shared schemas (`station-writes.ts`).
 *
 * Long-polls on `_changes` wait on their database's in-process change notification (one set of
 * waiters per database, woken only by writes to it), send heartbeats when asked, answer after at
 * most a minute, and end at once when their kiosk is revoked or re-enrolled.
 */
import { defaultMessageOf, ErrorCode } from '@xz/shared/errors';
import { HubDb, parseStationDbName } from '@xz/shared/ids';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allowed, type CouchTarget, type Endpoint, type Identity, parseCouchRequest } from './access.ts';
import { statusOf } from './client.ts';
import { COUCH_PREFIX, type EmbeddedCouch } from './embedded.ts';
import { kioskWriteCheck, type StationWriteCheck } from './station-writes.ts';

/** Largest body per endpoint, checked on Content-Length before anything is read. */
const BODY_LIMITS: Readonly<Partial<Record<Endpoint, number>>> = {
  'bulk-docs': 4 * 1024 * 1024,
  'revs-diff': 1024 * 1024,
  'bulk-get': 1024 * 1024,
  'all-docs': 1024 * 1024,
  local: 64 * 1024,
};
const MAX_BODY = Math.max(...Object.values(BODY_LIMITS));
/** Longest a long-poll is held before it answers with no changes. */
const LONGPOLL_MAX_MS = 60_000;
/** Long-polls one kiosk may hold open at once (replication needs two). */
const OPEN_FEEDS_PER_KIOSK = 8;
/** Longest that kiosks' writes to their own databases wait for a policy to reach every kiosk. */
const POLICY_WAVE_MAX_MS = 3_000;
/** Checkpoints kept in memory (a few per station). */
const MAX_CHECKPOINTS = 20_000;
/** Documents per request body. */
const MAX_DOCS = 10_000;
/** Deepest nesting of a body's JSON (station documents nest a handful of levels). */
const MAX_DEPTH = 24;
const REV = /^([1-9]\d{0,8})-([0-9a-f]{1,64})$/;
const REV_HASH = /^[0-9a-f]{1,64}$/;
const MAX_REVISIONS = 1_000;

declare module 'fastify' {
  interface FastifyRequest {
    couch?: { identity: Identity; target: CouchTarget };
  }
}

const COUCH_ERROR: Readonly<Record<number, string>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  414: 'uri_too_long',
  429: 'too_many_requests',
};

const CODE_OF: Readonly<Record<number, ErrorCode>> = {
  400: ErrorCode.Validation,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  414: ErrorCode.Validation,
  429: ErrorCode.RateLimited,
};

/** A short, stable word for each refusal (the sentence is in `message`). */
const REASON_OF: Readonly<Record<number, string>> = {
  400: 'request',
  401: 'sign-in',
  403: 'not-allowed',
  404: 'not-found',
  409: 'conflict',
  413: 'too-large',
  429: 'too-many-feeds',
};

/** The hub's error shape, with CouchDB's `error` name so CouchDB clients read the failure right. */
function refusal(status: number, message: string) {
  const code = CODE_OF[status] ?? ErrorCode.Validation;
  return {
    code,
    message,
    messageZh: defaultMessageOf(code).zh,
    reason: REASON_OF[status] ?? 'request',
    error: COUCH_ERROR[status] ?? 'bad_request',
  };
}

function send(reply: FastifyReply, status: number, message: string): FastifyReply {
  const headers = reply.request.headers;
  // A refused request's body is not read: close the connection rather than drain it.
  const unread =
    reply.request.body === undefined &&
    ((headers['content-length'] ?? '0') !== '0' || headers['transfer-encoding'] !== undefined);
  if (unread) reply.header('connection', 'close');
  return reply.status(status).header('cache-control', 'no-store').send(refusal(status, message));
}

class Refused extends Error {
  constructor(
    readonly status: number,
    reason: string,
  ) {
    super(reason);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function readBasic(header: string | undefined): { username: string; password: string } | null | undefined {
  if (header === undefined) return undefined;
  const m = /^Basic ([A-Za-z0-9+/=]{1,1024})$/.exec(header.trim());
  if (m === null) return null;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return { username: text.slice(0, colon), password: text.slice(colon + 1) };
}

const bool = (v: string | undefined) => v === 'true';
const isSpecial = (id: string) => id.startsWith('_');

/** True when `value` nests deeper than `max` or holds a `__proto__` key (checked without deep recursion). */
function tooDeepOrPoisoned(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth > max) return true;
    for (const key of Object.keys(v)) {
      if (key === '__proto__') return true;
      stack.push([(v as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return false;
}

/** Why a document's CouchDB fields cannot be stored, or null (malformed revisions crash storage). */
function revisionProblem(doc: Record<string, unknown>, newEdits: boolean): string | null {
  const id = String(doc._id).slice(0, 80);
  if (doc._deleted !== undefined && typeof doc._deleted !== 'boolean')
    return `${id}: _deleted must be true or false`;
  if (doc._rev !== undefined && (typeof doc._rev !== 'string' || !REV.test(doc._rev))) {
    return `${id}: _rev must look like 1-abc…`;
  }
  if (!newEdits && doc._rev === undefined) return `${id}: new_edits:false needs a _rev`;
  if (doc._revisions === undefined) return null;
  if (newEdits) return `${id}: _revisions is only for new_edits:false`;
  const revisions = doc._revisions as { start?: unknown; ids?: unknown };
  const m = REV.exec(String(doc._rev));
  if (
    !isObject(revisions) ||
    Object.keys(revisions).some((k) => k !== 'start' && k !== 'ids') ||
    !Number.isInteger(revisions.start) ||
    !Array.isArray(revisions.ids) ||
    revisions.ids.length === 0 ||
    revisions.ids.length > MAX_REVISIONS ||
    (revisions.start as number) < revisions.ids.length ||
    revisions.ids.some((h) => typeof h !== 'string' || !REV_HASH.test(h)) ||
    m === null ||
    Number(m[1]) !== revisions.start ||
    m[2] !== revisions.ids[0]
  ) {
    return `${id}: _revisions must be {start, ids} matching _rev`;
  }
  return null;
}

export interface GatewayOptions {
  store: EmbeddedCouch;
}

/** Registers the gateway's routes (`/couch` and everything under it) on `app`. */
export async function couchGateway(app: FastifyInstance, { store }: GatewayOptions): Promise<void> {
  const checks = new Map<string, StationWriteCheck>();
  const checkFor = (stationId: string) => {
    let check = checks.get(stationId);
    if (check === undefined) {
      check = kioskWriteCheck(stationId);
      checks.set(stationId, check);
    }
    return check;
  };
  const feeds = new Map<string, Set<AbortController>>();
  /** Each database's information as of a write count (a probe is answered without reading the disk). */
  const infos = new Map<
    string,
    { count: number; info: { doc_count: number; update_seq: number | string } }
  >();
  async function cachedInfo(dbName: string, db: NonNullable<ReturnType<EmbeddedCouch['database']>>) {
    const count = store.changeCount(dbName);
    const known = infos.get(dbName);
    if (known !== undefined && known.count === count) return known.info;
    const info = await db.info();
    infos.set(dbName, { count, info });
    return info;
  }
  /** Reads in flight, by what they ask: a request asking the same joins it instead of reading again. */
  const inFlight = new Map<string, Promise<unknown>>();
  function shared<T>(key: string, read: () => Promise<T>): Promise<T> {
    const running = inFlight.get(key);
    if (running !== undefined) return running as Promise<T>;
    const started = read().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  }
  /**
   * Checkpoints (`_local` documents) by database and id, as last read or written here (null: none).
   * Only the gateway writes them (a kiosk's `_bulk_docs` may not hold one), so this copy is the
   * stored one; replication reads a checkpoint before every write of it.
   */
  const checkpoints = new Map<string, Record<string, unknown> | null>();
  const rememberCheckpoint = (key: string, doc: Record<string, unknown> | null) => {
    checkpoints.delete(key);
    checkpoints.set(key, doc);
    // Bounded: the oldest are read from the store again when asked.
    if (checkpoints.size > MAX_CHECKPOINTS) checkpoints.delete(checkpoints.keys().next().value as string);
  };
  /**
   * Writes each station's kiosk made to its own database, by database. Only that kiosk writes there
   * besides the hub: a long-poll of the kiosk's is not answered for its own writes (it has them),
   * only for the hub's, or at its timeout.
   */
  const kioskWrites = new Map<string, number>();
  const wave = policyWave(POLICY_WAVE_MAX_MS);
  app.addHook('onClose', async () => wave.release());
  const stopRevoked = store.onKioskRevoked((stationId) => {
    for (const controller of feeds.get(stationId) ?? []) controller.abort();
  });
  app.addHook('onClose', async () => stopRevoked());

  async function identify(request: FastifyRequest): Promise<Identity> {
    const basic = readBasic(request.headers.authorization);
    if (basic === undefined) return { kind: 'anonymous' };
    if (basic === null) throw new Refused(401, 'the Authorization header is not Basic credentials');
    const kiosk = await store.kioskAccounts.verify(basic.username, basic.password);
    if (kiosk === null) throw new Refused(401, 'Name or password is incorrect.');
    return { kind: 'kiosk', stationId: kiosk.stationId };
  }

  async function admit(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let identity: Identity;
    try {
      identity = await identify(request);
    } catch (error) {
      if (error instanceof Refused) return void (await send(reply, error.status, error.message));
      throw error;
    }
    const deny = (why: string) =>
      identity.kind === 'anonymous'
        ? send(reply, 401, 'Sign in with the kiosk credentials the hub gave at enrolment.')
        : send(reply, 403, `Refused: ${why}.`);
    const rawUrl = request.raw.url ?? '';
    const rest = rawUrl.slice(COUCH_PREFIX.length);
    const parsed = parseCouchRequest(rest.startsWith('?') || rest === '' ? `/${rest}` : rest);
    if (!parsed.ok) return void (await deny(parsed.reason));
    const { target } = parsed;
    if (!allowed(identity, request.method, target)) {
      return void (await deny('this request is not one a kiosk may make here'));
    }
    if (target.paramProblem !== undefined) return void (await send(reply, 400, target.paramProblem));
    const length = Number(request.headers['content-length'] ?? 0);
    const limit = BODY_LIMITS[target.endpoint] ?? 0;
    if (!Number.isFinite(length) || length > limit) {
      return void (await send(reply, 413, `The body is larger than ${limit} bytes.`));
    }
    if (target.db !== undefined && store.database(target.db) === undefined) {
      return void (await send(reply, 404, 'Database does not exist.'));
    }
    request.couch = { identity, target };
  }

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const admitted = request.couch;
    if (admitted === undefined) return send(reply, 403, 'refused');
    try {
      return await serve(request, reply, admitted.identity, admitted.target);
    } catch (error) {
      if (error instanceof Refused) return send(reply, error.status, error.message);
      const status = statusOf(error);
      if (status !== undefined && status >= 400 && status < 500) {
        const e = error as { reason?: string; message?: string };
        return send(reply, status, e.reason ?? e.message ?? 'refused');
      }
      throw error;
    }
  };

  // Bodies: the endpoint's limit whatever the framing (Content-Length or chunked), bounded nesting,
  // no `__proto__` keys; anything else is a 4xx in the gateway's shape, never a crash.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, text, done) => {
    const endpoint = request.couch?.target.endpoint;
    const limit = endpoint === undefined ? 0 : (BODY_LIMITS[endpoint] ?? 0);
    if (Buffer.byteLength(text as string) > limit)
      return done(new Refused(413, `The body is larger than ${limit} bytes.`));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text as string);
    } catch {
      return done(new Refused(400, 'The body is not valid JSON.'));
    }
    if (tooDeepOrPoisoned(parsed, MAX_DEPTH))
      return done(new Refused(400, 'The body nests too deeply or names __proto__.'));
    return done(null, parsed);
  });
  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof Refused) return send(reply, error.status, error.message);
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return send(reply, status === 413 ? 413 : 400, error.message);
    }
    request.log.error(error, 'couch gateway');
    return reply.status(500).send({
      code: 'XZ_ERR_INTERNAL',
      message: 'Internal error.',
      messageZh: '服务器内部错误。',
      reason: 'internal',
      error: 'internal_server_error',
    });
  });

  for (const url of [COUCH_PREFIX, `${COUCH_PREFIX}/*`]) {
    // Every method reaches the gateway, so every refusal is the gateway's (not a 404 elsewhere).
    app.all(url, { bodyLimit: MAX_BODY, onRequest: admit, schema: { hide: true } as never }, handler);
  }

  async function serve(
    request: FastifyRequest,
    reply: FastifyReply,
    identity: Identity,
    target: CouchTarget,
  ) {
    const p = target.params;
    if (target.endpoint === 'welcome') {
      return reply.send({ couchdb: 'Welcome', vendor: { name: 'Xiaozhan hub' } });
    }
    const dbName = target.db as string;
    const db = store.database(dbName);
    if (db === undefined) throw new Refused(404, 'Database does not exist.');
    const own = identity.kind === 'kiosk' && parseStationDbName(dbName)?.stationId === identity.stationId;
    const body = request.body;

    switch (target.endpoint) {
      case 'db-info': {
        // Stations probe their database every few seconds: answered from memory until it changes.
        const info = await shared(`info|${dbName}|${store.changeCount(dbName)}`, () =>
          cachedInfo(dbName, db),
        );
        return reply.send({
          db_name: dbName,
          doc_count: info.doc_count,
          update_seq: info.update_seq,
          instance_start_time: '0',
        });
      }
      case 'changes':
        return changes(request, reply, identity, dbName, p);
      case 'revs-diff': {
        if (!isObject(body) || Object.keys(body).length > MAX_DOCS)
          throw new Refused(400, 'expected {id: [revs]}');
        for (const [id, revs] of Object.entries(body)) {
          if (!Array.isArray(revs) || revs.some((r) => typeof r !== 'string') || isSpecial(id)) {
            throw new Refused(400, `revisions of ${id.slice(0, 80)} must be a list of strings`);
          }
        }
        if (own) await wave.settled();
        const diff = await (db as unknown as { revsDiff(b: unknown): Promise<unknown> }).revsDiff(body);
        return reply.send(diff);
      }
      case 'bulk-docs': {
        if (!own || identity.kind !== 'kiosk') throw new Refused(403, 'only the station writes here');
        if (!isObject(body) || !Array.isArray(body.docs) || body.docs.length > MAX_DOCS) {
          throw new Refused(400, 'expected {docs: [...], new_edits?: boolean}');
        }
        for (const key of Object.keys(body)) {
          if (key !== 'docs' && key !== 'new_edits') throw new Refused(400, `${key} is not accepted here`);
        }
        if (body.new_edits !== undefined && typeof body.new_edits !== 'boolean') {
          throw new Refused(400, 'new_edits must be true or false');
        }
        const docs = body.docs as unknown[];
        for (const doc of docs) {
          if (!isObject(doc) || typeof doc._id !== 'string' || doc._id === '') {
            throw new Refused(400, 'every document needs an _id (documents are named by the station)');
          }
          const problem = revisionProblem(doc, body.new_edits !== false);
          if (problem !== null) throw new Refused(400, problem);
        }

        await wave.settled();
        return bulkDocs(
          reply,
          identity.stationId,
          dbName,
          db,
          docs as Array<Record<string, unknown>>,
          body.new_edits !== false,
        );
      }
      case 'bulk-get': {
        if (!isObject(body) || !Array.isArray(body.docs) || body.docs.length > MAX_DOCS) {
          throw new Refused(400, 'expected {docs: [{id, rev?}]}');
        }
        const asked = body.docs as unknown[];
        for (const d of asked) {
          if (
            !isObject(d) ||
            typeof d.id !== 'string' ||
            (d.rev !== undefined && typeof d.rev !== 'string')
          ) {
            throw new Refused(400, 'every entry needs an id and at most one rev');
          }
        }
        const visible = (asked as Array<{ id: string; rev?: string }>).filter((d) => !isSpecial(d.id));
        const docs = visible.map((d) => ({ id: d.id, ...(d.rev ? { rev: d.rev } : {}) }));
        // Every kiosk fetching the same new policy at once: one read (same write count, same ask).
        const res = await shared(
          `bulk-get|${dbName}|${store.changeCount(dbName)}|${p.revs}|${p.latest}|${JSON.stringify(docs)}`,
          () => db.bulkGet({ docs, revs: bool(p.revs), latest: bool(p.latest) }),
        );
        const hidden = (asked as Array<{ id: string; rev?: string }>)
          .filter((d) => isSpecial(d.id))
          .map((d) => ({
            id: d.id,
            docs: [
              {
                error: {
                  id: d.id,
                  rev: d.rev ?? 'undefined',
                  error: 'forbidden',
                  reason: 'not a station document',
                },
              },
            ],
          }));
        return reply.send({ results: [...res.results, ...hidden] });
      }
      case 'all-docs': {
        const options: Record<string, unknown> = {
          include_docs: bool(p.include_docs),
          conflicts: bool(p.conflicts),
          descending: bool(p.descending),
          inclusive_end: p.inclusive_end !== 'false',
          update_seq: bool(p.update_seq),
        };
        if (p.limit !== undefined) options.limit = Number(p.limit);
        if (p.skip !== undefined) options.skip = Number(p.skip);
        for (const [name, as] of [
          ['key', 'key'],
          ['startkey', 'startkey'],
          ['start_key', 'startkey'],
          ['endkey', 'endkey'],
          ['end_key', 'endkey'],
          ['keys', 'keys'],
        ] as const) {
          if (p[name] !== undefined) options[as] = JSON.parse(p[name]);
        }
        if (request.method === 'POST') {
          if (!isObject(body) || !Array.isArray(body.keys) || body.keys.some((k) => typeof k !== 'string')) {
            throw new Refused(400, 'expected {keys: [ids]}');
          }
          if (body.keys.length > MAX_DOCS) throw new Refused(400, 'too many keys');
          options.keys = body.keys;
        }
        const res = (await db.allDocs(options)) as { rows: Array<{ id?: string; key: string }> };
        res.rows = res.rows.filter((row) => !isSpecial(row.id ?? row.key));
        return reply.send(res);
      }
      case 'doc': {
        const id = target.docId as string;
        if (isSpecial(id)) throw new Refused(403, 'design and special documents are the hub’s');
        const options: Record<string, unknown> = {
          revs: bool(p.revs),
          revs_info: bool(p.revs_info),
          conflicts: bool(p.conflicts),
          latest: bool(p.latest),
        };
        if (p.rev !== undefined) options.rev = p.rev;
        if (p.open_revs !== undefined)
          options.open_revs = p.open_revs === 'all' ? 'all' : JSON.parse(p.open_revs);
        const doc = await db.get(id, options);
        return reply.send(doc);
      }
      case 'local': {
        const id = `_local/${target.docId as string}`;
        const key = `${dbName}/${id}`;
        if (request.method === 'GET' || request.method === 'HEAD') {
          let doc = checkpoints.get(key);
          if (doc === undefined) {
            doc = await shared(`local|${key}`, () =>
              db.get(id).then(
                (found) => found as unknown as Record<string, unknown>,
                (error: unknown) => {
                  if (statusOf(error) === 404) return null;
                  throw error;
                },
              ),
            );
            if (!checkpoints.has(key)) rememberCheckpoint(key, doc);
          }
          if (doc === null) throw new Refused(404, 'missing');
          return reply.send(doc);
        }
        if (!own) throw new Refused(403, 'checkpoints are written by the station on its own database');
        if (!isObject(body)) throw new Refused(400, 'a checkpoint is a JSON object');
        for (const key of Object.keys(body)) {
          if (key.startsWith('_') && key !== '_id' && key !== '_rev')
            throw new Refused(400, `${key} is not accepted here`);
        }
        if (body._rev !== undefined && (typeof body._rev !== 'string' || !/^0-\d{1,9}$/.test(body._rev))) {
          throw new Refused(400, 'a checkpoint revision looks like 0-1');
        }
        await wave.settled();
        const doc = { ...body, _id: id };
        // A read started before this write must not leave the old checkpoint behind.
        checkpoints.delete(key);
        try {
          const res = (await db.put(doc as never)) as { rev: string };
          rememberCheckpoint(key, { ...doc, _rev: res.rev });
          return reply.status(201).send(res);
        } catch (error) {
          checkpoints.delete(key);
          throw error;
        }
      }
      default: {
        const unreachable: never = target.endpoint as never;
        throw new Refused(403, `not served: ${String(unreachable)}`);
      }
    }
  }

  async function bulkDocs(
    reply: FastifyReply,
    stationId: string,
    dbName: string,
    db: NonNullable<ReturnType<EmbeddedCouch['database']>>,
    docs: Array<Record<string, unknown>>,
    newEdits: boolean,
  ) {
    const ids = [...new Set(docs.map((d) => d._id as string))];
    const stored = new Map<string, Record<string, unknown>>();
    const current = await db.allDocs({ keys: ids, include_docs: true });
    for (const row of current.rows as Array<{ id?: string; doc?: Record<string, unknown> | null }>) {
      if (row.id !== undefined && row.doc) stored.set(row.id, row.doc);
    }
    const check = checkFor(stationId);
    const results: Array<Record<string, unknown> | undefined> = [];
    const accepted: Array<{ index: number; doc: Record<string, unknown> }> = [];
    docs.forEach((doc, index) => {
      const why = check(doc, stored.get(doc._id as string));
      if (why === null) accepted.push({ index, doc });
      else results[index] = { id: doc._id, error: 'forbidden', reason: why, status: 403 };
    });
    if (accepted.length > 0) {
      const written = await db.bulkDocs(
        accepted.map((a) => a.doc as never),
        { new_edits: newEdits },
      );
      accepted.forEach((a, i) => {
        const r = written[i] as Record<string, unknown> | undefined;
        results[a.index] = r?.error
          ? { id: a.doc._id, error: r.name ?? 'conflict', reason: r.message ?? r.reason, status: r.status }
          : { ok: true, id: a.doc._id, rev: r?.rev };
      });
      kioskWrites.set(dbName, (kioskWrites.get(dbName) ?? 0) + 1);
      store.changed(dbName);
    }
    // With new_edits:false CouchDB lists only the documents it refused.
    return reply.status(201).send(newEdits ? results : results.filter((r) => r?.error !== undefined));
  }

  async function changes(
    request: FastifyRequest,
    reply: FastifyReply,
    identity: Identity,
    dbName: string,
    p: Record<string, string>,
  ) {
    const db = store.database(dbName);
    if (db === undefined) throw new Refused(404, 'Database does not exist.');
    const policies = dbName === HubDb.Policies && identity.kind === 'kiosk';
    // A kiosk asking the policies' changes again has fetched what it was woken for.
    if (policies) wave.back(identity.stationId);
    // Kiosks woken by one write ask the same question at once (the same checkpoint, the same
    // options): one read answers all of them. A read is shared only among requests made under the
    // same write count, so nobody gets a page older than the writes they were woken for.
    const read = (since: string | number) =>
      shared(
        `changes|${dbName}|${store.changeCount(dbName)}|${since}|${p.limit}|${p.style}|${p.include_docs}|${p.conflicts}|${p.descending}`,
        async () => {
          const page = (await db.changes({
            since,
            limit: p.limit !== undefined ? Number(p.limit) : undefined,
            style: p.style === 'all_docs' ? 'all_docs' : 'main_only',
            include_docs: bool(p.include_docs),
            conflicts: bool(p.conflicts),
            descending: bool(p.descending),
            return_docs: true,
          })) as { results: Array<{ id: string }>; last_seq: string | number };
          return { ...page, results: page.results.filter((row) => !isSpecial(row.id)) };
        },
      );
    const since = p.since ?? 0;
    let seen = store.changeCount(dbName);
    let seenOwn = kioskWrites.get(dbName) ?? 0;
    const first = await read(since === 'now' ? 'now' : Number(since));
    if (p.feed !== 'longpoll' || first.results.length > 0 || p.descending === 'true')
      return reply.send(first);
    if (identity.kind !== 'kiosk') throw new Refused(403, 'refused');

    const open = feeds.get(identity.stationId) ?? new Set<AbortController>();
    if (open.size >= OPEN_FEEDS_PER_KIOSK) throw new Refused(429, 'too many open feeds for this kiosk');
    const controller = new AbortController();
    open.add(controller);
    feeds.set(identity.stationId, open);
    reply.hijack();
    const res = reply.raw;
    // The response closing before it ended means the client went away.
    const closed = () => controller.abort();
    res.on('close', closed);
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'must-revalidate' });
    const heartbeat = p.heartbeat !== undefined ? (p.heartbeat === 'true' ? 60_000 : Number(p.heartbeat)) : 0;
    const beat = heartbeat > 0 ? setInterval(() => res.write('\n'), heartbeat) : undefined;
    const timeout = Math.min(p.timeout !== undefined ? Number(p.timeout) : LONGPOLL_MAX_MS, LONGPOLL_MAX_MS);
    try {
      let last: string | number = first.last_seq;
      const deadline = Date.now() + timeout;
      for (;;) {
        await store.waitForChange(dbName, Math.max(0, deadline - Date.now()), controller.signal, seen);
        if (controller.signal.aborted) break;
        const count = store.changeCount(dbName);
        const own = kioskWrites.get(dbName) ?? 0;
        // Woken by nothing but the kiosk's own writes: it has them, keep waiting (they come with
        // the next answer, or at the timeout).
        const onlyOwn = count !== seen && count - seen === own - seenOwn && Date.now() < deadline;
        seen = count;
        seenOwn = own;
        if (onlyOwn) continue;
        const page = await read(last);
        last = page.last_seq;
        if (page.results.length > 0 || Date.now() >= deadline) {
          if (policies && page.results.length > 0) wave.woke(identity.stationId);
          res.end(JSON.stringify(page));
          return reply;
        }
      }
      // The client went away, or its kiosk was revoked: end the feed without an answer.
      res.destroy();
      return reply;
    } catch (error) {
      request.log.error(error, 'changes feed');
      res.destroy();
      return reply;
    } finally {
      if (beat) clearInterval(beat);
      res.off('close', closed);
      open.delete(controller);
      if (open.size === 0) feeds.delete(identity.stationId);
    }
  }
}

/**
 * Published policies first. A write to the published policies answers the long-polls of every
 * kiosk at once; until each kiosk woken has fetched what changed and asked for the next change
 * (or `maxMs` passed), kiosks' writes to their own databases (heartbeats, tickets, checkpoints)
 * wait, so the hub spends itself on bringing the policy to every station first.
 */
function policyWave(maxMs: number) {
  const woken = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let waiters: Array<() => void> = [];
  function release() {
    if (timer) clearTimeout(timer);
    timer = undefined;
    woken.clear();
    const waiting = waiters;
    waiters = [];
    for (const resolve of waiting) resolve();
  }
  return {
    /** The kiosk's long-poll on the policies was answered with changes. */
    woke(stationId: string) {
      if (timer === undefined) {
        timer = setTimeout(release, maxMs);
        timer.unref();
      }
      woken.add(stationId);
    },
    /** The kiosk asked the policies' changes again. */
    back(stationId: string) {
      if (woken.delete(stationId) && woken.size === 0) release();
    },
    /** Resolves once no kiosk woken by the policies is still fetching them. */
    settled(): Promise<void> {
      if (woken.size === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    release,
  };
}
