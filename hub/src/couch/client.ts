/**
 * The hub's CouchDB client (nano), the same for the embedded server and for Apache CouchDB 3.
 * It creates the databases, their `_security` objects and validation design documents.
 */
import { HubDb, stationDbName } from '@xz/shared/ids';
import nano, { type DocumentScope, type ServerScope } from 'nano';
import {
  adminOnlyValidateSource,
  hubOnlySecurity,
  policiesSecurity,
  type SecurityObject,
  stationSecurity,
  stationValidateSource,
  VALIDATE_DDOC_ID,
  validateDesignDoc,
} from './validate-docs.ts';

export type CouchKind = 'embedded' | 'external';

export interface CouchClientOptions {
  /** Server URL without credentials, possibly with a path prefix (`http://127.0.0.1:3000/couch`). */
  url: string;
  adminUser: string;
  adminPassword: string;
  kind: CouchKind;
  /** URL stations are told to replicate with (defaults to `url`). */
  publicUrl?: string;
}

export interface CouchClient {
  readonly kind: CouchKind;
  /** Server URL without credentials. */
  readonly url: string;
  /** URL stations replicate with, without credentials. */
  readonly publicUrl: string;
  readonly server: ServerScope;
  db<T extends object = Record<string, unknown>>(name: string): DocumentScope<T>;
  /** Creates (if missing) and secures the policies and hub-only databases. Idempotent. */
  ensureDatabases(): Promise<void>;
  /** Creates (if missing) and secures a station's database. Idempotent. */
  ensureStationDb(stationId: string): Promise<void>;
  /** `GET /` of the server (to check it answers). */
  ping(): Promise<{ version?: string; vendor?: unknown }>;
}

/** The hub databases only the hub reads and writes. */
export const HUB_ONLY_DBS = [HubDb.Drafts, HubDb.Users, HubDb.Audit, HubDb.Cases] as const;

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

export function createCouchClient(options: CouchClientOptions): CouchClient {
  const url = plainUrl(options.url);
  const auth = `Basic ${Buffer.from(`${options.adminUser}:${options.adminPassword}`).toString('base64')}`;
  const server = nano({ url, parseUrl: false, headers: { Authorization: auth } } as never);

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

  return {
    kind: options.kind,
    url,
    publicUrl: plainUrl(options.publicUrl ?? url),
    server,
    db: <T extends object>(name: string) => server.use<T>(name),
    async ensureDatabases() {
      if (options.kind === 'external') {
        // The system databases a single-node CouchDB 3 needs (_global_changes feeds _db_updates).
        for (const name of ['_users', '_replicator', '_global_changes']) await createDb(name);
      }
      const adminOnly = adminOnlyValidateSource();
      await secure(HubDb.Policies, policiesSecurity(), adminOnly);
      for (const name of HUB_ONLY_DBS) await secure(name, hubOnlySecurity(), adminOnly);
    },
    async ensureStationDb(stationId) {
      await secure(stationDbName(stationId), stationSecurity(stationId), stationValidateSource(stationId));
    },
    async ping() {
      return (await server.request({ path: '' })) as { version?: string; vendor?: unknown };
    },
  };
}
