import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_CHARSET, creditCodeCheckChar, validateCreditCode } from './credit-code.ts';

const charArb = fc.constantFrom(...CREDIT_CODE_CHARSET);
const validCodeArb = fc
  .tuple(
    fc.array(charArb, { minLength: 2, maxLength: 2 }),
    fc.integer({ min: 100_000, max: 999_999 }),
    fc.array(charArb, { minLength: 9, maxLength: 9 }),
  )
  .map(([head, region, org]) => {
    const first17 = `${head.join('')}${region}${org.join('')}`;
    return first17 + creditCodeCheckChar(first17);
  });

describe('unified social credit codes (GB 32100)', () => {
  it('accepts real-format codes and normalises case and spaces', () => {
    // Check characters computed by hand with the GB 32100 weights.
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(validateCreditCode('91350100M000100Y43')).toEqual({ ok: true, normalised: '91350100M000100Y43' });
    expect(validateCreditCode(' 91350100m000100y43 ')).toEqual({
      ok: true,
      normalised: '91350100M000100Y43',
    });
  });

  it('says why a code is refused', () => {
    expect(validateCreditCode('91350100M000100Y4')).toEqual({ ok: false, reason: 'length' });
    expect(validateCreditCode('91350100M000100O43')).toEqual({ ok: false, reason: 'format' }); // O is not used
    expect(validateCreditCode('9135A100M000100Y43')).toEqual({ ok: false, reason: 'format' }); // region is digits
    expect(validateCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'check-char' });
  });

  it('never uses I, O, Z, S or V', () => {
    expect(CREDIT_CODE_CHARSET).toHaveLength(31);
    for (const c of 'IOZSV') expect(CREDIT_CODE_CHARSET).not.toContain(c);
  });

  it('accepts every generated valid code and catches any single changed character', () => {
    fc.assert(
      fc.property(validCodeArb, fc.integer({ min: 0, max: 17 }), charArb, (code, pos, ch) => {
        if (!validateCreditCode(code).ok) return false;
        fc.pre(code[pos] !== ch);
        return !validateCreditCode(code.slice(0, pos) + ch + code.slice(pos + 1)).ok;
      }),
      { numRuns: 2000 },
    );
  });
});
