/**
 * The green-channel list screen's words: every reason the upload reader gives has words in both
 * languages, a refusal's lines come out in file order with words (never a code), each listable
 * group has its name from the shared data, and the PIN check agrees with the hub's pattern.
 */
import specialGroups from '@xz/shared/data/special-groups.json' with { type: 'json' };
import { readListUpload } from '@xz/shared/green/list-upload';
import { PIN_PATTERN as HUB_PIN_PATTERN } from '@xz/shared/staff/verifier';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api.ts';
import { groupWords, LINE_REASON_WORDS, refusedLines } from './green-lists.ts';
import { checkPin, PIN_PATTERN, PIN_WORDS } from './pin.ts';

const key = new Uint8Array(32);

describe('refused lines', () => {
  it('names every reason the reader gives, in both languages', () => {
    const reasons = new Set<string>();
    const files = [
      {
        kind: 'id',
        format: 'csv',
        content: '1\n11010519491231002X\n1101051949123100AX\n110105194913310021\n110105194912310021',
      },
      {
        kind: 'credit',
        format: 'csv',
        content: '1\n91350100M000100Y43\n9135010OM000100Y43\n91350100M000100Y42',
      },
      { kind: 'id', format: 'hashes', content: 'hash\n0abc' },
    ] as const;
    for (const file of files) {
      const read = readListUpload({ ...file, key });
      if (!read.ok) for (const p of read.problems) reasons.add(p.reason);
    }
    expect([...reasons].sort()).toEqual(Object.keys(LINE_REASON_WORDS).sort());
  });

  it('lists a refusal’s lines in order with words, never the code', () => {
    const error = new ApiError(400, 'XZ_ERR_VALIDATION', 'x', 'x', 'content', 'lines', [
      { line: 7, reason: 'credit.check-char' },
      { line: 3, reason: 'something-new' },
    ]);
    const lines = refusedLines(error);
    expect(lines.map((l) => l.line)).toEqual([3, 7]);
    expect(lines[0].reason).toEqual({ zh: '该行无效', en: 'This line is not valid' });
    expect(lines[1].reason.zh).toContain('校验位');
    expect(refusedLines(new ApiError(400, 'XZ_ERR_VALIDATION', 'x', 'x', 'kind'))).toEqual([]);
  });

  it('gives each group its shared name', () => {
    for (const g of specialGroups.groups) expect(groupWords(g.id)).toEqual({ zh: g.zh, en: g.en });
    expect(groupWords('nobody').en).toBe('Unknown group');
  });
});

describe('PIN as typed', () => {
  it('is the hub’s pattern', () => expect(PIN_PATTERN).toBe(HUB_PIN_PATTERN));
  it('takes 6 to 12 digits typed twice alike', () => {
    expect(checkPin('123456', '123456')).toBeUndefined();
    expect(checkPin('123456789012', '123456789012')).toBeUndefined();
    expect(checkPin('12345', '12345')).toEqual({ field: 'pin', words: PIN_WORDS.digits });
    expect(checkPin('1234567890123', '1234567890123')?.field).toBe('pin');
    expect(checkPin('12345a', '12345a')?.field).toBe('pin');
    expect(checkPin('123456', '123457')).toEqual({ field: 'again', words: PIN_WORDS.mismatch });
  });
});
