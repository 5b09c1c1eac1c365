/**
 * Tickets and ticket events, written by the station agent (the single writer of its queue).
 *
 * An event document (`type: 'ticket-event'`, `_id` event:{stationId}:{seq}) is the envelope
 * `{ stationId, seq, at, event: { type, data } }` around one queue event (TicketIssued,
 * TicketCalled …), with a station-wide `seq`. Events are the truth; a ticket document is the
 * agent's projection of one ticket's state after them (what the hub and reports read), plus the
 * keyed hashes given at issue.
 */
import { type Static, type TSchema, type TUnion, Type } from '@sinclair/typebox';
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

export const TicketStatusSchema = Type.Union([
  Type.Literal('waiting'),
  Type.Literal('called'),
  Type.Literal('served'),
  Type.Literal('no-show'),
  Type.Literal('cancelled'),
]);

export const TicketDocSchema = Doc(
  {
    ...docBase('ticket', TICKET_ID_PATTERN),
    /** Same as `_id`. */
    id: TicketIdString,
    stationId: StationId,
    day: DayString,
    serviceId: ServiceId,
    seq: Type.Integer({ minimum: 1, maximum: 999 }),
    number: TicketNumber,
    kind: TicketKindSchema,
    green: Type.Optional(GreenGrantSchema),
    /** Set when staff confirmed (true) or declined (false) a declared group. */
    greenConfirmed: Type.Optional(Type.Boolean()),
    status: TicketStatusSchema,
    issuedAt: Instant,
    /** Ordering key: issue time, or the time of a transfer or return to the queue. */
    queuedAt: Instant,
    /** Transferred to the front of its new service's queue. */
    front: Type.Boolean(),
    calledAt: Type.Optional(Instant),
    counterId: Type.Optional(CounterId),
    recalls: Type.Integer({ minimum: 0, maximum: 100 }),
    returnedToQueue: Type.Boolean(),
    calledRule: Type.Optional(CallRuleSchema),
    calls: Type.Integer({ minimum: 0, maximum: 1000 }),
    printed: Type.Integer({ minimum: 0, maximum: 1000 }),
    lang: LangTag,
    endedAt: Type.Optional(Instant),
    serviceSeconds: Type.Optional(Type.Number({ minimum: 0, maximum: 86_400 })),
    /** Keyed hash of the resident ID number given at the kiosk, if any. */
    idHash: Type.Optional(Hash),
    /** Keyed hash of the credit code given at the kiosk, if any. */
    creditHash: Type.Optional(Hash),
    idempotencyKey: Type.Optional(Type.String({ minLength: 8, maxLength: 100 })),
  },
  'Ticket',
);
export type TicketDoc = Static<typeof TicketDocSchema>;

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
  TicketRestored: Data({ ...atCounter, noShowAt: Instant }),
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

export function isTicketEventType(value: unknown): value is TicketEventType {
  return typeof value === 'string' && Object.hasOwn(TicketEventDataSchemas, value);
}

/** One queue event `{ type, data }` of a given type. */
function eventSchema<T extends TicketEventType>(type: T) {
  return Type.Object(
    { type: Type.Literal(type), data: TicketEventDataSchemas[type] },
    { additionalProperties: false },
  );
}

type EventSchemas = { [T in TicketEventType]: ReturnType<typeof eventSchema<T>> };

/** The schema of each queue event `{ type, data }`, by type. */
export const TicketEventSchemas: EventSchemas = Object.fromEntries(
  TICKET_EVENT_TYPES.map((t) => [t, eventSchema(t)]),
) as EventSchemas;

/** Any queue event (a union over `type`). */
export const TicketEventSchema = Type.Union(
  TICKET_EVENT_TYPES.map((t) => TicketEventSchemas[t]),
  { title: 'TicketEventBody' },
) as unknown as TUnion<EventSchemas[TicketEventType][]>;

export type TicketEvent = { [T in TicketEventType]: Static<EventSchemas[T]> }[TicketEventType];

export const TicketEventDocSchema = Doc(
  {
    ...docBase('ticket-event', TICKET_EVENT_ID_PATTERN),
    stationId: StationId,
    /** Station-wide event sequence, from 1. */
    seq: Type.Integer({ minimum: 1, maximum: 999_999_999_999 }),
    at: Instant,
    event: TicketEventSchema,
  },
  'TicketEvent',
);

export type TicketEventDoc = Omit<Static<typeof TicketEventDocSchema>, 'event'> & { event: TicketEvent };

export { SCHEMA_VERSION };
