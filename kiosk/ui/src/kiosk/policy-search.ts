/**
 * Pure policy lookups for the kiosk: search over titles, tags (by the dictionary's labels and
 * synonyms), and body text, in Chinese, English, pinyin or pinyin initials; open policies before
 * closed ones; the tag and 免申即享 filters; questionnaire ranking by tag overlap (open policies
 * only); and a month of application deadlines. Dates are station-local 'YYYY-MM-DD' strings;
 * "today" is passed in, and so is the pinyin matcher (loaded with the keyboard's dictionary).
 */
import { type PolicyTag, tagsForQuery } from '@xz/shared/policy/tags';
import { stationDay } from '@xz/shared/time';
import type { Policy } from '../data/types.ts';

export const CLOSING_SOON_DAYS = 14;

/** Questionnaire answers (tags), one group per question. */
export const QUESTIONS = {
  industry: ['technology', 'manufacturing', 'services', 'tourism', 'consumption', 'energy'],
  size: ['small-micro', 'sme', 'individual-business', 'private'],
  stage: ['startup', 'growth'],
} as const;
export type Question = keyof typeof QUESTIONS;

/**
 * Where Latin letters spell Chinese text in pinyin or initials (`butie`, `bt` → 补贴): the range
 * of characters matched, or false. pinyin-match's `match` has this shape.
 */
export type PinyinMatcher = (text: string, letters: string) => [number, number] | false;

export interface SearchOptions {
  /** Station-local today, for open/closed. */
  today: string;
  /** Only policies with this tag. */
  tag?: string;
  /** Only 免申即享 policies (no application needed). */
  exemptOnly?: boolean;
  /** The policy dictionary (labels and synonyms). */
  dictionary?: readonly PolicyTag[];
  /** Pinyin matching, once its dictionary has loaded. */
  pinyin?: PinyinMatcher;
}

export interface SearchHit {
  policy: Policy;
  score: number;
  /** Applications closed (the window ended before today). */
  closed: boolean;
}

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, '');
const LETTERS = /^[a-z]+$/;

/** Whether the matcher finds the letters as a whole word or as at least two characters of it. */
function spells(pinyin: PinyinMatcher | undefined, text: string, letters: string): boolean {
  if (!pinyin || !LETTERS.test(letters)) return false;
  const m = pinyin(text, letters);
  return m !== false && (m[1] - m[0] >= 1 || m[1] - m[0] + 1 === [...text].length);
}

/** Whether applications for the policy have closed by `today`. */
export function isClosed(p: Policy, today: string): boolean {
  return daysBetween(today, p.apply.to) < 0;
}

/**
 * Policies matching the query, best first: open before closed, then by where the words were
 * found (title, then tag, then synonym, then body text), then by the nearest deadline.
 * An empty query lists every policy the filters leave.
 */
export function searchPolicies(policies: readonly Policy[], query: string, opts: SearchOptions): SearchHit[] {
  const q = normalise(query);
  const dictionary = opts.dictionary ?? [];
  const named = new Set(tagsForQuery(dictionary, q).map((t) => t.id));
  for (const t of dictionary) {
    if ([t.label.zh, ...t.synonyms].some((w) => spells(opts.pinyin, w, q))) named.add(t.id);
  }
  const words = new Set<string>();
  for (const t of dictionary) {
    if (!named.has(t.id)) continue;
    for (const w of [t.label.zh, t.label.en, ...t.synonyms]) {
      const n = normalise(w);
      if (n && n !== q && (/[\u3400-\u9fff]/.test(n) || n.length >= 3)) words.add(n);
    }
  }
  const has = (text: { zh: string; en: string }, w: string) =>
    normalise(text.zh).includes(w) || normalise(text.en).includes(w);
  const hits: SearchHit[] = [];
  for (const policy of policies) {
    if (opts.tag && !policy.tags.includes(opts.tag)) continue;
    if (opts.exemptOnly && !policy.exemptApplication) continue;
    let score = 0;
    if (q) {
      const body = [
        policy.summary,
        policy.beneficiaries,
        policy.conditions,
        policy.benefit,
        policy.department,
      ];
      if (has(policy.title, q)) score += 16;
      else if (spells(opts.pinyin, policy.title.zh, q)) score += 12;
      if (policy.tags.some((t) => named.has(t))) score += 8;
      if ([...words].some((w) => has(policy.title, w))) score += 4;
      if (body.some((f) => has(f, q))) score += 2;
      else if ([...words].some((w) => body.some((f) => has(f, w)))) score += 1;
      if (score === 0) continue;
    }
    hits.push({ policy, score, closed: isClosed(policy, opts.today) });
  }
  return hits.sort(
    (a, b) =>
      Number(a.closed) - Number(b.closed) ||
      b.score - a.score ||
      a.policy.apply.to.localeCompare(b.policy.apply.to),
  );
}

/** Tags used by the given policies, most frequent first. */
export function tagsOf(policies: readonly Policy[]): string[] {
  const count = new Map<string, number>();
  for (const p of policies) for (const t of p.tags) count.set(t, (count.get(t) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([t]) => t);
}

/** Whole days from `today` to `date` (negative when past). */
export function daysBetween(today: string, date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** Whether applications close within CLOSING_SOON_DAYS (and are not closed yet). */
export function closingSoon(p: Policy, today: string): boolean {
  const d = daysBetween(today, p.apply.to);
  return d >= 0 && d <= CLOSING_SOON_DAYS;
}

/**
 * Policies ranked by how many chosen tags they carry; those with none are left out, and so are
 * policies no longer open for applications: the questionnaire never proposes a closed policy.
 */
export function rankPolicies(
  policies: readonly Policy[],
  chosen: readonly string[],
  today: string,
): { policy: Policy; score: number }[] {
  return policies
    .filter((p) => daysBetween(today, p.expiresAt) >= 0 && !isClosed(p, today))
    .map((policy) => ({ policy, score: policy.tags.filter((t) => chosen.includes(t)).length }))
    .filter((r) => r.score > 0)
    .sort((a, b) => b.score - a.score || a.policy.apply.to.localeCompare(b.policy.apply.to));
}

/** The application deadlines falling in one month (month 1–12), by day of month. */
export function deadlinesInMonth(policies: Policy[], year: number, month: number): Map<number, Policy[]> {
  const prefix = `${year}-${String(month).padStart(2, '0')}-`;
  const byDay = new Map<number, Policy[]>();
  for (const p of policies) {
    if (!p.apply.to.startsWith(prefix)) continue;
    const day = Number(p.apply.to.slice(8, 10));
    byDay.set(day, [...(byDay.get(day) ?? []), p]);
  }
  return byDay;
}

/** The weeks of a month as rows of 7 cells (Monday first), 0 for days outside it. */
export function monthGrid(year: number, month: number): number[][] {
  const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const offset = (first + 6) % 7;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const cells = [...Array(offset).fill(0), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(0);
  const rows: number[][] = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7));
  return rows;
}

/** Today's date 'YYYY-MM-DD' in the station's time zone, whatever zone the machine is in. */
export function todayIn(timeZone: string, now: number): string {
  return stationDay(now, timeZone);
}
