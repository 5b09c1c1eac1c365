/**
 * Renders the decider's explanation of a call ("why this ticket next"). The agent sends a
 * message key with parameters, and may send the text itself; known rules have a wording here.
 */
import type { Explanation, Lang } from '../data/types.ts';

const RULES: Record<string, { zh: string; en: string }> = {
  'green-first': { zh: '绿色通道优先', en: 'green channel first' },
  quota: {
    zh: '已连续叫 {n} 个绿色通道号，按配额叫普通号',
    en: 'after {n} green calls in a row, a normal ticket (quota)',
  },
  aging: {
    zh: '普通号已等候超过 {minutes} 分钟，优先叫',
    en: 'normal ticket waiting over {minutes} min (aging)',
  },
  reserved: { zh: '本窗口专办此类号', en: 'counter reserved for this kind' },
  fifo: { zh: '按取号先后', en: 'first come, first served' },
  transferred: { zh: '转来排在队首', en: 'transferred to the front' },
  manual: { zh: '窗口指定叫号', en: 'called by the counter' },
};

export function explain(lang: Lang, e: Explanation | undefined, rule?: string): string {
  if (!e) return rule ? (RULES[rule]?.[lang] ?? rule) : '';
  if (e.text) return e.text[lang] || e.text.zh;
  const name = e.key.split('.').pop() ?? e.key;
  const template = RULES[name]?.[lang] ?? (rule ? RULES[rule]?.[lang] : undefined);
  if (!template) return e.key;
  return template.replace(/\{(\w+)\}/g, (m, k: string) =>
    e.params && k in e.params ? String(e.params[k]) : m,
  );
}
