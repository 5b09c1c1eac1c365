/**
 * Ratings (好差评) given at the kiosk: validate (the phone) → decide (`decideRating`: the day's
 * ticket by its number, served) → check the document against the shared schema → persist (one
 * rating per ticket: the store refuses a second). Nothing is printed or broadcast.
 */
import type { RatingInput, RatingReceipt } from '@xz/shared/contract/agent-api';
import { decideRating, ratedAlready } from '@xz/shared/feedback/rating';
import type PouchDB from 'pouchdb';
import type { QueueService } from '../queue-service.ts';
import { checkedDoc, phoneOrThrow } from './inputs.ts';

export interface FeedbackService {
  rate(input: RatingInput): Promise<RatingReceipt['rating']>;
}

export interface FeedbackServiceDeps {
  stationId: string;
  queue: Pick<QueueService, 'state'>;
  db: Pick<PouchDB.Database, 'put'>;
  /** The station day of an instant. */
  day: (at: number) => string;
  now: () => number;
}

export function createFeedbackService({
  stationId,
  queue,
  db,
  day,
  now,
}: FeedbackServiceDeps): FeedbackService {
  return {
    async rate(input) {
      const { phone: typed, ...rating } = input;
      const phone = typed ? phoneOrThrow(typed) : undefined;
      const at = now();
      const doc = checkedDoc(
        'rating',
        decideRating(
          { ...rating, ...(phone ? { phone } : {}) },
          { stationId, today: day(at), at, tickets: queue.state().tickets.values() },
        ),
      );
      try {
        await db.put(doc);
      } catch (error) {
        if ((error as { status?: number }).status === 409) throw ratedAlready();
        throw error;
      }
      return { id: doc._id, level: doc.level, class: doc.class };
    },
  };
}
