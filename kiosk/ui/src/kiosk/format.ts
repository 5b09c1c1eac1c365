/** Small display helpers shared by the kiosk screens. */

import { ApiError } from '../data/http.ts';
import type { Lang, WaitEstimate } from '../data/types.ts';
import { tr } from '../i18n.ts';

export function waitRange(lang: Lang, e: WaitEstimate): string {
  if (e.maxMinutes <= 0) return tr(lang, 'app.minutes.zero');
  return tr(lang, 'app.minutes', { min: e.minMinutes, max: e.maxMinutes });
}

export function counterList(lang: Lang, counters: string[]): string {
  return counters.join(lang === 'zh' ? '、' : ', ');
}

/** The agent's message for an error, in the display language. */
export function errorText(lang: Lang, err: unknown): string {
  if (err instanceof ApiError) return lang === 'zh' ? err.messageZh : err.message;
  return err instanceof Error ? err.message : String(err);
}
