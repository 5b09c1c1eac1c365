/**
 * Green-channel (绿色通道) groups as data (`data/special-groups.json`): how each group is
 * recognised (age from the resident ID number, a keyed-hash list of ID numbers or of credit codes,
 * or the citizen's own declaration) and whether staff confirm it at the counter.
 */
import { type Static, Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DomainError, ErrorCode } from '../errors.ts';

export const RecognitionKindSchema = Type.Union([
  Type.Literal('id-age'),
  Type.Literal('list'),
  Type.Literal('list-credit-code'),
  Type.Literal('declared'),
]);
export type RecognitionKind = Static<typeof RecognitionKindSchema>;

export const GreenGroupSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }),
    zh: Type.String({ minLength: 1, maxLength: 60 }),
    en: Type.String({ minLength: 1, maxLength: 120 }),
    how: Type.Union([
      RecognitionKindSchema,
      Type.Array(RecognitionKindSchema, { minItems: 1, uniqueItems: true }),
    ]),
    minAge: Type.Optional(Type.Integer({ minimum: 0, maximum: 150 })),
    confirm: Type.Boolean(),
  },
  { additionalProperties: false },
);

export const GreenGroupsDataSchema = Type.Object(
  {
    note: Type.Optional(Type.String()),
    groups: Type.Array(GreenGroupSchema, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);

export type GreenGroupData = Static<typeof GreenGroupSchema>;

/** A group with its recognition kinds as a list. */
export interface GreenGroup {
  id: string;
  zh: string;
  en: string;
  how: readonly RecognitionKind[];
  minAge?: number;
  confirm: boolean;
}

const checker = TypeCompiler.Compile(GreenGroupsDataSchema);

/** Checks group data against the schema and its rules; throws XZ_ERR_VALIDATION naming the field. */
export function parseGreenGroups(input: unknown): readonly GreenGroup[] {
  if (!checker.Check(input)) {
    const errors = [...checker.Errors(input)].map((e) => ({ path: e.path || '/', message: e.message }));
    throw new DomainError(
      ErrorCode.Validation,
      `invalid green-channel groups: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
      { errors },
    );
  }
  const seen = new Set<string>();
  const groups = input.groups.map((g, i): GreenGroup => {
    const how = typeof g.how === 'string' ? [g.how] : g.how;
    const fail = (message: string) =>
      new DomainError(ErrorCode.Validation, `invalid green-channel group /groups/${i}: ${message}`, {
        errors: [{ path: `/groups/${i}`, message }],
      });
    if (seen.has(g.id)) throw fail(`duplicate group id ${g.id}`);
    seen.add(g.id);
    if (how.includes('id-age') !== (g.minAge !== undefined))
      throw fail('minAge is required with, and only with, id-age');
    const group: GreenGroup = {
      id: g.id,
      zh: g.zh,
      en: g.en,
      how: Object.freeze([...how]),
      confirm: g.confirm,
    };
    if (g.minAge !== undefined) group.minAge = g.minAge;
    return Object.freeze(group);
  });
  return Object.freeze(groups);
}
