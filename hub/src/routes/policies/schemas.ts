/** Request and reply shapes of the policy routes (shared with the console). */
import { Type } from '@sinclair/typebox';
import { PolicyContentSchema, PolicyStatusSchema, PolicyTargetsSchema } from '@xz/shared/docs/policy';

const Localised = Type.Object({ zh: Type.String(), en: Type.String() });

export const DeadlineReply = Type.Object({
  signedAt: Type.String(),
  dueDay: Type.Optional(Type.String()),
  state: Type.Union([
    Type.Literal('on-time'),
    Type.Literal('due-soon'),
    Type.Literal('overdue'),
    Type.Literal('not-tracked'),
  ]),
  publishedOn: Type.Optional(Type.String()),
  workingDaysLeft: Type.Optional(Type.Integer()),
});

export const PolicySummaryReply = Type.Object({
  policyId: Type.String(),
  title: Localised,
  status: PolicyStatusSchema,
  version: Type.Integer(),
  live: Type.Boolean(),
  scheduledAt: Type.Optional(Type.Number()),
  updatedAt: Type.Number(),
  updatedBy: Type.String(),
  targets: PolicyTargetsSchema,
  deadline: DeadlineReply,
});

export const VersionSummaryReply = Type.Object({
  version: Type.Integer(),
  status: Type.String(),
  publishedAt: Type.Number(),
  publishedBy: Type.String(),
  previousVersion: Type.Optional(Type.Integer()),
  title: Localised,
});

export const WorkflowReply = Type.Object({
  /** Who last saved the content (may not approve it). */
  savedBy: Type.Optional(Type.String()),
  submittedBy: Type.Optional(Type.String()),
  submittedAt: Type.Optional(Type.Number()),
  approvedBy: Type.Optional(Type.String()),
  approvedAt: Type.Optional(Type.Number()),
  live: Type.Boolean(),
  firstPublishedAt: Type.Optional(Type.Number()),
  lastPublishedAt: Type.Optional(Type.Number()),
  seeded: Type.Optional(Type.Boolean()),
});

export const PolicyDetailReply = Type.Composite([
  PolicySummaryReply,
  Type.Object({
    rev: Type.String(),
    content: PolicyContentSchema,
    reviewNote: Type.Optional(Type.String()),
    workflow: WorkflowReply,
    createdAt: Type.Number(),
    createdBy: Type.String(),
    versions: Type.Array(VersionSummaryReply),
    commands: Type.Array(Type.String()),
  }),
]);

/** Content is checked by the shared document schema in the service (400 names the field). */
export const PolicyBody = Type.Object(
  {
    content: Type.Unknown(),
    targets: Type.Optional(Type.Unknown()),
    rev: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const PolicyParams = Type.Object({ policyId: Type.String({ minLength: 1, maxLength: 64 }) });

export const NoteBody = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const RejectBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

export const ScheduleBody = Type.Object(
  { at: Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601 date-time with offset' }) },
  { additionalProperties: false },
);

export const VersionRef = Type.Union([Type.Integer({ minimum: 1 }), Type.Literal('working')]);

export const DiffQuery = Type.Object({
  from: Type.Optional(Type.String({ pattern: '^(\\d{1,6}|working)$' })),
  to: Type.Optional(Type.String({ pattern: '^(\\d{1,6}|working)$' })),
});

export const DiffReply = Type.Object({
  from: Type.Union([Type.Integer(), Type.Literal('working')]),
  to: Type.Union([Type.Integer(), Type.Literal('working')]),
  changes: Type.Array(
    Type.Object({
      path: Type.String(),
      kind: Type.Union([Type.Literal('added'), Type.Literal('removed'), Type.Literal('changed')]),
      from: Type.Optional(Type.Unknown()),
      to: Type.Optional(Type.Unknown()),
    }),
  ),
});
