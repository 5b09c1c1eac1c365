import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { hashIdentifier } from './hash.ts';

const key = 'deployment-key-0123456789';

describe('keyed identifier hashes', () => {
  it('is HMAC-SHA256 over kind and value, as hex', () => {
    const expected = createHmac('sha256', key).update('id:11010519491231002X').digest('hex');
    expect(hashIdentifier(key, 'id', '11010519491231002X')).toBe(expected);
    expect(hashIdentifier(new TextEncoder().encode(key), 'id', '11010519491231002X')).toBe(expected);
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs by key and by kind', () => {
    const a = hashIdentifier(key, 'credit', '91350100M000100Y43');
    expect(hashIdentifier(`${key}x`, 'credit', '91350100M000100Y43')).not.toBe(a);
    expect(hashIdentifier(key, 'id', '91350100M000100Y43')).not.toBe(a);
  });

  it('refuses a short key and values that are not normalised', () => {
    expect(() => hashIdentifier('short', 'id', '11010519491231002X')).toThrow(DomainError);
    expect(() => hashIdentifier(key, 'id', '11010519491231002x')).toThrow(/normalised/);
    expect(() => hashIdentifier(key, 'id', '')).toThrow(/normalised/);
  });
});
