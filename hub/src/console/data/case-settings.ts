/**
 * Checks the case settings as an operator typed them, before the hub checks them again: each wrong
 * field by its path (the hub's 400 names the same paths), with words in both languages.
 */
import { REQUEST_CATEGORIES } from '@xz/shared/cases/categories';
import type { CaseSettings } from './api.ts';
import { CHECK_WORDS, type Words } from './case-words.ts';

/** Checks settings as typed; errors by field path (`departments.0.id`, `categories.policy.contactDays`). */
export function checkCaseSettings(s: CaseSettings): Record<string, Words> {
  const errors: Record<string, Words> = {};
  const ids = new Set<string>();
  s.departments.forEach((d, i) => {
    if (!/^[a-z][a-z0-9-]{0,39}$/.test(d.id)) errors[`departments.${i}.id`] = CHECK_WORDS.departmentId;
    else if (ids.has(d.id)) errors[`departments.${i}.id`] = CHECK_WORDS.departmentTwice;
    ids.add(d.id);
    for (const lang of ['zh', 'en'] as const) {
      const v = d[lang].trim();
      if (v.length < 1 || v.length > 60) errors[`departments.${i}.${lang}`] = CHECK_WORDS.label;
    }
  });
  const days = (v: number) => Number.isInteger(v) && v >= 0 && v <= 60;
  for (const c of REQUEST_CATEGORIES) {
    const route = s.categories[c];
    if (!route || !ids.has(route.department))
      errors[`categories.${c}.department`] = CHECK_WORDS.departmentUnlisted;
    if (!route || !days(route.contactDays)) errors[`categories.${c}.contactDays`] = CHECK_WORDS.days;
    if (!route || !days(route.feedbackDays)) errors[`categories.${c}.feedbackDays`] = CHECK_WORDS.days;
  }
  if (!days(s.rating.callbackDays)) errors['rating.callbackDays'] = CHECK_WORDS.days;
  if (!days(s.rating.feedbackDays)) errors['rating.feedbackDays'] = CHECK_WORDS.days;
  return errors;
}
