/**
 * Pure station-time helpers. Station time is the station's own time zone (IANA name, e.g.
 * 'Asia/Shanghai'), whatever zone the machine's clock is in. Every function takes the instant
 * (epoch milliseconds) as an argument: nothing here reads the clock.
 */

/** Calendar day in station time, 'YYYY-MM-DD'. */
export type StationDay = string;

export interface StationClock {
  /** 'YYYY-MM-DD' in station time. */
  day: StationDay;
  /** 'HH:MM' in station time, 24-hour, '00:00'..'23:59'. */
  hhmm: string;
  /** Seconds since the station's local midnight (0..86399). */
  secondOfDay: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
}

export interface StationTime {
  readonly timeZone: string;
  /** Station day of an instant. */
  day(atMs: number): StationDay;
  /** Day, clock time and weekday of an instant. */
  clock(atMs: number): StationClock;
  /** 'YYYY-MM-DD HH:mm' in station time: an instant as staff and operators read it. */
  dateTime(atMs: number): string;
  /** Offset of station time from UTC at an instant, in minutes (Asia/Shanghai: +480). */
  offsetMinutes(atMs: number): number;
  /** Epoch ms of a station-local day and time ('HH:MM' or 'HH:MM:SS'; '24:00' is the next midnight). */
  toEpoch(day: StationDay, time: string): number;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** True when `timeZone` is an IANA zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** True for a real calendar day written 'YYYY-MM-DD'. */
export function isStationDay(value: string): boolean {
  const m = DAY_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Parses 'HH:MM' or 'HH:MM:SS' to seconds since midnight; '24:00' gives 86400. Null when invalid. */
export function parseClockTime(value: string): number | null {
  const m = TIME_RE.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h === 24 && min === 0 && s === 0) return 86_400;
  if (h > 23 || min > 59 || s > 59) return null;
  return h * 3600 + min * 60 + s;
}

/**
 * Station time for one zone. The formatter is created once per call of this factory; hold the
 * returned object where many conversions happen (replays, reports).
 * Throws RangeError for an unknown time zone.
 */
export function createStationTime(timeZone: string): StationTime {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    weekday: 'short',
  });
  const WEEKDAYS: Readonly<Record<string, number>> = {
    Mon: 1,
    Tue: 2,
    Wed: 3,
    Thu: 4,
    Fri: 5,
    Sat: 6,
    Sun: 7,
  };

  function parts(atMs: number) {
    if (!Number.isFinite(atMs)) throw new RangeError(`Not a valid instant: ${atMs}`);
    const p: Record<string, string> = {};
    for (const part of fmt.formatToParts(atMs)) p[part.type] = part.value;
    return {
      y: Number(p.year),
      mo: Number(p.month),
      d: Number(p.day),
      h: Number(p.hour) % 24,
      mi: Number(p.minute),
      s: Number(p.second),
      weekday: WEEKDAYS[p.weekday ?? ''] ?? 0,
    };
  }

  const pad = (n: number, w = 2) => String(n).padStart(w, '0');

  function offsetMinutes(atMs: number): number {
    const p = parts(atMs);
    const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
    const wholeSeconds = Math.floor(atMs / 1000) * 1000;
    return Math.round((asUtc - wholeSeconds) / 60_000);
  }

  return {
    timeZone,
    day(atMs) {
      const p = parts(atMs);
      return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`;
    },
    clock(atMs) {
      const p = parts(atMs);
      return {
        day: `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}`,
        hhmm: `${pad(p.h)}:${pad(p.mi)}`,
        secondOfDay: p.h * 3600 + p.mi * 60 + p.s,
        weekday: p.weekday,
      };
    },
    dateTime(atMs) {
      const p = parts(atMs);
      return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
    },
    offsetMinutes,
    toEpoch(day, time) {
      const dm = DAY_RE.exec(day);
      const seconds = parseClockTime(time);
      if (!dm || !isStationDay(day)) throw new RangeError(`Not a day 'YYYY-MM-DD': ${day}`);
      if (seconds === null) throw new RangeError(`Not a time 'HH:MM[:SS]': ${time}`);
      const localAsUtc = Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3])) + seconds * 1000;
      // Two passes settle the offset also next to a daylight-saving change.
      let guess = localAsUtc - offsetMinutes(localAsUtc) * 60_000;
      guess = localAsUtc - offsetMinutes(guess) * 60_000;
      return guess;
    },
  };
}

/** Station day 'YYYY-MM-DD' of an instant in a time zone. */
export function stationDay(atMs: number, timeZone: string): StationDay {
  return createStationTime(timeZone).day(atMs);
}

/** Station day, 'HH:MM' and ISO weekday of an instant in a time zone. */
export function stationClock(atMs: number, timeZone: string): StationClock {
  return createStationTime(timeZone).clock(atMs);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a 'YYYY-MM-DD' day (calendar arithmetic, no zone). */
export function weekdayOfDay(day: StationDay): number {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`Not a day 'YYYY-MM-DD': ${day}`);
  const dow = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return dow === 0 ? 7 : dow;
}
