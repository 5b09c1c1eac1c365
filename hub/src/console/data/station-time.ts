/**
 * Every time the console shows is station time, as the kiosks show it: 'YYYY-MM-DD HH:mm' in the
 * district's zone, whatever zone or locale the operator's browser is in. The hub keeps no zone per
 * station (its stations, case deadlines and reports all count in Asia/Shanghai), so neither does
 * the console. A time typed into the console is read in the same zone.
 */
import { createStationTime } from '@xz/shared/time';

/** The district's time zone, in which the console reads and writes times. */
export const STATION_TIME_ZONE = 'Asia/Shanghai';

const time = createStationTime(STATION_TIME_ZONE);

/** An instant (epoch ms or ISO 8601) in station time: `2026-12-01 09:30`; '—' when there is none. */
export function stationTime(at: string | number | undefined): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at;
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  return time.dateTime(ms);
}

/**
 * A deadline as its due day and 24:00: the API gives the instant the day ends (the next
 * midnight), so `2026-12-02T00:00:00+08:00` reads `2026-12-01 24:00`.
 */
export function dueTime(at: string | undefined): string {
  const ms = at === undefined ? Number.NaN : Date.parse(at);
  if (!Number.isFinite(ms)) return '—';
  const clock = time.clock(ms);
  if (clock.hhmm === '00:00') return `${time.day(ms - 1)} 24:00`;
  return `${clock.day} ${clock.hhmm}`;
}

/**
 * The instant of a `datetime-local` input's value ('YYYY-MM-DDTHH:mm'), read as station time
 * (not the browser's zone); undefined when the value is not a day and a time.
 */
export function stationInputTime(value: string): number | undefined {
  const [day, clock] = value.split('T');
  try {
    return day !== undefined && clock !== undefined ? time.toEpoch(day, clock) : undefined;
  } catch {
    return undefined;
  }
}
