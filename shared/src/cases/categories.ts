/**
 * The categories a citizen picks for a request (诉求) at the kiosk, with their labels in both
 * languages. Kept apart from the settings schema so pages that only show words stay small.
 */
export const REQUEST_CATEGORIES = [
  'enterprise',
  'policy',
  'service',
  'complaint',
  'suggestion',
  'other',
] as const;
export type RequestCategory = (typeof REQUEST_CATEGORIES)[number];

export const REQUEST_CATEGORY_LABELS: Readonly<Record<RequestCategory, { zh: string; en: string }>> = {
  enterprise: { zh: '企业诉求', en: 'Business request' },
  policy: { zh: '政策咨询', en: 'Policy question' },
  service: { zh: '办事服务', en: 'Service matter' },
  complaint: { zh: '投诉', en: 'Complaint' },
  suggestion: { zh: '意见建议', en: 'Suggestion' },
  other: { zh: '其他', en: 'Other' },
};

export function isRequestCategory(value: unknown): value is RequestCategory {
  return typeof value === 'string' && (REQUEST_CATEGORIES as readonly string[]).includes(value);
}
