/**
 * Renders the decider's explanation of a call ("why this ticket next"). The agent sends a
 * message key with parameters; the key is worded by the shared
 * domain messages (the same ones the hub and the slips use), and a key without wording shows as
 * the rule in words, never as the key.
 */
import { isMessageKey, translate } from '@xz/shared/i18n/t';
import type { Explanation, Lang } from '../data/types.ts';

const RULES: Record<string, { zh: string; en: string }> = {
  'green-first': { zh: '绿色通道优先', en: 'green channel first' },
  quota: { zh: '绿色通道配额已满，叫普通号', en: 'green quota reached, a normal ticket' },
  'green-quota': { zh: '绿色通道配额已满，叫普通号', en: 'green quota reached, a normal ticket' },
  aging: { zh: '普通号等候过久，优先叫', en: 'normal ticket waiting long (aging)' },
  reserved: { zh: '本窗口专办此类号', en: 'counter reserved for this kind' },
  'reserved-counter': { zh: '本窗口专办此类号', en: 'counter reserved for this kind' },
  'strict-priority': { zh: '严格优先：绿色通道先叫', en: 'strict priority: green first' },
  fifo: { zh: '按取号先后', en: 'first come, first served' },
  transferred: { zh: '转来排在队首', en: 'transferred to the front' },
  'transfer-front': { zh: '转办后排在队首', en: 'transferred to the front' },
  manual: { zh: '窗口指定叫号', en: 'called by the counter' },
};

const GENERIC = { zh: '按叫号规则', en: 'by the calling rule' };

export function explain(lang: Lang, e: Explanation | undefined, rule?: string): string {
  if (e && isMessageKey(e.key)) {
    try {
      return translate(lang, e.key, e.params);
    } catch {
      // A parameter missing: the rule in words below.
    }
  }
  const name = e?.key.split('.').pop() ?? rule ?? '';
  if (!e && !rule) return '';
  return (RULES[name] ?? (rule ? RULES[rule] : undefined) ?? GENERIC)[lang];
}
