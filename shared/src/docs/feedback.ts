/**
 * Ratings (好差评), follow-up cases for bad ratings, and requests (诉求).
 *
 * A rating is written once per ticket by the station (`rating:{ticketId}`); staff cannot rate, so
 * the channel is the kiosk or the citizen's phone. A 差评 (level 1–2) opens a follow-up case on
 * the hub (`case:{ratingId}`). A request keeps both its kiosk time and the time the hub received
 * it; its clock starts at the latter.
 */
import { type Static, Type } from '@sinclair/typebox';
import { REQUEST_KEY_HASH_PATTERN } from '../feedback/request-key.ts';
import {
  CASE_ID_PATTERN,
  PHONE_RATING_ID_PATTERN,
  RATING_ID_PATTERN,
  REQUEST_ID_PATTERN,
  REQUEST_NUMBER_PATTERN,
  TICKET_ID_PATTERN,
} from '../ids.ts';
import {
  Actor,
  CounterId,
  DayString,
  Doc,
  docBase,
  Hash,
  Instant,
  LangTag,
  Phone,
  ServiceId,
  Slug,
  StationId,
  TicketNumber,
} from './common.ts';

const Level = Type.Integer({ minimum: 1, maximum: 5 });

export const RatingClassSchema = Type.Union([
  Type.Literal('good'),
  Type.Literal('neutral'),
  Type.Literal('bad'),
]);

export const RatingDocSchema = Doc(
  {
    ...docBase('rating', RATING_ID_PATTERN),
    ticketId: Type.String({ pattern: TICKET_ID_PATTERN }),
    ticketNumber: TicketNumber,
    stationId: StationId,
    serviceId: ServiceId,
    counterId: Type.Optional(CounterId),
    /** 5 非常满意 … 1 非常不满意. */
    level: Level,
    /** 好评 = 5 or 4, 中评 = 3, 差评 = 2 or 1 (kept with the level for views and reports). */
    class: RatingClassSchema,
    /** The offline indicator set: 整体满意度, 服务效率, 服务水平, 服务态度 (all or none). */
    indicators: Type.Optional(
      Type.Object(
        { overall: Level, efficiency: Level, quality: Level, attitude: Level },
        { additionalProperties: false },
      ),
    ),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
    /** For a callback, when the citizen leaves one. */
    phone: Type.Optional(Phone),
    channel: Type.Union([Type.Literal('kiosk'), Type.Literal('qr')]),
    at: Instant,
    lang: Type.Optional(LangTag),
  },
  'Rating',
);
export type RatingDoc = Static<typeof RatingDocSchema>;

/**
 * A rating given on the ticket's phone page (`phone-rating:{ticketId}`), written by the hub into
 * the station's database. The station stays the only writer of ratings: its agent turns this into
 * its own `rating` with channel 'qr' when the ticket has none, and ignores it otherwise.
 */
export const PhoneRatingDocSchema = Doc(
  {
    ...docBase('phone-rating', PHONE_RATING_ID_PATTERN),
    ticketId: Type.String({ pattern: TICKET_ID_PATTERN }),
    stationId: StationId,
    level: Level,
    indicators: Type.Optional(
      Type.Object(
        { overall: Level, efficiency: Level, quality: Level, attitude: Level },
        { additionalProperties: false },
      ),
    ),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
    /** For a callback, when the citizen leaves one. */
    phone: Type.Optional(Phone),
    /** When the hub received it. */
    at: Instant,
    lang: Type.Optional(LangTag),
  },
  'PhoneRating',
);
export type PhoneRatingDoc = Static<typeof PhoneRatingDocSchema>;

export type RatingClass = 'good' | 'neutral' | 'bad';

/** 好评 = 5 or 4, 中评 = 3, 差评 = 2 or 1. */
export function ratingClass(level: number): RatingClass {
  if (!Number.isInteger(level) || level < 1 || level > 5)
    throw new RangeError(`rating level ${level} is not 1–5`);
  return level >= 4 ? 'good' : level === 3 ? 'neutral' : 'bad';
}

export const CaseStatusSchema = Type.Union([
  Type.Literal('open'),
  Type.Literal('called-back'),
  Type.Literal('rectifying'),
  Type.Literal('closed'),
  Type.Literal('reopened'),
]);

export const CaseClassificationSchema = Type.Union([
  Type.Literal('fixed'),
  Type.Literal('fix-with-deadline'),
  Type.Literal('explained'),
  Type.Literal('disputed'),
]);

export const FollowUpCaseDocSchema = Doc(
  {
    ...docBase('follow-up-case', CASE_ID_PATTERN),
    ratingId: Type.String({ pattern: RATING_ID_PATTERN }),
    ticketId: Type.String({ pattern: TICKET_ID_PATTERN }),
    stationId: StationId,
    status: CaseStatusSchema,
    /** Staff account the station's case is assigned to, if any. */
    assignee: Type.Optional(Actor),
    /** Last working day for the callback. */
    callbackDue: DayString,
    classification: Type.Optional(CaseClassificationSchema),
    rectification: Type.Optional(
      Type.Object(
        { notes: Type.String({ minLength: 1, maxLength: 4000 }), due: Type.Optional(DayString) },
        { additionalProperties: false },
      ),
    ),
    /** The citizen's rating after the follow-up. */
    secondLevel: Type.Optional(Level),
    reopenCount: Type.Integer({ minimum: 0, maximum: 100 }),
    history: Type.Array(
      Type.Object(
        {
          at: Instant,
          by: Actor,
          action: Type.Union([
            Type.Literal('opened'),
            Type.Literal('called-back'),
            Type.Literal('classified'),
            Type.Literal('rectified'),
            Type.Literal('second-rating'),
            Type.Literal('closed'),
            Type.Literal('reopened'),
          ]),
          note: Type.Optional(Type.String({ maxLength: 2000 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 500 },
    ),
    openedAt: Instant,
    closedAt: Type.Optional(Instant),
  },
  'FollowUpCase',
);
export type FollowUpCaseDoc = Static<typeof FollowUpCaseDocSchema>;

export const RequestDocSchema = Doc(
  {
    ...docBase('request', REQUEST_ID_PATTERN),
    /** The public request number the citizen follows the request with. */
    number: Type.String({ pattern: REQUEST_NUMBER_PATTERN }),
    stationId: StationId,
    category: Slug,
    description: Type.String({ minLength: 1, maxLength: 2000 }),
    contactName: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    phone: Phone,
    /** Keyed hash of the enterprise's credit code (validated at the kiosk), if given. */
    creditHash: Type.Optional(Hash),
    /**
     * SHA-256 (lower-case hex) of the key in the receipt's status link; the link's key itself is
     * never stored. Requests filed before links had keys have none, and no link opens them.
     */
    keyHash: Type.Optional(Type.String({ pattern: REQUEST_KEY_HASH_PATTERN })),
    /** The kiosk's retry key: one request however often the tap is sent. */
    idempotencyKey: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    /** When the citizen submitted it at the kiosk (station clock). */
    kioskAt: Instant,
    /** When the hub received it; deadlines run from here. */
    hubReceivedAt: Type.Optional(Instant),
    lang: Type.Optional(LangTag),
  },
  'Request',
);
export type RequestDoc = Static<typeof RequestDocSchema>;
