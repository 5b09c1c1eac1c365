/**
 * Cases (requests and bad ratings) for operators:
 *   GET  /api/cases?kind=&light=&department=&stationId=&closed=   the cases the operator may see
 *   GET  /api/cases/counts                                         open cases by light
 *   GET  /api/cases/settings                                       routing table and deadlines
 *   PUT  /api/cases/settings                                       (admin, district operator)
 *   GET  /api/cases/:caseId                                        one case with its history
 *   POST /api/cases/:caseId/:action                                an action (403 wrong role, 409 wrong state)
 * Who sees what: the district office every case, a department handler the requests routed to its
 * department, station staff the cases of their station.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type Static, Type } from '@sinclair/typebox';
import type { CaseCommand } from '@xz/shared/cases/case';
import { ErrorReply } from '../../errors.ts';
import { USERNAME_PATTERN } from '../../users/users.ts';

const Channel = Type.Union(['phone', 'sms', 'visit', 'other'].map((c) => Type.Literal(c)));
const Note = Type.String({ minLength: 1, maxLength: 2000 });
const LongText = Type.String({ minLength: 1, maxLength: 4000 });

/** The body of each action, checked before the domain sees it. */
export const CASE_ACTIONS = {
  reassign: Type.Object(
    { department: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }), note: Type.Optional(Note) },
    { additionalProperties: false },
  ),
  take: Type.Object({}, { additionalProperties: false }),
  assign: Type.Object({ to: Type.String({ pattern: USERNAME_PATTERN }) }, { additionalProperties: false }),
  contact: Type.Object({ channel: Channel, note: Note }, { additionalProperties: false }),
  reply: Type.Object({ text: LongText }, { additionalProperties: false }),
  resolve: Type.Object({ text: LongText }, { additionalProperties: false }),
  progress: Type.Object({ note: Note }, { additionalProperties: false }),
  'long-running': Type.Object({ note: Note }, { additionalProperties: false }),
  callback: Type.Object({ channel: Channel, note: Note }, { additionalProperties: false }),
  classify: Type.Object(
    {
      classification: Type.Union(
        ['fixed', 'fix-by-date', 'explained', 'appealed'].map((c) => Type.Literal(c)),
      ),
      fixBy: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
      note: Note,
    },
    { additionalProperties: false },
  ),
  rectification: Type.Object({ note: Note }, { additionalProperties: false }),
  feedback: Type.Object({ text: LongText }, { additionalProperties: false }),
  'decide-appeal': Type.Object(
    { decision: Type.Union([Type.Literal('upheld'), Type.Literal('voided')]), note: Note },
    { additionalProperties: false },
  ),
  'citizen-rating': Type.Object(
    {
      level: Type.Integer({ minimum: 1, maximum: 5 }),
      comment: Type.Optional(Type.String({ maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  close: Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false }),
  reopen: Type.Object({ reason: Note }, { additionalProperties: false }),
} as const;
export type CaseAction = keyof typeof CASE_ACTIONS;

/** The domain command of an action and its (already checked) body. */
export function commandOf(action: CaseAction, body: Record<string, unknown>): CaseCommand {
  const b = body as never as Record<string, string & number>;
  switch (action) {
    case 'reassign':
      return { type: 'Reassign', department: b.department, ...(b.note ? { note: b.note } : {}) };
    case 'take':
      return { type: 'Take' };
    case 'assign':
      return { type: 'Assign', to: b.to };
    case 'contact':
      return { type: 'RecordContact', channel: b.channel as never, note: b.note };
    case 'reply':
      return { type: 'Reply', text: b.text };
    case 'resolve':
      return { type: 'ResolveAtOnce', text: b.text };
    case 'progress':
      return { type: 'NoteProgress', note: b.note };
    case 'long-running':
      return { type: 'MarkLongRunning', note: b.note };
    case 'callback':
      return { type: 'CallBack', channel: b.channel as never, note: b.note };
    case 'classify':
      return {
        type: 'Classify',
        classification: b.classification as never,
        ...(b.fixBy ? { fixBy: b.fixBy } : {}),
        note: b.note,
      };
    case 'rectification':
      return { type: 'NoteRectification', note: b.note };
    case 'feedback':
      return { type: 'GiveFeedback', text: b.text };
    case 'decide-appeal':
      return { type: 'DecideAppeal', decision: b.decision as never, note: b.note };
    case 'citizen-rating':
      return { type: 'CitizenRate', level: b.level, ...(b.comment ? { comment: b.comment } : {}) };
    case 'close':
      return { type: 'Close', ...(b.note ? { note: b.note } : {}) };
    case 'reopen':
      return { type: 'Reopen', reason: b.reason };
    default: {
      const never: never = action;
      throw new Error(`unknown action ${String(never)}`);
    }
  }
}

const Due = Type.Object({
  contactBy: Type.Optional(Type.String()),
  feedbackBy: Type.Optional(Type.String()),
  progressBy: Type.Optional(Type.String()),
  callbackBy: Type.Optional(Type.String()),
  fixBy: Type.Optional(Type.String()),
});
const Met = Type.Object({
  contactBy: Type.Optional(Type.Boolean()),
  feedbackBy: Type.Optional(Type.Boolean()),
  progressBy: Type.Optional(Type.Boolean()),
  callbackBy: Type.Optional(Type.Boolean()),
  fixBy: Type.Optional(Type.Boolean()),
});
const Light = Type.Union(['green', 'yellow', 'red', 'none'].map((l) => Type.Literal(l)));

export const CaseViewReply = Type.Object({
  caseId: Type.String(),
  kind: Type.Union([Type.Literal('request'), Type.Literal('rating')]),
  number: Type.Optional(Type.String()),
  ratingId: Type.Optional(Type.String()),
  requestId: Type.Optional(Type.String()),
  stationId: Type.String(),
  category: Type.Optional(Type.String()),
  department: Type.Optional(Type.String()),
  level: Type.Optional(Type.Integer()),
  serviceId: Type.Optional(Type.String()),
  status: Type.String(),
  stage: Type.String(),
  assignee: Type.Optional(Type.String()),
  kioskAt: Type.String(),
  receivedAt: Type.String(),
  due: Due,
  met: Met,
  light: Light,
  provisional: Type.Boolean(),
  /** The hub's time the light was judged at. */
  asOf: Type.String(),
  longRunning: Type.Boolean(),
  voided: Type.Boolean(),
  reopenCount: Type.Integer(),
  citizenLevel: Type.Optional(Type.Integer()),
  reply: Type.Optional(Type.String()),
  feedback: Type.Optional(Type.String()),
  classification: Type.Optional(Type.String()),
  fixBy: Type.Optional(Type.String()),
});

export const CaseDetailReply = Type.Composite([
  CaseViewReply,
  Type.Object({
    history: Type.Array(
      Type.Object({
        type: Type.String(),
        at: Type.String(),
        by: Type.Optional(Type.String()),
        data: Type.Record(Type.String(), Type.Unknown()),
      }),
    ),
    citizen: Type.Optional(
      Type.Object({
        description: Type.Optional(Type.String()),
        contactName: Type.Optional(Type.String()),
        phone: Type.Optional(Type.String()),
        ticketNumber: Type.Optional(Type.String()),
        comment: Type.Optional(Type.String()),
        indicators: Type.Optional(Type.Record(Type.String(), Type.Integer())),
      }),
    ),
  }),
]);

const Days = Type.Integer({ minimum: 0, maximum: 60 });
export const CaseSettingsBody = Type.Object(
  {
    departments: Type.Array(
      Type.Object(
        {
          id: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }),
          zh: Type.String({ minLength: 1, maxLength: 60 }),
          en: Type.String({ minLength: 1, maxLength: 60 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
    categories: Type.Record(
      Type.String(),
      Type.Object(
        { department: Type.String({ maxLength: 40 }), contactDays: Days, feedbackDays: Days },
        { additionalProperties: false },
      ),
    ),
    rating: Type.Object({ callbackDays: Days, feedbackDays: Days }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

const CaseIdParam = Type.String({ pattern: '^case:[A-Za-z0-9:_-]{1,200}$' });

const cases: FastifyPluginAsyncTypebox = async (app) => {
  const anyOperator = app.requireRole();
  const district = app.requireRole('admin', 'district-operator');

  app.get(
    '/api/cases',
    {
      preHandler: anyOperator,
      schema: {
        querystring: Type.Object(
          {
            kind: Type.Optional(Type.Union([Type.Literal('request'), Type.Literal('rating')])),
            light: Type.Optional(Light),
            department: Type.Optional(Type.String({ maxLength: 40 })),
            stationId: Type.Optional(Type.String({ maxLength: 64 })),
            closed: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ cases: Type.Array(CaseViewReply) }),
          401: ErrorReply,
          403: ErrorReply,
        },
      },
    },
    async (request) => ({
      cases: await app.hub.cases.list(request.query as never, request.operator as never),
    }),
  );

  app.get(
    '/api/cases/counts',
    {
      preHandler: anyOperator,
      schema: {
        response: {
          200: Type.Object({
            red: Type.Integer(),
            yellow: Type.Integer(),
            green: Type.Integer(),
            none: Type.Integer(),
          }),
          401: ErrorReply,
        },
      },
    },
    async (request) => app.hub.cases.counts(request.operator as never),
  );

  app.get(
    '/api/cases/settings',
    { preHandler: anyOperator, schema: { response: { 200: CaseSettingsBody, 401: ErrorReply } } },
    async () => app.hub.cases.settings(),
  );

  app.put(
    '/api/cases/settings',
    {
      preHandler: district,
      schema: {
        body: CaseSettingsBody,
        response: { 200: CaseSettingsBody, 400: ErrorReply, 401: ErrorReply, 403: ErrorReply },
      },
    },
    async (request) => app.hub.cases.saveSettings(request.body, request.operator as never, request.ip),
  );

  app.get(
    '/api/cases/:caseId',
    {
      preHandler: anyOperator,
      schema: {
        params: Type.Object({ caseId: CaseIdParam }),
        response: { 200: CaseDetailReply, 401: ErrorReply, 403: ErrorReply, 404: ErrorReply },
      },
    },
    async (request) => app.hub.cases.get(request.params.caseId, request.operator as never),
  );

  for (const [action, body] of Object.entries(CASE_ACTIONS) as Array<
    [CaseAction, (typeof CASE_ACTIONS)[CaseAction]]
  >) {
    app.post(
      `/api/cases/:caseId/${action}`,
      {
        preHandler: anyOperator,
        bodyLimit: 16 * 1024,
        schema: {
          params: Type.Object({ caseId: CaseIdParam }),
          body,
          response: {
            200: CaseDetailReply,
            400: ErrorReply,
            401: ErrorReply,
            403: ErrorReply,
            404: ErrorReply,
            409: ErrorReply,
          },
        },
      },
      async (request) => {
        const input = request.body as Static<typeof body> as Record<string, unknown>;
        const assignee = action === 'assign' ? await app.ops.users.get(String(input.to)) : undefined;
        return app.hub.cases.act(
          request.params.caseId,
          commandOf(action, input),
          request.operator as never,
          request.ip,
          assignee,
        );
      },
    );
  }
};

export default cases;
