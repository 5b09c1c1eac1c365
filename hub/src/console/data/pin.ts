/**
 * A station staff member's counter PIN as the console takes it: checked as typed (the hub checks
 * it again against the same pattern) and the words of the PIN forms in Chinese and English.
 */
import type { Words } from './case-words.ts';

/** A PIN: 6 to 12 digits (the hub's `PIN_PATTERN`, which lives beside node-only code). */
export const PIN_PATTERN = '^\\d{6,12}$';
const PIN = new RegExp(PIN_PATTERN);

export const PIN_WORDS = {
  digits: { zh: 'PIN 为 6 到 12 位数字。', en: 'A PIN is 6 to 12 digits.' },
  mismatch: { zh: '两次输入的 PIN 不一致。', en: 'The two PINs differ.' },
  set: (name: string): Words => ({
    zh: `${name} 的柜台 PIN 已设置，几分钟内在站点生效。`,
    en: `${name}’s counter PIN is set; the station has it within minutes.`,
  }),
  forbidden: { zh: '只有管理员或本人可以设置 PIN。', en: 'Only an admin or the staff member sets a PIN.' },
} as const;

/** Checks a PIN as typed (and its repetition); the problem's words, or undefined when fine. */
export function checkPin(pin: string, again: string): { field: 'pin' | 'again'; words: Words } | undefined {
  if (!PIN.test(pin)) return { field: 'pin', words: PIN_WORDS.digits };
  if (pin !== again) return { field: 'again', words: PIN_WORDS.mismatch };
  return undefined;
}
