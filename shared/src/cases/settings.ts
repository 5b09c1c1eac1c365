/**
 * Where requests go and how long each step may take: the routing table (category → department),
 * the departments, and the deadlines per category and for bad ratings. One document on the hub,
 * edited by a district operator; a case keeps the deadlines it was opened with.
 */
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DomainError, ErrorCode } from '../errors.ts';
import { REQUEST_CATEGORIES, type RequestCategory } from './categories.ts';

export {
  isRequestCategory,
  REQUEST_CATEGORIES,
  REQUEST_CATEGORY_LABELS,
  type RequestCategory,
} from './categories.ts';

const Days = Type.Integer({ minimum: 0, maximum: 60 });
const DepartmentId = Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' });
const Label = Type.String({ minLength: 1, maxLength: 60 });

export const CaseSettingsSchema = Type.Object(
  {
    departments: Type.Array(
      Type.Object({ id: DepartmentId, zh: Label, en: Label }, { additionalProperties: false }),
      { minItems: 1, maxItems: 200 },
    ),
    categories: Type.Object(
      Object.fromEntries(
        REQUEST_CATEGORIES.map((c) => [
          c,
          Type.Object(
            { department: DepartmentId, contactDays: Days, feedbackDays: Days },
            { additionalProperties: false },
          ),
        ]),
      ) as unknown as Record<RequestCategory, ReturnType<typeof Type.Object>>,
      { additionalProperties: false },
    ),
    rating: Type.Object({ callbackDays: Days, feedbackDays: Days }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export interface CaseSettings {
  departments: Array<{ id: string; zh: string; en: string }>;
  categories: Record<RequestCategory, { department: string; contactDays: number; feedbackDays: number }>;
  rating: { callbackDays: number; feedbackDays: number };
}

const checker = TypeCompiler.Compile(CaseSettingsSchema);

export const DEFAULT_CASE_SETTINGS: CaseSettings = {
  departments: [
    { id: 'approval', zh: '行政审批服务局', en: 'Administrative Approval Bureau' },
    { id: 'market', zh: '市场监督管理局', en: 'Market Regulation Bureau' },
    { id: 'tax', zh: '税务局', en: 'Tax Bureau' },
    { id: 'hrss', zh: '人力资源和社会保障局', en: 'Human Resources and Social Security Bureau' },
    { id: 'commerce', zh: '商务局', en: 'Commerce Bureau' },
    { id: 'subdistrict', zh: '街道办事处', en: 'Sub-district Office' },
  ],
  categories: {
    enterprise: { department: 'commerce', contactDays: 1, feedbackDays: 3 },
    policy: { department: 'approval', contactDays: 1, feedbackDays: 3 },
    service: { department: 'approval', contactDays: 1, feedbackDays: 3 },
    complaint: { department: 'market', contactDays: 1, feedbackDays: 3 },
    suggestion: { department: 'subdistrict', contactDays: 1, feedbackDays: 3 },
    other: { department: 'subdistrict', contactDays: 1, feedbackDays: 3 },
  },
  rating: { callbackDays: 1, feedbackDays: 5 },
};

/** Checks settings from the console: the schema, and every category routed to a listed department. */
export function parseCaseSettings(input: unknown): CaseSettings {
  if (!checker.Check(input)) {
    const first = checker.Errors(input).First();
    const field = (first?.path ?? '').replace(/^\//, '').replace(/\//g, '.') || 'settings';
    throw new DomainError(ErrorCode.Validation, `${field}: ${first?.message ?? 'invalid'}`, { field });
  }
  const settings = input as CaseSettings;
  const ids = new Set<string>();
  for (const d of settings.departments) {
    if (ids.has(d.id)) {
      throw new DomainError(ErrorCode.Validation, `departments: ${d.id} is listed twice`, {
        field: 'departments',
      });
    }
    ids.add(d.id);
  }
  for (const c of REQUEST_CATEGORIES) {
    const department = settings.categories[c].department;
    if (!ids.has(department)) {
      throw new DomainError(
        ErrorCode.Validation,
        `categories.${c}.department: ${department} is not a listed department`,
        {
          field: `categories.${c}.department`,
        },
      );
    }
  }
  return settings;
}
