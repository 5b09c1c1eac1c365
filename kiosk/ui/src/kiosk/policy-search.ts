/**
 * Pure policy lookups for the kiosk: Chinese/English substring search, tag filter,
 * questionnaire ranking by tag overlap, and a month of application deadlines.
 * Dates are station-local 'YYYY-MM-DD' strings; "today" is passed in.
 */
import type { Policy } from '../data/types.ts';

export const CLOSING_SOON_DAYS = 14;

/** Questionnaire answers (tags), one group per question. */
export const QUESTIONS = {
  industry: ['technology', 'manufacturing', 'services', 'tourism', 'consumption', 'energy'],
  size: ['small-micro', 'sme', 'individual-business', 'private'],
  stage: ['startup', 'growth'],
} as const;
export type Question = keyof typeof QUESTIONS;

const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/** Policies whose Chinese or English fields contain the query (ignoring case and spaces). */
export function searchPolicies(policies: Policy[], query: string, tag?: string): Policy[] {
  const q = normalise(query);
  return policies.filter((p) => {
    if (tag && !p.tags.includes(tag)) return false;
    if (!q) return true;
    const fields = [p.title, p.summary, p.beneficiaries, p.conditions, p.benefit, p.department];
    return fields.some((f) => normalise(f.zh).includes(q) || normalise(f.en).includes(q));
  });
}

/** Tags used by the given policies, most frequent first. */
export function tagsOf(policies: Policy[]): string[] {
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

/** Policies ranked by how many chosen tags they carry; those with none are left out. */
export function rankPolicies(
  policies: Policy[],
  chosen: readonly string[],
  today: string,
): { policy: Policy; score: number }[] {
  return policies
    .filter((p) => daysBetween(today, p.expiresAt) >= 0)
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
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(now));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
