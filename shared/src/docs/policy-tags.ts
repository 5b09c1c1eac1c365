/**
 * The policy dictionary (惠企政策词典): the controlled vocabulary of policy tags, each with a
 * Chinese and English label, a group (industry, enterprise size, stage, topic) and synonyms that
 * search expands to (补贴 ↔ 奖励补贴, 贴息, 资金支持 …). The hub keeps one document,
 * `policy-tags`, in the published policies database (xz-policies), edited in the console and
 * replicated to stations with the policies; a station without it uses the bundled default
 * (`shared/data/policy-tags.json`). Screens show labels, never tag ids. The pure part (labels,
 * search words) is `policy/tags.ts`.
 */
import { type Static, Type } from '@sinclair/typebox';
import type { PolicyTag } from '../policy/tags.ts';
import { Actor, Doc, Instant, Localised, SCHEMA_VERSION, Slug } from './common.ts';

export {
  defaultPolicyTags,
  POLICY_TAG_GROUPS,
  type PolicyTag,
  type PolicyTagGroup,
  policyTagLabel,
  tagsForQuery,
} from '../policy/tags.ts';

export const POLICY_TAGS_DOC_ID = 'policy-tags';

export const PolicyTagGroupSchema = Type.Union([
  Type.Literal('industry'),
  Type.Literal('size'),
  Type.Literal('stage'),
  Type.Literal('topic'),
]);

export const PolicyTagSchema = Type.Object(
  {
    id: Slug,
    group: PolicyTagGroupSchema,
    label: Localised(40),
    /** Other words for the same thing, in either language; search finds the tag by them. */
    synonyms: Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 40 }),
  },
  { additionalProperties: false, title: 'PolicyTag' },
);

export const PolicyTagListSchema = Type.Array(PolicyTagSchema, { maxItems: 300 });

/** The dictionary document in xz-policies. */
export const PolicyTagsDocSchema = Doc(
  {
    _id: Type.Literal(POLICY_TAGS_DOC_ID),
    _rev: Type.Optional(Type.String({ maxLength: 100 })),
    type: Type.Literal('policy-tags'),
    schemaVersion: Type.Literal(SCHEMA_VERSION),
    tags: PolicyTagListSchema,
    updatedAt: Instant,
    updatedBy: Actor,
  },
  'PolicyTags',
);
export type PolicyTagsDoc = Static<typeof PolicyTagsDocSchema>;

/** Problems beyond the schema: every id once. */
export function policyTagProblems(tags: readonly PolicyTag[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const ids = new Set<string>();
  tags.forEach((t, i) => {
    if (ids.has(t.id)) problems.push({ path: `/tags/${i}/id`, message: `tag ${t.id} is listed twice` });
    ids.add(t.id);
  });
  return problems;
}
