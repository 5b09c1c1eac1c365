/**
 * Business-support policies (惠企政策). The hub keeps one working document per policy
 * (`policy:{id}`) that moves through the workflow draft → in-review → approved → scheduled or
 * published → withdrawn or expired, and writes every publish as a new immutable version
 * (`policy:{id}:v{n}`) that replicates to the targeted stations. Withdrawing publishes a version
 * with status 'withdrawn', so kiosks learn it the same way.
 */
import { type Static, Type } from '@sinclair/typebox';
import { POLICY_DOC_ID_PATTERN, POLICY_VERSION_ID_PATTERN } from '../ids.ts';
import {
  Actor,
  DayString,
  Doc,
  docBase,
  HttpUrl,
  Instant,
  Localised,
  PolicyId,
  Slug,
  StationId,
} from './common.ts';

export const PolicyLevelSchema = Type.Union([
  Type.Literal('national'),
  Type.Literal('provincial'),
  Type.Literal('municipal'),
  Type.Literal('district'),
]);

export const PolicyStatusSchema = Type.Union([
  Type.Literal('draft'),
  Type.Literal('in-review'),
  Type.Literal('approved'),
  Type.Literal('scheduled'),
  Type.Literal('published'),
  Type.Literal('withdrawn'),
  Type.Literal('expired'),
]);
export type PolicyStatus = Static<typeof PolicyStatusSchema>;

/** Which stations a policy reaches: stations in any listed district, plus listed stations; both empty = all. */
export const PolicyTargetsSchema = Type.Object(
  {
    districts: Type.Array(Slug, { maxItems: 100, uniqueItems: true }),
    stations: Type.Array(StationId, { maxItems: 2000, uniqueItems: true }),
  },
  { additionalProperties: false, title: 'PolicyTargets' },
);

/** What a policy says, in Chinese and English (SPEC §6). */
export const PolicyContentSchema = Type.Object(
  {
    id: PolicyId,
    level: PolicyLevelSchema,
    /** Issuing department. */
    department: Localised(100),
    title: Localised(200),
    summary: Localised(1000),
    /** The full text of the policy. */
    fullText: Type.Optional(Localised(50_000)),
    /** 惠及对象 */
    beneficiaries: Localised(1000),
    /** 申报条件 */
    conditions: Localised(4000),
    /** Benefit and amount. */
    benefit: Localised(1000),
    /** Application window (申报 start and end), where to apply and the contact phone. */
    apply: Type.Object(
      {
        from: DayString,
        to: DayString,
        where: Localised(300),
        phone: Type.String({ minLength: 3, maxLength: 40 }),
      },
      { additionalProperties: false },
    ),
    sourceUrl: Type.Optional(HttpUrl),
    /** Industry, enterprise size, stage and topic tags. */
    tags: Type.Array(Slug, { maxItems: 30, uniqueItems: true }),
    /** 免申即享: granted without application. */
    exemptApplication: Type.Boolean(),
    signedAt: DayString,
    effectiveFrom: DayString,
    expiresAt: DayString,
  },
  { additionalProperties: false, title: 'PolicyContent' },
);
export type PolicyContent = Static<typeof PolicyContentSchema>;

/** The hub's working copy of a policy and its place in the workflow. */
export const PolicyDocSchema = Doc(
  {
    ...docBase('policy', POLICY_DOC_ID_PATTERN),
    policyId: PolicyId,
    status: PolicyStatusSchema,
    content: PolicyContentSchema,
    targets: PolicyTargetsSchema,
    /** Latest published version number; 0 before the first publish. */
    version: Type.Integer({ minimum: 0, maximum: 999_999 }),
    /** When a scheduled policy will be published. */
    scheduledAt: Type.Optional(Instant),
    reviewNote: Type.Optional(Type.String({ maxLength: 2000 })),
    createdAt: Instant,
    createdBy: Actor,
    updatedAt: Instant,
    updatedBy: Actor,
  },
  'Policy',
);

/** One immutable published version, as stations receive it. */
export const PolicyVersionDocSchema = Doc(
  {
    ...docBase('policy-version', POLICY_VERSION_ID_PATTERN),
    policyId: PolicyId,
    version: Type.Integer({ minimum: 1, maximum: 999_999 }),
    status: Type.Union([Type.Literal('published'), Type.Literal('withdrawn')]),
    content: PolicyContentSchema,
    targets: PolicyTargetsSchema,
    publishedAt: Instant,
    publishedBy: Actor,
    /** The version this one replaces (a rollback re-publishes older content as a new version). */
    previousVersion: Type.Optional(Type.Integer({ minimum: 1, maximum: 999_999 })),
  },
  'PolicyVersion',
);

export type PolicyDoc = Static<typeof PolicyDocSchema>;
export type PolicyVersionDoc = Static<typeof PolicyVersionDocSchema>;

/** Consistency beyond the schema: ids agree and the dates are in order. */
export function policyProblems(doc: PolicyDoc | PolicyVersionDoc): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const c = doc.content;
  if (c.id !== doc.policyId) problems.push({ path: '/content/id', message: 'must equal policyId' });
  const expectedId =
    doc.type === 'policy'
      ? `policy:${doc.policyId}`
      : `policy:${doc.policyId}:v${String(doc.version).padStart(6, '0')}`;
  if (doc._id !== expectedId) problems.push({ path: '/_id', message: `must be ${expectedId}` });
  if (c.apply.to < c.apply.from)
    problems.push({ path: '/content/apply/to', message: 'ends before it starts' });
  if (c.expiresAt < c.effectiveFrom)
    problems.push({ path: '/content/expiresAt', message: 'expires before it takes effect' });
  if (
    doc.type === 'policy-version' &&
    doc.previousVersion !== undefined &&
    doc.previousVersion >= doc.version
  )
    problems.push({ path: '/previousVersion', message: 'must be lower than version' });
  return problems;
}
