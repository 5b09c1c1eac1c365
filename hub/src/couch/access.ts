/**
 * Who may make which CouchDB-protocol request of the hub's `/couch` gateway, written down as data,
 * and the one parser that reads a request into that vocabulary. Everything not listed is refused.
 *
 * The path is read once, from the raw request line, and must spell what it means: every segment
 * is decoded exactly once and refused when its encoding hides a character that needs none
 * (`%5F` for `_`, `%2E` for `.`, `%2F` for `/`, `%25` for a second round of decoding), when it is
 * empty (repeated slashes) or a dot segment, or when a name starting with `_` is not one of the
 * endpoints below, spelled exactly (no case variants). Query parameters are allow-listed per
 * endpoint and their decoded values checked (`feed=%63ontinuous` is `continuous`: refused).
 */
import { HubDb, stationDbName } from '@xz/shared/ids';

export type Identity = { kind: 'anonymous' } | { kind: 'kiosk'; stationId: string };

export type Endpoint =
  | 'welcome'
  | 'db-info'
  | 'changes'
  | 'revs-diff'
  | 'bulk-docs'
  | 'bulk-get'
  | 'all-docs'
  | 'doc'
  | 'local';

/** A request the parser understood. */
export interface CouchTarget {
  endpoint: Endpoint;
  /** Database name (every endpoint but `welcome`). */
  db?: string;
  /** Document id, decoded (`doc`), or the checkpoint id after `_local/` (`local`). */
  docId?: string;
  /** Query parameters, decoded and checked. */
  params: Record<string, string>;
  /** Why the query cannot be served (an unknown parameter, a value not accepted), if it cannot. */
  paramProblem?: string;
}

export interface AccessRule {
  endpoint: Endpoint;
  methods: readonly string[];
}

/** What a kiosk does on its own station database: replication both ways, nothing more. */
export const STATION_DB_RULES: readonly AccessRule[] = [
  { endpoint: 'db-info', methods: ['GET', 'HEAD'] },
  { endpoint: 'changes', methods: ['GET'] },
  { endpoint: 'revs-diff', methods: ['POST'] },
  { endpoint: 'bulk-docs', methods: ['POST'] },
  { endpoint: 'bulk-get', methods: ['POST'] },
  { endpoint: 'all-docs', methods: ['GET', 'POST'] },
  { endpoint: 'doc', methods: ['GET'] },
  { endpoint: 'local', methods: ['GET', 'PUT'] },
];

/** What a kiosk does on a database stations only read (the published policies): pull replication. */
export const READ_ONLY_DB_RULES: readonly AccessRule[] = [
  { endpoint: 'db-info', methods: ['GET', 'HEAD'] },
  { endpoint: 'changes', methods: ['GET'] },
  { endpoint: 'bulk-get', methods: ['POST'] },
  { endpoint: 'all-docs', methods: ['GET', 'POST'] },
  { endpoint: 'doc', methods: ['GET'] },
  { endpoint: 'local', methods: ['GET'] },
];

/** What anyone may ask, with or without credentials: the server welcome. */
export const ANYONE_RULES: readonly AccessRule[] = [{ endpoint: 'welcome', methods: ['GET', 'HEAD'] }];

/** Databases every kiosk reads and none writes. */
export const STATION_READ_ONLY_DBS: readonly string[] = [HubDb.Policies];

/** The rules of an identity on a database (empty: no right at all). */
export function rulesFor(identity: Identity, db: string | undefined): readonly AccessRule[] {
  if (db === undefined) return ANYONE_RULES;
  if (identity.kind !== 'kiosk') return [];
  if (db === stationDbName(identity.stationId)) return STATION_DB_RULES;
  if (STATION_READ_ONLY_DBS.includes(db)) return READ_ONLY_DB_RULES;
  return [];
}

export function allowed(identity: Identity, method: string, target: CouchTarget): boolean {
  return rulesFor(identity, target.db).some(
    (rule) => rule.endpoint === target.endpoint && rule.methods.includes(method),
  );
}

// ── parameters ──────────────────────────────────────────────────────────────────────────────

type Check = (value: string) => boolean;

const bool: Check = (v) => v === 'true' || v === 'false';
const int =
  (min: number, max: number): Check =>
  (v) =>
    /^\d{1,9}$/.test(v) && Number(v) >= min && Number(v) <= max;
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    values.includes(v);
const REV = /^\d{1,9}-[0-9a-f]{1,64}$/;
const jsonString: Check = (v) => {
  try {
    return typeof JSON.parse(v) === 'string';
  } catch {
    return false;
  }
};
const jsonStrings =
  (max: number, item: (s: string) => boolean): Check =>
  (v) => {
    try {
      const parsed = JSON.parse(v) as unknown;
      return (
        Array.isArray(parsed) && parsed.length <= max && parsed.every((x) => typeof x === 'string' && item(x))
      );
    } catch {
      return false;
    }
  };
/** Sequences are opaque to clients; the embedded engine's are whole numbers. */
const since: Check = (v) => v === 'now' || /^\d{1,15}$/.test(v);

const PARAMS: Readonly<Record<Endpoint, Readonly<Record<string, Check>>>> = {
  welcome: {},
  'db-info': {},
  changes: {
    since,
    limit: int(1, 10_000),
    feed: oneOf('normal', 'longpoll'),
    style: oneOf('main_only', 'all_docs'),
    heartbeat: (v) => v === 'true' || int(1_000, 600_000)(v),
    timeout: int(0, 600_000),
    include_docs: bool,
    conflicts: bool,
    descending: bool,
    seq_interval: int(1, 100_000),
  },
  'revs-diff': {},
  'bulk-docs': {},
  'bulk-get': { revs: bool, latest: bool, attachments: bool },
  'all-docs': {
    include_docs: bool,
    conflicts: bool,
    descending: bool,
    inclusive_end: bool,
    update_seq: bool,
    limit: int(0, 10_000),
    skip: int(0, 100_000),
    key: jsonString,
    startkey: jsonString,
    endkey: jsonString,
    start_key: jsonString,
    end_key: jsonString,
    keys: jsonStrings(10_000, () => true),
  },
  doc: {
    rev: (v) => REV.test(v),
    revs: bool,
    revs_info: bool,
    conflicts: bool,
    latest: bool,
    attachments: bool,
    open_revs: (v) => v === 'all' || jsonStrings(1_000, (s) => REV.test(s))(v),
  },
  local: {},
};

// ── the path ────────────────────────────────────────────────────────────────────────────────

/** Longest request target (path and query) accepted. */
export const MAX_URL_LENGTH = 8_192;

const SPECIAL: Readonly<Record<string, Endpoint>> = {
  _changes: 'changes',
  _revs_diff: 'revs-diff',
  _bulk_docs: 'bulk-docs',
  _bulk_get: 'bulk-get',
  _all_docs: 'all-docs',
};

/** Database names this hub serves; anything else is not a database here. */
const DB_NAME = /^xz-[a-z0-9][a-z0-9-]{0,80}$/;
/** Replication checkpoint ids: PouchDB's (22 base64 characters and `==`, `/` and `+` replaced) and CouchDB's (hex). */
const CHECKPOINT_ID = /^(?:[A-Za-z0-9._]{22}==|[0-9a-f]{32}(?:\+[a-z]+)*|[A-Za-z0-9][A-Za-z0-9._=-]{0,99})$/;
const UNRESERVED = /[A-Za-z0-9\-._~]/;

export type ParseResult = { ok: true; target: CouchTarget } | { ok: false; reason: string };

const refuse = (reason: string): ParseResult => ({ ok: false, reason });

/** Decodes one raw path segment, or returns null when its spelling hides what it means. */
export function decodeSegment(raw: string): string | null {
  if (raw === '' || raw === '.' || raw === '..') return null;
  for (let i = raw.indexOf('%'); i !== -1; i = raw.indexOf('%', i + 1)) {
    const hex = raw.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
    const ch = String.fromCharCode(Number.parseInt(hex, 16));
    if (UNRESERVED.test(ch) || ch === '/' || ch === '%' || ch === '\\') return null;
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return null;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(decoded) || decoded === '.' || decoded === '..') return null;
  return decoded;
}

/**
 * Reads a request target (`/couch` already removed: `/xz-policies/_changes?since=0`) into an
 * endpoint, or says why it cannot be read. A path that cannot be read names no endpoint anyone
 * may use; a query that cannot be served is noted in `paramProblem`, for the caller to report once
 * the identity is known to have the endpoint at all. Which identity may ask is `allowed`'s business.
 */
export function parseCouchRequest(rawTarget: string): ParseResult {
  if (rawTarget.length > MAX_URL_LENGTH) return refuse('the request URL is too long');
  const q = rawTarget.indexOf('?');
  const rawPath = q === -1 ? rawTarget : rawTarget.slice(0, q);
  const rawQuery = q === -1 ? '' : rawTarget.slice(q + 1);
  if (rawPath !== '' && !rawPath.startsWith('/')) return refuse('the path must start with /');
  if (rawPath.includes('\\')) return refuse('the path holds a backslash');
  const raw = rawPath.split('/').slice(1);
  // The server root is `/`; one trailing slash is how clients ask for a database's information
  // (`/db/`). Any other empty segment (`//`, `/db//`) is refused below.
  if (raw.length === 1 && raw[0] === '') raw.pop();
  else if (raw.length === 2 && raw[0] !== '' && raw[1] === '') raw.pop();

  const segments: string[] = [];
  for (const part of raw) {
    const decoded = decodeSegment(part);
    if (decoded === null)
      return refuse(`the path segment ${JSON.stringify(part.slice(0, 80))} is not plainly spelled`);
    segments.push(decoded);
  }

  let target: CouchTarget;
  if (segments.length === 0) target = { endpoint: 'welcome', params: {} };
  else {
    const [db, second, third] = segments;
    if (!DB_NAME.test(db) || raw[0] !== db) return refuse('not a database of this hub');
    if (segments.length === 1) target = { endpoint: 'db-info', db, params: {} };
    else if (second === '_local') {
      if (segments.length !== 3 || raw[1] !== '_local') return refuse('a checkpoint is /{db}/_local/{id}');
      if (!CHECKPOINT_ID.test(third)) return refuse('not a replication checkpoint id');
      target = { endpoint: 'local', db, docId: third, params: {} };
    } else if (second.startsWith('_')) {
      const endpoint = Object.hasOwn(SPECIAL, second) ? SPECIAL[second] : undefined;
      if (endpoint === undefined || raw[1] !== second || segments.length !== 2) {
        return refuse(`${JSON.stringify(second.slice(0, 40))} is not an endpoint of this hub`);
      }
      target = { endpoint, db, params: {} };
    } else {
      if (segments.length !== 2) return refuse('documents have no sub-resources here');
      target = { endpoint: 'doc', db, docId: second, params: {} };
    }
  }

  const problem = readParams(rawQuery, target);
  if (problem !== null) target.paramProblem = problem;
  return { ok: true, target };
}

function readParams(rawQuery: string, target: CouchTarget): string | null {
  const checks = PARAMS[target.endpoint];
  const seen = new Set<string>();
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    let name: string;
    let value: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      return 'the query string is not valid percent-encoding';
    }
    if (!Object.hasOwn(checks, name))
      return `the parameter ${JSON.stringify(name.slice(0, 40))} is not accepted here`;
    if (seen.has(name)) return `the parameter ${name} is given twice`;
    seen.add(name);
    if (!checks[name](value)) return `the parameter ${name} has a value not accepted here`;
    target.params[name] = value;
  }
  return null;
}
