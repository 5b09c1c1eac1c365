/**
 * Resident identity card numbers (居民身份证号码, GB 11643-1999): 6-digit address code, 8-digit
 * birth date, 3-digit sequence (odd = male), and a check character computed with ISO 7064
 * MOD 11-2 ('X' stands for 10). Scanners and keypads may type a lower-case x or spaces; both are
 * normalised away before checking.
 */
import { type Day, dayParts, formatDay, isValidDate } from '../calendar/day.ts';

export type ResidentIdReason = 'length' | 'format' | 'birth-date' | 'check-digit';

export interface ValidResidentId {
  ok: true;
  /** The number as stored before hashing: 18 characters, upper-case X. */
  normalised: string;
  birthDate: Day;
  sex: 'male' | 'female';
  /** Completed years of age on a station day. */
  ageAt(day: Day): number;
}

export interface InvalidResidentId {
  ok: false;
  reason: ResidentIdReason;
}

export type ResidentIdResult = ValidResidentId | InvalidResidentId;

export interface ResidentIdOptions {
  /** The station day; a birth date after it is refused as 'birth-date'. */
  today?: Day;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
/** Earliest birth year accepted: older numbers would describe people over 125. */
const MIN_BIRTH_YEAR = 1900;

/** The check character (0–9 or X) for the first 17 digits of a number. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('need exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Completed years between a birth date and a day; a 29 February birthday counts from 1 March in common years. */
export function ageAt(birthDate: Day, day: Day): number {
  const b = dayParts(birthDate);
  const d = dayParts(day);
  let age = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) age--;
  return age;
}

/** Removes what a keypad or scanner adds (spaces, dashes) and upper-cases x. */
export function normaliseResidentId(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export function validateResidentId(input: string, options: ResidentIdOptions = {}): ResidentIdResult {
  const value = normaliseResidentId(input);
  if (value.length !== 18) return { ok: false, reason: 'length' };
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, reason: 'format' };
  // Address codes start with a region digit 1–9 (1–6 mainland regions, 7 Taiwan, 8 Hong Kong,
  // Macao and Taiwan residents' permits, 9 foreigners' permanent residence cards); 0 is never used.
  if (value[0] === '0') return { ok: false, reason: 'format' };
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const dayOfMonth = Number(value.slice(12, 14));
  if (year < MIN_BIRTH_YEAR || !isValidDate(year, month, dayOfMonth))
    return { ok: false, reason: 'birth-date' };
  const birthDate = formatDay(year, month, dayOfMonth);
  if (options.today !== undefined && birthDate > options.today) return { ok: false, reason: 'birth-date' };
  if (residentIdCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: 'check-digit' };
  return {
    ok: true,
    normalised: value,
    birthDate,
    sex: Number(value[16]) % 2 === 1 ? 'male' : 'female',
    ageAt: (day: Day) => ageAt(birthDate, day),
  };
}
