/**
 * Ratings given on the ticket's phone page. The hub writes a `phone-rating:{ticketId}` document
 * into the station database; the station stays the only writer of ratings: this turns each one
 * into the station's own `rating:{ticketId}` with channel 'qr' when the ticket was served and has
 * no rating yet, and ignores it otherwise (one rating per ticket across kiosk and phone). A bad
 * rating then reaches the hub's cases like any other.
 */
import { ratingClass } from '@xz/shared/docs/feedback';
import { validateDocAs } from '@xz/shared/docs/validate';
import { ratingId } from '@xz/shared/ids';
import type PouchDB from 'pouchdb';

export type PhoneRatingOutcome = 'recorded' | 'rated-already' | 'not-served' | 'invalid';

export interface PhoneRatings {
  /** Applies the phone ratings with these ids (all of them when none are given). */
  apply(ids?: readonly string[]): Promise<Record<string, PhoneRatingOutcome>>;
}

const own = (doc: object): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (k === '_id' || !k.startsWith('_')) out[k] = v;
  return out;
};

const isMissing = (error: unknown) => (error as { status?: number }).status === 404;

export function createPhoneRatings(options: {
  db: PouchDB.Database;
  stationId: string;
  warn?: (message: string, detail?: Record<string, unknown>) => void;
}): PhoneRatings {
  const { db, stationId } = options;
  let tail: Promise<unknown> = Promise.resolve();

  async function applyOne(id: string): Promise<PhoneRatingOutcome> {
    let stored: object;
    try {
      stored = await db.get(id);
    } catch (error) {
      if (isMissing(error)) return 'invalid';
      throw error;
    }
    const checked = validateDocAs('phone-rating', own(stored));
    if (!checked.ok || checked.doc.stationId !== stationId) {
      options.warn?.('a phone rating from the hub was refused', {
        id,
        errors: checked.ok ? [] : checked.errors,
      });
      return 'invalid';
    }
    const phone = checked.doc;
    const id2 = ratingId(phone.ticketId);
    try {
      await db.get(id2);
      return 'rated-already';
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    let ticket: { status?: string; number?: string; serviceId?: string; counterId?: string };
    try {
      ticket = (await db.get(phone.ticketId)) as typeof ticket;
    } catch (error) {
      if (isMissing(error)) return 'not-served';
      throw error;
    }
    if (ticket.status !== 'served' || !ticket.number || !ticket.serviceId) return 'not-served';
    const rating = {
      _id: id2,
      type: 'rating' as const,
      schemaVersion: 1 as const,
      ticketId: phone.ticketId,
      ticketNumber: ticket.number,
      stationId,
      serviceId: ticket.serviceId,
      ...(ticket.counterId ? { counterId: ticket.counterId } : {}),
      level: phone.level,
      class: ratingClass(phone.level),
      ...(phone.indicators ? { indicators: phone.indicators } : {}),
      ...(phone.comment ? { comment: phone.comment } : {}),
      ...(phone.phone ? { phone: phone.phone } : {}),
      channel: 'qr' as const,
      at: phone.at,
      ...(phone.lang ? { lang: phone.lang } : {}),
    };
    const valid = validateDocAs('rating', rating);
    if (!valid.ok) {
      options.warn?.('a phone rating did not make a valid rating', { id, errors: valid.errors });
      return 'invalid';
    }
    try {
      await db.put(rating);
    } catch (error) {
      if ((error as { status?: number }).status === 409) return 'rated-already';
      throw error;
    }
    return 'recorded';
  }

  return {
    apply(ids) {
      const run = tail.then(async () => {
        const list =
          ids ??
          (await db.allDocs({ startkey: 'phone-rating:', endkey: 'phone-rating:\ufff0' })).rows.map(
            (r) => r.id,
          );
        const out: Record<string, PhoneRatingOutcome> = {};
        for (const id of list) if (id.startsWith('phone-rating:')) out[id] = await applyOne(id);
        return out;
      });
      tail = run.catch(() => undefined);
      return run;
    },
  };
}
