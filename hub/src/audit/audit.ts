/**
 * The audit log (`xz-hub-audit`): one document per write — who, what, when, on what, with a short
 * summary of the state before and after. Ids sort by time (`audit:{at 13}:{random}`), so the
 * newest entries are one descending `_all_docs` read.
 */
import { randomBytes } from 'node:crypto';
import { HubDb } from '@xz/shared/ids';
import type { CouchClient } from '../couch/client.ts';

export interface AuditActor {
  /** Username, or 'system' for the hub's own actions. */
  id: string;
  roles?: string[];
}

export interface AuditEntryInput {
  actor: AuditActor;
  /** Dotted action name, e.g. `policy.publish`, `user.create`, `auth.sign-in`. */
  action: string;
  target: { kind: string; id: string };
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  note?: string;
  /** Client address, when the action came over HTTP. */
  ip?: string;
}

export interface AuditEntry extends AuditEntryInput {
  id: string;
  at: number;
}

interface AuditDoc extends AuditEntryInput {
  _id: string;
  _rev?: string;
  type: 'audit';
  at: number;
}

export interface AuditQuery {
  limit?: number;
  /** Only entries on this target id. */
  targetId?: string;
  /** Only this action. */
  action?: string;
  /** Entries strictly older than this entry id (paging). */
  before?: string;
}

export interface AuditLog {
  record(entry: AuditEntryInput): Promise<AuditEntry>;
  /** Newest first. */
  list(query?: AuditQuery): Promise<AuditEntry[]>;
}

const PAGE = 200;

export function createAuditLog(couch: CouchClient, now: () => number = Date.now): AuditLog {
  const db = couch.db<AuditDoc>(HubDb.Audit);
  return {
    async record(entry) {
      const at = now();
      const doc: AuditDoc = {
        _id: `audit:${String(at).padStart(13, '0')}:${randomBytes(5).toString('hex')}`,
        type: 'audit',
        at,
        ...entry,
      };
      await db.insert(doc);
      return toEntry(doc);
    },
    async list(query = {}) {
      const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
      const out: AuditEntry[] = [];
      let startkey = query.before ?? 'audit:\ufff0';
      let skip = query.before ? 1 : 0;
      for (let pages = 0; out.length < limit && pages < 50; pages++) {
        const res = await db.list({
          include_docs: true,
          descending: true,
          startkey,
          endkey: 'audit:',
          limit: PAGE,
          skip,
        });
        for (const row of res.rows) {
          const doc = row.doc as AuditDoc | undefined;
          if (doc?.type !== 'audit') continue;
          if (query.targetId !== undefined && doc.target?.id !== query.targetId) continue;
          if (query.action !== undefined && doc.action !== query.action) continue;
          out.push(toEntry(doc));
          if (out.length >= limit) break;
        }
        if (res.rows.length < PAGE) break;
        startkey = res.rows[res.rows.length - 1].id;
        skip = 1;
      }
      return out;
    },
  };
}

function toEntry(doc: AuditDoc): AuditEntry {
  const { _id, _rev: _r, type: _t, ...rest } = doc;
  return { id: _id, ...rest };
}
