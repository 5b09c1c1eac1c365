/**
 * Tickets and ticket events, written by the station agent (the single writer of its queue).
 *
 * A ticket document records the facts fixed at issue (number, service, day, green grant, hashes);
 * its status is derived from the events. An event document is the envelope
 * `{ type, data, at, stationId, seq }` with the event name as `type` (TicketIssued, TicketCalled …)
 * and a station-wide `seq`; its `_id` is `event:{stationId}:{seq}`.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { TICKET_EVENT_ID_PATTERN, TICKET_ID_PATTERN } from '../ids.ts';
import {
  Actor,
  CounterId,
  DayString,
  Doc,
  docBase,
  GroupId,
  Hash,
  Instant,
  LangTag,
  SCHEMA_VERSION,
  ServiceId,
  StationId,
  TicketNumber,
} from './common.ts';

const TicketIdString = Type.String({ pattern: TICKET_ID_PATTERN, maxLength: 200 });
export const TicketKindSchema = Type.Union([Type.Literal('green'), Type.Literal('normal')]);
export const GreenHowSchema = Type.Union([
  Type.Literal('id-age'),
  Type.Literal('list'),
  Type.Literal('declared'),
]);

export const GreenGrantSchema = Type.Object(
  { groupId: GroupId, how: GreenHowSchema, needsConfirmation: Type.Boolean() },
  { additionalProperties: false, title: 'GreenGrant' },
);

export const TicketDocSchema = Doc(
  {
    ...docBase('ticket', TICKET_ID_PATTERN),
    stationId: StationId,
    day: DayString,
    serviceId: ServiceId,
    seq: Type.Integer({ minimum: 1, maximum: 999 }),
    number: TicketNumber,
    kind: TicketKindSchema,
    green: Type.Optional(GreenGrantSchema),
    /** Keyed hash of the resident ID number given at the kiosk, if any. */
    idHash: Type.Optional(Hash),
    /** Keyed hash of the credit code given at the kiosk, if any. */
    creditHash: Type.Optional(Hash),
    issuedAt: Instant,
    idempotencyKey: Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
    lang: LangTag,
  },
  'Ticket',
);
export type TicketDoc = Static<typeof TicketDocSchema>;

export const CallRuleSchema = Type.Union([
  Type.Literal('manual'),
  Type.Literal('fifo'),
  Type.Literal('green-first'),
  Type.Literal('green-quota'),
  Type.Literal('aging'),
  Type.Literal('reserved-counter'),
  Type.Literal('strict-priority'),
  Type.Literal('transfer-front'),
]);

const ExplanationSchema = Type.Object(
  {
    key: Type.String({ pattern: '^call\\.rule\\.[a-z-]+$' }),
    params: Type.Record(
      Type.String({ maxLength: 40 }),
      Type.Union([Type.String({ maxLength: 200 }), Type.Number()]),
    ),
  },
  { additionalProperties: false },
);

/** Event data: exactly the declared fields. */
function Data<P extends Record<string, TSchema>>(properties: P) {
  return Type.Object(properties, { additionalProperties: false });
}

const base = { ticketId: TicketIdString, stationId: StationId, at: Instant };
const atCounter = { ...base, counterId: CounterId, by: Actor };

/** The data schema of each ticket event type. */
export const TicketEventDataSchemas = {
  TicketIssued: Data({
    ...base,
    serviceId: ServiceId,
    day: DayString,
    seq: Type.Integer({ minimum: 1, maximum: 999 }),
    number: TicketNumber,
    kind: TicketKindSchema,
    green: Type.Optional(GreenGrantSchema),
    issuedAt: Instant,
    idempotencyKey: Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
    lang: LangTag,
    by: Actor,
  }),
  GreenChannelGranted: Data({
    ...base,
    groupId: GroupId,
    how: GreenHowSchema,
    needsConfirmation: Type.Boolean(),
  }),
  TicketCalled: Data({
    ...atCounter,
    rule: CallRuleSchema,
    explanation: ExplanationSchema,
    kind: TicketKindSchema,
    waitedMs: Type.Integer({ minimum: 0 }),
  }),
  TicketRecalled: Data({ ...atCounter, recalls: Type.Integer({ minimum: 1, maximum: 100 }) }),
  TicketReturnedToQueue: Data({ ...atCounter, recalls: Type.Integer({ minimum: 0, maximum: 100 }) }),
  TicketNoShow: Data({
    ...atCounter,
    reason: Type.Union([Type.Literal('staff'), Type.Literal('recall-limit')]),
  }),
  TicketTransferred: Data({
    ...atCounter,
    fromServiceId: ServiceId,
    toServiceId: ServiceId,
    position: Type.Union([Type.Literal('front'), Type.Literal('back')]),
  }),
  TicketServed: Data({ ...atCounter, serviceSeconds: Type.Number({ minimum: 0, maximum: 86_400 }) }),
  TicketCancelled: Data({
    ...base,
    by: Actor,
    reason: Type.String({ minLength: 1, maxLength: 200 }),
    counterId: Type.Optional(CounterId),
  }),
  TicketReprinted: Data({ ...base, by: Actor }),
  TicketPrinted: Data({
    ...base,
    jobId: Type.String({ minLength: 1, maxLength: 100 }),
    reprint: Type.Boolean(),
  }),
  GreenChannelConfirmed: Data({ ...atCounter, groupId: GroupId }),
  GreenChannelDeclined: Data({ ...atCounter, groupId: GroupId }),
} as const satisfies Record<string, TSchema>;

export type TicketEventType = keyof typeof TicketEventDataSchemas;
export const TICKET_EVENT_TYPES = Object.freeze(
  Object.keys(TicketEventDataSchemas),
) as readonly TicketEventType[];

function eventDocSchema<T extends TicketEventType>(type: T) {
  return Doc(
    {
      ...docBase(type, TICKET_EVENT_ID_PATTERN),
      stationId: StationId,
      /** Station-wide event sequence, from 1. */
      seq: Type.Integer({ minimum: 1, maximum: 999_999_999_999 }),
      at: Instant,
      data: TicketEventDataSchemas[type],
    },
    `${type}Event`,
  );
}

type EventDocSchemas = { [T in TicketEventType]: ReturnType<typeof eventDocSchema<T>> };

/** One document schema per event type. */
export const TicketEventDocSchemas: EventDocSchemas = Object.fromEntries(
  TICKET_EVENT_TYPES.map((t) => [t, eventDocSchema(t)]),
) as EventDocSchemas;

export type TicketEventDoc = { [T in TicketEventType]: Static<EventDocSchemas[T]> }[TicketEventType];

/** Any ticket event document (a union over `type`), for embedding in other schemas. */
export const TicketEventDocSchema = Type.Union(
  TICKET_EVENT_TYPES.map((t) => TicketEventDocSchemas[t]),
  {
    title: 'TicketEvent',
  },
);

export { SCHEMA_VERSION };
