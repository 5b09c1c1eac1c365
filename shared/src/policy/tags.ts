/**
 * The policy dictionary (惠企政策词典) as plain data and pure functions, with no schema code, so
 * the kiosk's first load stays small: the tag type, the bundled vocabulary, labels and the tags a
 * search query names. The document schema is in `docs/policy-tags.ts`.
 */
import defaults from '../../data/policy-tags.json' with { type: 'json' };

export type PolicyTagGroup = 'industry' | 'size' | 'stage' | 'topic';
export const POLICY_TAG_GROUPS: readonly PolicyTagGroup[] = ['industry', 'size', 'stage', 'topic'];

export interface PolicyTag {
  id: string;
  group: PolicyTagGroup;
  label: { zh: string; en: string };
  /** Other words for the same thing, in either language; search finds the tag by them. */
  synonyms: string[];
}

/** The bundled vocabulary, used until the hub's dictionary arrives. */
export function defaultPolicyTags(): PolicyTag[] {
  return (defaults as { tags: PolicyTag[] }).tags.map((t) => ({
    ...t,
    label: { ...t.label },
    synonyms: [...t.synonyms],
  }));
}

/**
 * The label of a tag in the display language. A tag missing from the dictionary shows as words
 * (dashes become spaces) rather than as an id; the console refuses such tags on new policies.
 */
export function policyTagLabel(tags: readonly PolicyTag[], id: string, lang: 'zh' | 'en'): string {
  const t = tags.find((x) => x.id === id);
  if (t) return t.label[lang] || t.label.zh;
  const words = id.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/**
 * Tags a query names: its label or a synonym contains the query, or the query contains a Chinese
 * label or synonym of at least two characters (so 申请补贴 still finds 奖励补贴).
 */
export function tagsForQuery(tags: readonly PolicyTag[], query: string): PolicyTag[] {
  const q = normalise(query);
  if (!q) return [];
  return tags.filter((t) =>
    [t.label.zh, t.label.en, t.id, ...t.synonyms].some((w) => {
      const n = normalise(w);
      return n.includes(q) || (n.length >= 2 && /[\u3400-\u9fff]/.test(n) && q.includes(n));
    }),
  );
}
