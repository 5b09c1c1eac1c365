/**
 * A request (诉求) filed at the kiosk, decided without I/O: a retry key seen before gives the
 * request it filed; otherwise the request is numbered after the station day's requests and its
 * document is built, keeping the hash of its status link's key (the key is made by the caller).
 */
import type { RequestDoc } from '../docs/feedback.ts';
import { parseRequestId, requestId, requestNumber } from '../ids.ts';

export interface FileRequest {
  category: string;
  description: string;
  contactName?: string;
  /** Already normalised (see validatePhone). */
  phone: string;
  /** Keyed hash of the validated credit code, when one was given. */
  creditHash?: string;
  /** Hash of the key of the request's status link (`requestKeyHash`); the key itself is not kept. */
  keyHash: string;
  idempotencyKey: string;
}

export interface RequestContext {
  stationId: string;
  /** The station day now. */
  day: string;
  at: number;
  /** Retry keys already used, with the request each filed. */
  known: ReadonlyMap<string, string>;
  /** Ids of the requests filed at this station on `day`. */
  filedToday: readonly string[];
}

export type RequestDecision = { kind: 'known'; id: string } | { kind: 'new'; doc: RequestDoc };

/** Request ids of a station day start with this. */
export function requestDayPrefix(stationId: string, day: string): string {
  return requestId({ stationId, day, seq: 1 }).slice(0, -4);
}

export function decideRequest(input: FileRequest, context: RequestContext): RequestDecision {
  const known = context.known.get(input.idempotencyKey);
  if (known) return { kind: 'known', id: known };
  let last = 0;
  for (const id of context.filedToday) {
    const parts = parseRequestId(id);
    if (parts && parts.stationId === context.stationId && parts.day === context.day)
      last = Math.max(last, parts.seq);
  }
  const parts = { stationId: context.stationId, day: context.day, seq: last + 1 };
  const contactName = input.contactName?.trim();
  return {
    kind: 'new',
    doc: {
      _id: requestId(parts),
      type: 'request',
      schemaVersion: 1,
      stationId: context.stationId,
      number: requestNumber(parts),
      category: input.category,
      description: input.description.trim(),
      ...(contactName ? { contactName } : {}),
      phone: input.phone,
      ...(input.creditHash ? { creditHash: input.creditHash } : {}),
      keyHash: input.keyHash,
      idempotencyKey: input.idempotencyKey,
      kioskAt: context.at,
    },
  };
}
