import { describe, expect, it } from 'vitest';
import { hashIdentifier } from '../validate/hash.ts';
import { residentIdCheckChar } from '../validate/resident-id.ts';
import { readListUpload } from './list-upload.ts';

const key = new TextEncoder().encode('deployment-key-for-tests');
const id = (first17: string) => first17 + residentIdCheckChar(first17);
const A = id('11010519491231002');
const B = id('37021119480101551');

describe('readListUpload', () => {
  it('hashes valid numbers, skips a header and blank lines, and drops repeats', () => {
    const r = readListUpload({
      kind: 'id',
      format: 'csv',
      key,
      content: `id,name\n${A},x\n\n${B.toLowerCase()}\n${A}\n`,
    });
    expect(r).toEqual({
      ok: true,
      lines: 3,
      hashes: [hashIdentifier(key, 'id', A), hashIdentifier(key, 'id', B)].sort(),
    });
  });

  it('names every bad line by number and reason, never by content, and gives no list', () => {
    const r = readListUpload({
      kind: 'id',
      format: 'csv',
      key,
      content: `${A}\n${A.slice(0, 17)}0\n12345\n`,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { line: 2, reason: expect.stringMatching(/^id\./) },
      { line: 3, reason: 'id.length' },
    ]);
    expect(JSON.stringify(r)).not.toContain(A.slice(0, 17));
  });

  it('takes a list of hashes as they are', () => {
    const h = hashIdentifier(key, 'credit', '91350100M000100Y43');
    expect(
      readListUpload({ kind: 'credit', format: 'hashes', key, content: `${h.toUpperCase()}\n` }),
    ).toMatchObject({
      ok: true,
      hashes: [h],
    });
    expect(
      readListUpload({ kind: 'credit', format: 'hashes', key, content: '91350100M000100Y43\n' }),
    ).toMatchObject({
      ok: false,
      problems: [{ line: 1, reason: 'hash.format' }],
    });
  });
});
