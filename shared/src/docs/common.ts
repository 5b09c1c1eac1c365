/**
 * Building blocks shared by the document schemas. Every document has a `type`, a `schemaVersion`
 * and a CouchDB `_id` whose scheme lives in `ids.ts`. Instants are epoch milliseconds, days are
 * station days (YYYY-MM-DD). Personal identifiers appear only as keyed hashes (`*Hash`).
 */
import { type TSchema, Type } from '@sinclair/typebox';
import {
  COUNTER_ID_PATTERN,
  GROUP_ID_PATTERN,
  POLICY_ID_PATTERN,
  SERVICE_ID_PATTERN,
  SERVICE_PREFIX_PATTERN,
  STATION_ID_PATTERN,
} from '../ids.ts';
import { IDENTIFIER_HASH_PATTERN } from '../validate/hash.ts';

export const SCHEMA_VERSION = 1;

export const DayString = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'station day YYYY-MM-DD',
});
export const ClockTime = Type.String({
  pattern: '^(?:[01]\\d|2[0-3]):[0-5]\\d$|^24:00$',
  description: "station time 'HH:MM', '24:00' = end of day",
});
/** Epoch milliseconds (2000-01-01 … 2200-01-01). */
export const Instant = Type.Integer({ minimum: 946_684_800_000, maximum: 7_258_118_400_000 });
export const Hash = Type.String({
  pattern: IDENTIFIER_HASH_PATTERN,
  description: 'HMAC-SHA256, lower-case hex',
});
export const StationId = Type.String({ pattern: STATION_ID_PATTERN });
export const ServiceId = Type.String({ pattern: SERVICE_ID_PATTERN });
export const CounterId = Type.String({ pattern: COUNTER_ID_PATTERN });
export const PolicyId = Type.String({ pattern: POLICY_ID_PATTERN });
export const GroupId = Type.String({ pattern: GROUP_ID_PATTERN });
export const ServicePrefix = Type.String({ pattern: SERVICE_PREFIX_PATTERN });
export const TicketNumber = Type.String({ pattern: '^[A-HJ-NP-Z]\\d{3}$' });
/** Who did something: a staff id, 'kiosk', 'system' or an operator id. */
export const Actor = Type.String({ minLength: 1, maxLength: 64 });
/** A short machine token: lower-case letters, digits and dashes. */
export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });
/** Phone as `validatePhone` normalises it (mobile, area-subscriber[-ext], or hotline). */
export const Phone = Type.String({
  pattern: '^(?:1[3-9]\\d{9}|0\\d{2,3}-\\d{7,8}(?:-\\d{1,6})?|[48]00\\d{7})$',
});
export const HttpUrl = Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2000 });
export const LangTag = Type.Union([Type.Literal('zh'), Type.Literal('en')]);

/** Text in Chinese and English. */
export function Localised(maxLength: number, minLength = 1) {
  return Type.Object(
    { zh: Type.String({ minLength, maxLength }), en: Type.String({ minLength, maxLength }) },
    { additionalProperties: false },
  );
}

/** Fields every stored document has, besides its own. */
export function docBase<T extends string>(type: T, idPattern: string) {
  return {
    _id: Type.String({ pattern: idPattern, maxLength: 300 }),
    _rev: Type.Optional(Type.String({ maxLength: 100 })),
    type: Type.Literal(type),
    schemaVersion: Type.Literal(SCHEMA_VERSION),
  };
}

/** A document object: no fields beyond the declared ones. */
export function Doc<P extends Record<string, TSchema>>(properties: P, title: string) {
  return Type.Object(properties, { additionalProperties: false, title });
}
