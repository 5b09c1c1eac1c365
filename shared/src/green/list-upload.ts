/**
 * A green-channel list as an operator uploads it, read into keyed hashes: a CSV of raw numbers
 * (resident ID numbers checked by GB 11643, credit codes by GB 32100; the first column of each
 * line, a header line without digits skipped), or a list of hashes made elsewhere with the same
 * deployment key. Every bad line is reported by its number and reason, never by its content, and
 * a file with any bad line gives no list at all. Raw numbers never leave this function.
 */

import { validateCreditCode } from '../validate/credit-code.ts';
import { hashIdentifier, IDENTIFIER_HASH_PATTERN, type IdentifierKind } from '../validate/hash.ts';
import { validateResidentId } from '../validate/resident-id.ts';

export type ListFormat = 'csv' | 'hashes';

export interface ListLineProblem {
  /** 1-based line number in the file. */
  line: number;
  /** i18n key of the reason (`id.check-digit`, `credit.check-char`, `hash.format`, …). */
  reason: string;
}

export type ListUpload =
  | { ok: true; hashes: string[]; lines: number }
  | { ok: false; problems: ListLineProblem[]; badLines: number };

/** Most problems listed (the count says how many lines are bad). */
const MAX_PROBLEMS = 100;
const HASH = new RegExp(IDENTIFIER_HASH_PATTERN);

export function readListUpload(input: {
  kind: IdentifierKind;
  format: ListFormat;
  content: string;
  key: Uint8Array;
}): ListUpload {
  const lines = input.content.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const hashes = new Set<string>();
  const problems: ListLineProblem[] = [];
  let badLines = 0;
  let counted = 0;
  /** The line's hash, or the reason it has none. */
  const read = (cell: string): { hash: string } | { reason: string } => {
    if (input.format === 'hashes') {
      const hash = cell.toLowerCase();
      return HASH.test(hash) ? { hash } : { reason: 'hash.format' };
    }
    if (input.kind === 'id') {
      const r = validateResidentId(cell);
      return r.ok ? { hash: hashIdentifier(input.key, 'id', r.normalised) } : { reason: `id.${r.reason}` };
    }
    const r = validateCreditCode(cell);
    return r.ok
      ? { hash: hashIdentifier(input.key, 'credit', r.normalised) }
      : { reason: `credit.${r.reason}` };
  };
  for (const [index, text] of lines.entries()) {
    const line = index + 1;
    const cell = (text.split(',')[0] ?? '')
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim();
    if (cell === '') continue;
    if (line === 1 && !/\d/.test(cell)) continue; // a header
    counted++;
    const result = read(cell);
    if ('hash' in result) {
      hashes.add(result.hash);
      continue;
    }
    badLines++;
    if (problems.length < MAX_PROBLEMS) problems.push({ line, reason: result.reason });
  }
  if (badLines > 0) return { ok: false, problems, badLines };
  return { ok: true, hashes: [...hashes].sort(), lines: counted };
}
