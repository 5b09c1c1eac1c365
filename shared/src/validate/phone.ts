/**
 * Mainland China phone numbers as citizens type them for a callback and as policies list them:
 * mobile (13812345678, +86 138 1234 5678), landline with area code (0532-12345678, 010 1234 5678,
 * 0532-0000-1001, optional extension "转123"/"-123"), and 400/800 hotlines.
 */

export type PhoneKind = 'mobile' | 'landline' | 'hotline';

export type PhoneResult =
  | {
      ok: true;
      kind: PhoneKind;
      /** Digits only for mobiles and hotlines; "area-subscriber[-extension]" for landlines. */
      normalised: string;
    }
  | { ok: false; reason: 'format' };

const MOBILE = /^1[3-9]\d{9}$/;
const HOTLINE = /^[48]00\d{7}$/;
// Area codes: 010 and 02X have 3 digits, all others (03XX–09XX) 4; subscriber numbers 7 or 8 digits.
const LANDLINE = /^(010|02\d|0[3-9]\d{2})(\d{7,8})$/;

function landline(mainPart: string): { area: string; subscriber: string } | null {
  const m = LANDLINE.exec(mainPart.replaceAll('-', ''));
  return m === null ? null : { area: m[1], subscriber: m[2] };
}

export function validatePhone(input: string): PhoneResult {
  const value = input
    .trim()
    .replace(/[\s()（）]/g, '')
    .replace(/^(?:\+86|0086)-?/, '');
  if (!/^[\d-]+(?:(?:转|ext\.?|x|#)\d{1,6})?$/i.test(value)) return { ok: false, reason: 'format' };
  const digits = value.replaceAll('-', '');
  if (MOBILE.test(digits)) return { ok: true, kind: 'mobile', normalised: digits };
  if (HOTLINE.test(digits)) return { ok: true, kind: 'hotline', normalised: digits };
  const marked = /^(.*?)(?:转|ext\.?|x|#)(\d{1,6})$/i.exec(value);
  let main = marked ? marked[1] : value;
  let extension = marked ? marked[2] : undefined;
  let found = landline(main);
  if (found === null && extension === undefined) {
    // "0532-12345678-123": a trailing dash group after a complete number is an extension.
    const dashed = /^(.*)-(\d{1,6})$/.exec(value);
    if (dashed !== null) {
      main = dashed[1];
      extension = dashed[2];
      found = landline(main);
    }
  }
  if (found === null) return { ok: false, reason: 'format' };
  const base = `${found.area}-${found.subscriber}`;
  return { ok: true, kind: 'landline', normalised: extension === undefined ? base : `${base}-${extension}` };
}
