/**
 * Calendar days as ISO strings (YYYY-MM-DD), the form station days, deadlines and birth dates take
 * everywhere in Xiaozhan. Arithmetic goes through a day number (days since 1970-01-01, proleptic
 * Gregorian) so no time zone or clock is involved.
 */

/** A calendar day written YYYY-MM-DD. */
export type Day = string;

/** Weekday of a day: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 2:
      return isLeapYear(year) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

/** True when year, month and day name a real date (years 1–9999). */
export function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** True when `value` is a real date written YYYY-MM-DD. */
export function isDay(value: unknown): value is Day {
  if (typeof value !== 'string') return false;
  const m = DAY_PATTERN.exec(value);
  return m !== null && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export interface DayParts {
  year: number;
  month: number;
  day: number;
}

/** Splits a day into numbers; throws a RangeError when it is not a real YYYY-MM-DD date. */
export function dayParts(day: Day): DayParts {
  const m = DAY_PATTERN.exec(day);
  if (m === null || !isValidDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new RangeError(`not a calendar day (YYYY-MM-DD): ${JSON.stringify(day)}`);
  }
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function formatDay(year: number, month: number, day: number): Day {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Days since 1970-01-01 (negative before). */
export function dayNumber(day: Day): number {
  const { year, month, day: d } = dayParts(day);
  // Date.UTC treats years 0–99 as 1900–1999; setUTCFullYear avoids that.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, d);
  return Math.round(date.getTime() / 86_400_000);
}

export function dayFromNumber(n: number): Day {
  const date = new Date(n * 86_400_000);
  return formatDay(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

export function addDays(day: Day, n: number): Day {
  return dayFromNumber(dayNumber(day) + n);
}

export function weekday(day: Day): Weekday {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(day) + 4) % 7) + 7) % 7) as Weekday;
}

export function yearOf(day: Day): number {
  return dayParts(day).year;
}

/** The day written without dashes (YYYYMMDD), as request numbers use it. */
export function compactDay(day: Day): string {
  dayParts(day);
  return day.replaceAll('-', '');
}

/** Inverse of compactDay; null when not a real date. */
export function dayFromCompact(compact: string): Day | null {
  if (!/^\d{8}$/.test(compact)) return null;
  const day = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
  return isDay(day) ? day : null;
}
