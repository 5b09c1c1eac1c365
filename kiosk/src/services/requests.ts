/**
 * Requests (诉求) filed at the kiosk: validate (phone, credit code) → decide (`decideRequest`: a
 * retry key seen before gives its request; else the next number of the station day) → check the
 * document against the shared schema → persist → print the receipt. Requests are decided one at
 * a time, so two at once never take the same number.
 *
 * Each request gets a random key for its status link (`/r/{number}?k={key}`, the receipt's QR
 * code); the document keeps only the key's hash. The key stays in memory for a retry of the same
 * tap; a retry after the agent restarted gets the link without its key (the printed receipt,
 * made when the request was taken, has it).
 */
import { randomBytes } from 'node:crypto';
import type { RequestInput, RequestReceipt } from '@xz/shared/contract/agent-api';
import { decideRequest, requestDayPrefix } from '@xz/shared/feedback/request';
import {
  REQUEST_KEY_BYTES,
  requestKeyHash,
  requestKeyOf,
  requestStatusPath,
} from '@xz/shared/feedback/request-key';
import type PouchDB from 'pouchdb';
import type { StationPrinting } from '../printing.ts';
import { checkedDoc, creditHashOrThrow, phoneOrThrow } from './inputs.ts';

export interface RequestService {
  /** `created` is false when the retry key was seen before (the same request again). */
  file(input: RequestInput): Promise<{ created: boolean; request: RequestReceipt }>;
}

export interface RequestServiceDeps {
  stationId: string;
  /** Deployment key of the credit code's hash. */
  hashKey: Uint8Array;
  db: Pick<PouchDB.Database, 'allDocs' | 'get' | 'put'>;
  printing: Pick<StationPrinting, 'printReceipt'>;
  /** The station day of an instant. */
  day: (at: number) => string;
  now: () => number;
  /** Base URL of the public pages behind QR codes. */
  publicBase: () => string;
  /** Random bytes for the status link's key (default: node:crypto). */
  randomBytes?: (size: number) => Uint8Array;
}

export function createRequestService(deps: RequestServiceDeps): RequestService {
  const { stationId, db } = deps;
  /** Retry key → request id, of every request seen since the agent started. */
  const known = new Map<string, string>();
  /** Request id → the key of its status link, of every request taken since the agent started. */
  const keys = new Map<string, string>();
  const random = deps.randomBytes ?? randomBytes;
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work);
    tail = run.catch(() => undefined);
    return run;
  };

  return {
    async file(input) {
      const phone = phoneOrThrow(input.phone);
      const creditHash = creditHashOrThrow(deps.hashKey, input.creditCode);
      const { id, created } = await serial(async () => {
        const seen = known.get(input.idempotencyKey);
        if (seen) return { id: seen, created: false };
        const at = deps.now();
        const day = deps.day(at);
        const prefix = requestDayPrefix(stationId, day);
        const today = await db.allDocs({ startkey: prefix, endkey: `${prefix}\uffff`, include_docs: true });
        for (const row of today.rows) {
          const key = (row.doc as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
          if (typeof key === 'string') known.set(key, row.id);
        }
        const key = requestKeyOf(random(REQUEST_KEY_BYTES));
        const decision = decideRequest(
          { ...input, phone, ...(creditHash ? { creditHash } : {}), keyHash: requestKeyHash(key) },
          { stationId, day, at, known, filedToday: today.rows.map((r) => r.id) },
        );
        if (decision.kind === 'known') return { id: decision.id, created: false };
        const doc = checkedDoc('request', decision.doc);
        await db.put(doc);
        known.set(input.idempotencyKey, doc._id);
        keys.set(doc._id, key);
        return { id: doc._id, created: true };
      });
      const doc = (await db.get(id)) as unknown as { number: string; kioskAt: number };
      const key = keys.get(id);
      const statusUrl = key
        ? `${deps.publicBase()}${requestStatusPath(doc.number, key)}`
        : `${deps.publicBase()}/r/${encodeURIComponent(doc.number)}`;
      if (created) await deps.printing.printReceipt({ number: doc.number, statusUrl, kioskAt: doc.kioskAt });
      return { created, request: { id, number: doc.number, kioskAt: doc.kioskAt, statusUrl } };
    },
  };
}
