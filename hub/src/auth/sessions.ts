/**
 * Operator sessions, stored in CouchDB (`xz-hub-users`, `session:{sha256(token)}`) so any hub
 * process behind a load balancer accepts them. The browser holds only the random token (httpOnly,
 * SameSite=Strict cookie). A session ends after `idleMs` without a request (default 8 h); the
 * last-seen time is written at most once per `touchMs` so reads stay reads.
 */
import { createHash, randomBytes } from 'node:crypto';
import { HubDb } from '@xz/shared/ids';
import { type CouchClient, statusOf } from '../couch/client.ts';
import type { Operator } from '../users/roles.ts';

export const SESSION_COOKIE = 'xz_hub_session';
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
const TOUCH_MS = 60 * 1000;

export interface SessionDoc {
  _id: string;
  _rev?: string;
  type: 'session';
  operator: Operator;
  createdAt: number;
  lastSeenAt: number;
}

export interface SessionOptions {
  idleMs?: number;
  touchMs?: number;
  now?: () => number;
}

export interface SessionStore {
  readonly idleMs: number;
  /** Starts a session; returns the token for the cookie. */
  create(operator: Operator): Promise<string>;
  /** The operator of a live session, or undefined (unknown, expired: the expired one is removed). */
  resolve(token: string): Promise<Operator | undefined>;
  destroy(token: string): Promise<void>;
  /** Ends every session of a user (disabled account). */
  destroyForUser(username: string): Promise<number>;
}

export const sessionDocId = (token: string) => `session:${createHash('sha256').update(token).digest('hex')}`;

const TOKEN_RE = /^[A-Za-z0-9_-]{43}$/;

export function createSessionStore(couch: CouchClient, options: SessionOptions = {}): SessionStore {
  const db = couch.db<SessionDoc>(HubDb.Users);
  const idleMs = options.idleMs ?? SESSION_IDLE_MS;
  const touchMs = options.touchMs ?? TOUCH_MS;
  const now = options.now ?? Date.now;

  async function remove(id: string, rev?: string): Promise<void> {
    try {
      const r = rev ?? (await db.get(id))._rev;
      await db.destroy(id, r as string);
    } catch (error) {
      const s = statusOf(error);
      if (s !== 404 && s !== 409) throw error;
    }
  }

  return {
    idleMs,
    async create(operator) {
      const token = randomBytes(32).toString('base64url');
      const at = now();
      await db.insert({
        _id: sessionDocId(token),
        type: 'session',
        operator,
        createdAt: at,
        lastSeenAt: at,
      });
      return token;
    },
    async resolve(token) {
      if (!TOKEN_RE.test(token)) return undefined;
      let doc: SessionDoc;
      try {
        doc = await db.get(sessionDocId(token));
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
      if (doc.type !== 'session') return undefined;
      const at = now();
      if (at - doc.lastSeenAt >= idleMs) {
        await remove(doc._id, doc._rev);
        return undefined;
      }
      if (at - doc.lastSeenAt >= touchMs) {
        try {
          await db.insert({ ...doc, lastSeenAt: at });
        } catch (error) {
          if (statusOf(error) !== 409) throw error; // a parallel request touched it
        }
      }
      return doc.operator;
    },
    async destroy(token) {
      if (TOKEN_RE.test(token)) await remove(sessionDocId(token));
    },
    async destroyForUser(username) {
      const res = await db.list({ include_docs: true, startkey: 'session:', endkey: 'session:\ufff0' });
      let n = 0;
      for (const row of res.rows) {
        const doc = row.doc as SessionDoc | undefined;
        if (doc?.type === 'session' && doc.operator.username === username) {
          await remove(doc._id, doc._rev);
          n++;
        }
      }
      return n;
    },
  };
}
