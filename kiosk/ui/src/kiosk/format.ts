/** Small display helpers shared by the kiosk screens. */

import { createStationTime } from '@xz/shared/time';
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

/** Station time as 'YYYY-MM-DD HH:mm', whatever zone the machine is in. */
export function stationDateTime(timeZone: string, at: number): string {
  return createStationTime(timeZone).dateTime(at);
}

/**
 * An instant near now in station time: 'HH:mm' when it falls on the station's today, else
 * 'YYYY-MM-DD HH:mm' (a last sync from yesterday must not read as a time of today).
 */
export function stationTimeBrief(timeZone: string, at: number, now: number): string {
  const time = createStationTime(timeZone);
  const clock = time.clock(at);
  return clock.day === time.day(now) ? clock.hhmm : `${clock.day} ${clock.hhmm}`;
}

/** The home screen's clock: 'HH:mm' and the date with the weekday, in station time. */
export function stationClock(lang: Lang, timeZone: string, at: number): { time: string; date: string } {
  const time = createStationTime(timeZone).clock(at).hhmm;
  const date = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'long',
  }).format(new Date(at));
  return { time, date };
}

/** Opening hours in words: 每天 08:30–17:30, or 24小时开放 for a 24-hour station. */
export function hoursText(
  lang: Lang,
  hours: readonly { days: 'mon-sun' | 'mon-fri' | 'sat-sun' | 'working-days'; from: string; to: string }[],
): string {
  return hours
    .map((h) =>
      h.days === 'mon-sun' && h.from === '00:00' && h.to === '24:00'
        ? tr(lang, 'home.hours.24h')
        : `${tr(lang, `home.days.${h.days}`)} ${h.from}–${h.to}`,
    )
    .join(lang === 'zh' ? '；' : '; ');
}
