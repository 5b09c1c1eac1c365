/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * set (digits and upper-case letters without I, O, Z, S, V): registration authority, organisation
 * category, 6-digit administrative division code, 9-character organisation code, and a check
 * character (weighted sum modulo 31).
 */

export type CreditCodeReason = 'length' | 'format' | 'check-char';

export type CreditCodeResult = { ok: true; normalised: string } | { ok: false; reason: CreditCodeReason };

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character for the first 17 characters of a code. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('need exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17[i]);
    if (value < 0) throw new RangeError(`character ${first17[i]} is not in the credit code set`);
    sum += value * WEIGHTS[i];
  }
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31];
}

/** Removes spaces and dashes and upper-cases letters, as scanners and keypads may vary them. */
export function normaliseCreditCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export function validateCreditCode(input: string): CreditCodeResult {
  const value = normaliseCreditCode(input);
  if (value.length !== 18) return { ok: false, reason: 'length' };
  if (!FORMAT.test(value)) return { ok: false, reason: 'format' };
  if (creditCodeCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: 'check-char' };
  return { ok: true, normalised: value };
}
