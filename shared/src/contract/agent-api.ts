/**
 * The station agent's HTTP contract with its browser apps (kiosk, counter console, call display):
 * every route's params, body and replies as TypeBox schemas. The agent's routes declare these
 * (so requests are checked and replies serialised by them, and /docs describes them); the
 * browser apps use their `Static<>` types; the contract test checks every reply against them.
 * `AGENT_ROUTES` lists every route with its schemas.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { REQUEST_CATEGORIES, type RequestCategory } from '../cases/categories.ts';
import { RatingClassSchema } from '../docs/feedback.ts';
import { PolicyContentSchema } from '../docs/policy.ts';
import { PolicyTagListSchema } from '../docs/policy-tags.ts';
import { CallingPolicySchema, OpeningHoursSchema } from '../docs/station.ts';
import { PrinterInfoSchema, SyncStatusSchema, TicketPrintStateSchema } from './states.ts';

// ---------------------------------------------------------------------------------------------
// Building blocks

const closed = { additionalProperties: false } as const;

/** Text in Chinese and English. */
export const Text2Schema = Type.Object({ zh: Type.String(), en: Type.String() }, closed);
export type Text2 = Static<typeof Text2Schema>;

export const LangSchema = Type.Union([Type.Literal('zh'), Type.Literal('en')]);
export type Lang = Static<typeof LangSchema>;

/** A retry key: the same key always gives the same ticket or request. */
export const IdempotencyKeySchema = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const ServiceIdInput = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9-]+$' });
const Identifier = Type.String({ minLength: 1, maxLength: 32 });

/** Every error answer: a stable code, English and Chinese messages, the field and reason when known. */
export const ErrorBodySchema = Type.Object(
  {
    code: Type.String({ pattern: '^XZ_ERR_[A-Z_]+$' }),
    message: Type.String(),
    messageZh: Type.String(),
    field: Type.Optional(Type.String()),
    reason: Type.Optional(Type.String()),
  },
  { ...closed, title: 'ErrorBody' },
);
export type ErrorBody = Static<typeof ErrorBodySchema>;

/** The error replies every route may give (validation, not found, conflicts, rate limit, 500 …). */
export const ErrorReplies = { '4xx': ErrorBodySchema, '5xx': ErrorBodySchema } as const;

export const OkReply = Type.Object({ ok: Type.Literal(true) }, closed);

const Minutes = Type.Number({ minimum: 0 });
export const WaitEstimateSchema = Type.Object({ minMinutes: Minutes, maxMinutes: Minutes }, closed);

/** Which rule chose a called ticket (see the queue's calling rules). */
export const CALL_RULES = [
  'manual',
  'fifo',
  'green-first',
  'green-quota',
  'aging',
  'reserved-counter',
  'strict-priority',
  'transfer-front',
] as const;
export const CallRuleSchema = Type.Union(CALL_RULES.map((r) => Type.Literal(r)));

/** Why a ticket would be (or was) called: a domain message key with its parameters. */
export const ExplanationSchema = Type.Object(
  {
    key: Type.String(),
    params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  },
  { ...closed, title: 'Explanation' },
);
export type Explanation = Static<typeof ExplanationSchema>;

// ---------------------------------------------------------------------------------------------
// Station, health, services, printer

export const HealthReply = Type.Object(
  {
    ok: Type.Boolean(),
    stationId: Type.String(),
    /** Software version of the agent. */
    version: Type.String(),
    hub: SyncStatusSchema,
    printer: PrinterInfoSchema,
  },
  { ...closed, title: 'Health' },
);
export type Health = Static<typeof HealthReply>;

/** A green-channel group a citizen can declare or be recognised in. */
export const GroupInfoSchema = Type.Object(
  {
    id: Type.String(),
    name: Text2Schema,
    /** The citizen may declare it at the kiosk. */
    declarable: Type.Boolean(),
    /** Staff confirm it at the counter. */
    confirm: Type.Boolean(),
  },
  closed,
);
export type GroupInfo = Static<typeof GroupInfoSchema>;

export const StationReply = Type.Object(
  {
    id: Type.String(),
    name: Text2Schema,
    /** IANA time zone of station time. */
    timeZone: Type.String(),
    /** Opening hours, in station time. */
    hours: Type.Array(OpeningHoursSchema),
    phone: Type.Optional(Type.String()),
    /** Seconds without a touch before the kiosk returns home. */
    idleSeconds: Type.Integer({ minimum: 1 }),
    /** The same in elder mode (longer). */
    elderIdleSeconds: Type.Integer({ minimum: 1 }),
    /** Seconds the ticket confirmation stays once printed. */
    confirmationSeconds: Type.Integer({ minimum: 1 }),
    /** The district's emblem or branding image for the home screen. */
    brandingImage: Type.Optional(Type.String()),
    counters: Type.Array(Type.Object({ id: Type.String(), services: Type.Array(Type.String()) }, closed)),
    services: Type.Array(
      Type.Object({ id: Type.String(), prefix: Type.String(), name: Text2Schema }, closed),
    ),
    groups: Type.Array(GroupInfoSchema),
  },
  { ...closed, title: 'Station' },
);
export type Station = Static<typeof StationReply>;

export const CLOSED_REASONS = ['hours', 'cap', 'no-counter'] as const;

/** A service at the kiosk: open or why closed, people waiting, a wait range, the counters serving it. */
export const ServiceInfoSchema = Type.Object(
  {
    id: Type.String(),
    prefix: Type.String(),
    name: Text2Schema,
    open: Type.Boolean(),
    closedReason: Type.Optional(Type.Union(CLOSED_REASONS.map((r) => Type.Literal(r)))),
    /** Few tickets left today. */
    nearCap: Type.Boolean(),
    waiting: Type.Integer({ minimum: 0 }),
    estimate: WaitEstimateSchema,
    counters: Type.Array(Type.String()),
  },
  { ...closed, title: 'ServiceInfo' },
);
export type ServiceInfo = Static<typeof ServiceInfoSchema>;

export const ServicesReply = Type.Object({ services: Type.Array(ServiceInfoSchema) }, closed);

export const PrinterReply = PrinterInfoSchema;

// ---------------------------------------------------------------------------------------------
// Tickets and the green channel

export const TICKET_STATUSES = ['waiting', 'called', 'served', 'no-show', 'cancelled'] as const;
export const GREEN_HOWS = ['id-age', 'list', 'declared'] as const;

/** A ticket's green-channel grant as screens show it. */
export const TicketGreenSchema = Type.Object(
  {
    groupId: Type.String(),
    name: Text2Schema,
    how: Type.Union(GREEN_HOWS.map((h) => Type.Literal(h))),
    /** Staff still have to confirm the declared group. */
    needsConfirmation: Type.Boolean(),
  },
  closed,
);

/** A ticket as the agent tells browsers about it. */
export const TicketSchema = Type.Object(
  {
    id: Type.String(),
    number: Type.String(),
    serviceId: Type.String(),
    serviceName: Text2Schema,
    kind: Type.Union([Type.Literal('green'), Type.Literal('normal')]),
    green: Type.Optional(TicketGreenSchema),
    status: Type.Union(TICKET_STATUSES.map((s) => Type.Literal(s))),
    issuedAt: Type.Integer(),
    /** Station day and time of issue, 'YYYY-MM-DD HH:MM'. */
    issuedAtText: Type.String(),
    /** People called before this ticket. */
    ahead: Type.Integer({ minimum: 0 }),
    estimate: WaitEstimateSchema,
    /** Counters serving the ticket's service. */
    counters: Type.Array(Type.String()),
    /** The counter that called it. */
    counterId: Type.Optional(Type.String()),
    /** The ticket's status page (its QR code). */
    statusUrl: Type.String(),
    /** Where its slip is; absent before the slip was queued. */
    print: Type.Optional(TicketPrintStateSchema),
  },
  { ...closed, title: 'Ticket' },
);
export type Ticket = Static<typeof TicketSchema>;

export const IssueTicketBody = Type.Object(
  {
    serviceId: ServiceIdInput,
    idempotencyKey: IdempotencyKeySchema,
    idNumber: Type.Optional(Identifier),
    creditCode: Type.Optional(Identifier),
    declaredGroup: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    lang: Type.Optional(LangSchema),
  },
  closed,
);
export type IssueTicketInput = Static<typeof IssueTicketBody>;

export const TicketReply = Type.Object({ ticket: TicketSchema }, closed);
export type TicketReplyBody = Static<typeof TicketReply>;

export const TicketParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const GreenCheckBody = Type.Object(
  { idNumber: Type.Optional(Identifier), creditCode: Type.Optional(Identifier) },
  closed,
);
export type GreenCheckInput = Static<typeof GreenCheckBody>;

export const GreenCheckReply = Type.Object(
  {
    valid: Type.Literal(true),
    grant: Type.Optional(
      Type.Object(
        {
          ...TicketGreenSchema.properties,
          /** Why the group applies, in words. */
          reason: Text2Schema,
        },
        closed,
      ),
    ),
  },
  { ...closed, title: 'GreenCheck' },
);
export type GreenCheck = Static<typeof GreenCheckReply>;

// ---------------------------------------------------------------------------------------------
// Counters

export const CounterParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 8, pattern: '^[A-Za-z0-9-]+$' }),
});

export const TicketRefBody = Type.Object({ ticketId: Type.String({ minLength: 1, maxLength: 64 }) }, closed);
export const EmptyBody = Type.Optional(Type.Object({}, closed));
export const TransferBody = Type.Object(
  {
    toServiceId: ServiceIdInput,
    position: Type.Union([Type.Literal('front'), Type.Literal('back')]),
  },
  closed,
);
export const ConfirmGreenBody = Type.Object({ confirmed: Type.Boolean() }, closed);

export const SessionBody = Type.Object(
  {
    /** The staff id (工号, the hub username). */
    staff: Type.String({ minLength: 1, maxLength: 64 }),
    /** The account's password or the counter PIN. */
    secret: Type.String({ minLength: 1, maxLength: 200 }),
    force: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type SessionInput = Static<typeof SessionBody>;

export const SessionReply = Type.Object(
  {
    token: Type.String(),
    counterId: Type.String(),
    /** The staff member's name. */
    staff: Type.String(),
    /** The staff id (工号) the counter's actions are recorded under. */
    staffId: Type.String(),
  },
  { ...closed, title: 'CounterSession' },
);
export type CounterSession = Static<typeof SessionReply>;

export const StaffCountReply = Type.Object(
  {
    /** Staff accounts from the hub (cached at the station). */
    hub: Type.Integer({ minimum: 0 }),
    /** Staff in the station's local file. */
    local: Type.Integer({ minimum: 0 }),
    /** The hub's staff list was made with another deployment key and is not used. */
    keyMismatch: Type.Boolean(),
  },
  closed,
);

const NextCallSchema = Type.Object(
  { ticketId: Type.String(), number: Type.String(), rule: CallRuleSchema, explanation: ExplanationSchema },
  closed,
);

export const WaitingTicketSchema = Type.Object(
  {
    ...TicketSchema.properties,
    waitedMinutes: Type.Number({ minimum: 0 }),
    /** The counter whose next call would be this ticket, and why. */
    wouldBeCalledBy: Type.Optional(
      Type.Object({ counterId: Type.String(), rule: CallRuleSchema, explanation: ExplanationSchema }, closed),
    ),
  },
  { ...closed, title: 'WaitingTicket' },
);
export type WaitingTicket = Static<typeof WaitingTicketSchema>;

export const CounterStateSchema = Type.Object(
  {
    id: Type.String(),
    services: Type.Array(Type.String()),
    /** The signed-in staff member's name and id. */
    staff: Type.Optional(Type.String()),
    staffId: Type.Optional(Type.String()),
    current: Type.Optional(TicketSchema),
    /** What the counter would call next, and why. */
    next: Type.Optional(NextCallSchema),
  },
  { ...closed, title: 'CounterState' },
);
export type CounterState = Static<typeof CounterStateSchema>;

/** A call as the call display shows it. */
export const RecentCallSchema = Type.Object(
  {
    number: Type.String(),
    counterId: Type.String(),
    green: Type.Boolean(),
    serviceId: Type.String(),
    at: Type.Integer(),
  },
  closed,
);
export type RecentCall = Static<typeof RecentCallSchema>;

/** A no-show that staff can still restore to its place, until `until` (epoch ms). */
export const RecentNoShowSchema = Type.Object(
  {
    ticketId: Type.String(),
    number: Type.String(),
    serviceId: Type.String(),
    counterId: Type.Optional(Type.String()),
    at: Type.Integer(),
    until: Type.Integer(),
  },
  closed,
);
export type RecentNoShow = Static<typeof RecentNoShowSchema>;

export const QueueReply = Type.Object(
  {
    /** The station's calling policy. */
    policy: CallingPolicySchema,
    /** Green calls in a row at the station. */
    greenStreak: Type.Integer({ minimum: 0 }),
    /** Every waiting ticket, longest queued first. */
    waiting: Type.Array(WaitingTicketSchema),
    counters: Type.Array(CounterStateSchema),
    /** The last calls, newest first. */
    recentCalls: Type.Array(RecentCallSchema),
    /** No-shows that can still be restored, newest first. */
    recentNoShows: Type.Array(RecentNoShowSchema),
  },
  { ...closed, title: 'QueueSnapshot' },
);
export type QueueSnapshot = Static<typeof QueueReply>;

/** What a counter action did: the events it wrote, the ticket it touched, and the rule of a call. */
export const CounterActionReply = Type.Object(
  {
    /** Event types written, e.g. ['TicketCalled']. */
    events: Type.Array(Type.String()),
    ticket: Type.Optional(TicketSchema),
    rule: Type.Optional(CallRuleSchema),
    explanation: Type.Optional(ExplanationSchema),
  },
  { ...closed, title: 'CounterActionResult' },
);
export type CounterActionResult = Static<typeof CounterActionReply>;

// ---------------------------------------------------------------------------------------------
// Policies, ratings, requests

/** A policy as the kiosk shows it: the published content, its version and its public page. */
export const ShownPolicySchema = Type.Object(
  {
    ...PolicyContentSchema.properties,
    version: Type.Optional(Type.Integer({ minimum: 1 })),
    /** The policy's public page (its QR code). */
    url: Type.String(),
  },
  { ...closed, title: 'ShownPolicy' },
);
export type ShownPolicy = Static<typeof ShownPolicySchema>;

export const PoliciesReply = Type.Object(
  {
    policies: Type.Array(ShownPolicySchema),
    /** The policy dictionary, so screens show tag labels and search knows synonyms. */
    tags: PolicyTagListSchema,
    /** The station-wide "all policies" page (政策码上查), the target of one QR code. */
    allUrl: Type.String(),
  },
  { ...closed, title: 'PolicyList' },
);
export type PolicyList = Static<typeof PoliciesReply>;

export const PolicyParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
export const PolicyReply = Type.Object({ policy: ShownPolicySchema }, closed);
export const PrintPolicyBody = Type.Optional(Type.Object({ lang: Type.Optional(LangSchema) }, closed));

const Level = Type.Integer({ minimum: 1, maximum: 5 });
export const INDICATORS = ['overall', 'efficiency', 'quality', 'attitude'] as const;

export const RatingBody = Type.Object(
  {
    ticketNumber: Type.String({ pattern: '^[A-HJ-NP-Z][0-9]{3}$' }),
    level: Level,
    indicators: Type.Optional(
      Type.Object({ overall: Level, efficiency: Level, quality: Level, attitude: Level }, closed),
    ),
    comment: Type.Optional(Type.String({ maxLength: 500 })),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
  },
  closed,
);
export type RatingInput = Static<typeof RatingBody>;

export const RatingReply = Type.Object(
  { rating: Type.Object({ id: Type.String(), level: Level, class: RatingClassSchema }, closed) },
  closed,
);
export type RatingReceipt = Static<typeof RatingReply>;

export { REQUEST_CATEGORIES, type RequestCategory };

export const RequestBody = Type.Object(
  {
    category: Type.Union(REQUEST_CATEGORIES.map((c) => Type.Literal(c))),
    description: Type.String({ minLength: 5, maxLength: 2000 }),
    contactName: Type.Optional(Type.String({ maxLength: 40 })),
    phone: Type.String({ minLength: 5, maxLength: 20 }),
    creditCode: Type.Optional(Type.String({ maxLength: 32 })),
    idempotencyKey: IdempotencyKeySchema,
  },
  closed,
);
export type RequestInput = Static<typeof RequestBody>;

export const RequestReceiptSchema = Type.Object(
  {
    id: Type.String(),
    /** The public request number the citizen follows it with. */
    number: Type.String(),
    /** When it was filed at the kiosk (epoch ms). */
    kioskAt: Type.Integer(),
    /** The request's public tracking page. */
    statusUrl: Type.String(),
  },
  { ...closed, title: 'RequestReceipt' },
);
export type RequestReceipt = Static<typeof RequestReceiptSchema>;
export const RequestReply = Type.Object({ request: RequestReceiptSchema }, closed);

// ---------------------------------------------------------------------------------------------
// Pages

/** An HTML page of the browser apps. */
export const PageReply = { content: { 'text/html': { schema: Type.String() } } } as const;
/** A short text answer (a page that is not there yet). */
export const PlainReply = { content: { 'text/plain': { schema: Type.String() } } } as const;

// ---------------------------------------------------------------------------------------------
// Every route

export interface AgentRoute {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  params?: TSchema;
  body?: TSchema;
  /** Success replies by status. */
  replies: Readonly<Record<number, TSchema>>;
}

const post = (url: string, body: TSchema | undefined, replies: Record<number, TSchema>, params?: TSchema) =>
  ({ method: 'POST', url, ...(body ? { body } : {}), ...(params ? { params } : {}), replies }) as const;
const get = (url: string, reply: TSchema, params?: TSchema) =>
  ({ method: 'GET', url, ...(params ? { params } : {}), replies: { 200: reply } }) as const;

/** Counter actions with their bodies (POST /api/counters/:id/<action>). */
export const COUNTER_ACTIONS = {
  'call-next': EmptyBody,
  recall: EmptyBody,
  'no-show': EmptyBody,
  finish: EmptyBody,
  call: TicketRefBody,
  'restore-no-show': TicketRefBody,
  transfer: TransferBody,
  'confirm-green': ConfirmGreenBody,
  reprint: TicketRefBody,
} as const;
export type CounterAction = keyof typeof COUNTER_ACTIONS;
/** A counter action with its body, one union for every button of the counter console. */
export type CounterCommand = {
  [A in CounterAction]: { type: A } & NonNullable<Static<(typeof COUNTER_ACTIONS)[A]>>;
}[CounterAction];

/** Every JSON route of the agent, with its schemas (the contract test walks this list). */
export const AGENT_ROUTES: readonly AgentRoute[] = [
  get('/api/health', HealthReply),
  get('/api/station', StationReply),
  get('/api/services', ServicesReply),
  get('/api/printer', PrinterReply),
  post('/api/tickets', IssueTicketBody, { 200: TicketReply, 201: TicketReply }),
  get('/api/tickets/:id', TicketReply, TicketParams),
  post('/api/green/check', GreenCheckBody, { 200: GreenCheckReply }),
  get('/api/queue', QueueReply),
  get('/api/counters/staff', StaffCountReply),
  post('/api/counters/:id/session', SessionBody, { 201: SessionReply }, CounterParams),
  { method: 'DELETE', url: '/api/counters/:id/session', params: CounterParams, replies: { 200: OkReply } },
  ...Object.entries(COUNTER_ACTIONS).map(([action, body]) =>
    post(`/api/counters/:id/${action}`, body, { 200: CounterActionReply }, CounterParams),
  ),
  get('/api/policies', PoliciesReply),
  get('/api/policies/:id', PolicyReply, PolicyParams),
  post('/api/policies/:id/print', PrintPolicyBody, { 200: OkReply }, PolicyParams),
  post('/api/ratings', RatingBody, { 201: RatingReply }),
  post('/api/requests', RequestBody, { 200: RequestReply, 201: RequestReply }),
];
