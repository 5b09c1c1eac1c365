import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, dayFromNumber, dayNumber } from '../calendar/day.ts';
import { ageAt, residentIdCheckChar, validateResidentId } from './resident-id.ts';

/** Valid numbers: region digit 1–9, birth 1900-01-01 … 2026-12-31, any sequence. */
const validIdArb = fc
  .record({
    region: fc.integer({ min: 100_000, max: 999_999 }),
    birth: fc.integer({ min: dayNumber('1900-01-01'), max: dayNumber('2026-12-31') }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, birth, seq }) => {
    const first17 = `${region}${dayFromNumber(birth).replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    return { id: first17 + residentIdCheckChar(first17), birthDate: dayFromNumber(birth) };
  });

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the standard example with an X check character and gives birth date and sex', () => {
    const r = validateResidentId('11010519491231002X');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.normalised).toBe('11010519491231002X');
    expect(r.birthDate).toBe('1949-12-31');
    expect(r.sex).toBe('female');
    expect(r.ageAt('2026-03-09')).toBe(76);
  });

  it('normalises a lower-case x and spaces typed by a keypad or scanner', () => {
    const r = validateResidentId(' 110105 19491231 002x ');
    expect(r).toMatchObject({ ok: true, normalised: '11010519491231002X' });
  });

  it('says why a number is refused', () => {
    expect(validateResidentId('11010519491231002')).toEqual({ ok: false, reason: 'length' });
    expect(validateResidentId('1101051949123100X2')).toEqual({ ok: false, reason: 'format' });
    expect(validateResidentId('11010519491231A02X')).toEqual({ ok: false, reason: 'format' });
    expect(
      validateResidentId('01010519491231002X'.slice(0, 17) + residentIdCheckChar('01010519491231002')),
    ).toEqual({
      ok: false,
      reason: 'format',
    });
    expect(validateResidentId('110105194902300021')).toEqual({ ok: false, reason: 'birth-date' }); // 30 Feb
    expect(validateResidentId('440524188001010014')).toEqual({ ok: false, reason: 'birth-date' }); // born 1880
    expect(validateResidentId('110105194912310021')).toEqual({ ok: false, reason: 'check-digit' });
  });

  it('checks leap days in birth dates', () => {
    const leap = '11010520000229002';
    expect(validateResidentId(leap + residentIdCheckChar(leap)).ok).toBe(true);
    const common = '11010519000229002';
    expect(validateResidentId(common + residentIdCheckChar(common))).toEqual({
      ok: false,
      reason: 'birth-date',
    });
  });

  it('refuses a birth date after the station day when given one', () => {
    const future = '11010520300101002';
    const id = future + residentIdCheckChar(future);
    expect(validateResidentId(id, { today: '2026-03-09' })).toEqual({ ok: false, reason: 'birth-date' });
    expect(validateResidentId(id).ok).toBe(true);
  });

  it('accepts every generated valid number with its birth date', () => {
    fc.assert(
      fc.property(validIdArb, ({ id, birthDate }) => {
        const r = validateResidentId(id);
        return r.ok && r.birthDate === birthDate && r.normalised === id;
      }),
      { numRuns: 500 },
    );
  });

  it('catches any single changed character', () => {
    fc.assert(
      fc.property(
        validIdArb,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...'0123456789X'),
        ({ id }, pos, ch) => {
          fc.pre(id[pos] !== ch);
          const changed = id.slice(0, pos) + ch + id.slice(pos + 1);
          return validateResidentId(changed).ok === false;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('catches two swapped neighbouring digits', () => {
    fc.assert(
      fc.property(validIdArb, fc.integer({ min: 0, max: 16 }), ({ id }, pos) => {
        fc.pre(id[pos] !== id[pos + 1]);
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        return validateResidentId(swapped).ok === false;
      }),
      { numRuns: 1000 },
    );
  });
});

describe('age at a station day', () => {
  it('counts completed years, the birthday itself included', () => {
    expect(ageAt('1961-03-09', '2026-03-08')).toBe(64);
    expect(ageAt('1961-03-09', '2026-03-09')).toBe(65);
    expect(ageAt('2026-03-09', '2026-03-09')).toBe(0);
  });

  it('lets a 29 February birthday count from 1 March in common years', () => {
    expect(ageAt('1960-02-29', '2025-02-28')).toBe(64);
    expect(ageAt('1960-02-29', '2025-03-01')).toBe(65);
    expect(ageAt('1960-02-29', '2024-02-29')).toBe(64);
  });

  it('turns 65 on the 65th birthday, not the day before', () => {
    fc.assert(
      fc.property(fc.integer({ min: dayNumber('1900-01-01'), max: dayNumber('2020-12-31') }), (n) => {
        const birth = dayFromNumber(n);
        fc.pre(!birth.endsWith('02-29'));
        const birthday = `${Number(birth.slice(0, 4)) + 65}${birth.slice(4)}`;
        return ageAt(birth, birthday) === 65 && ageAt(birth, addDays(birthday, -1)) === 64;
      }),
    );
  });
});
