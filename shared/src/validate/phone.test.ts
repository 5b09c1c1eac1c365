import { describe, expect, it } from 'vitest';
import { validatePhone } from './phone.ts';

describe('mainland phone numbers', () => {
  it('accepts mobiles with or without +86 and spaces', () => {
    expect(validatePhone('13812345678')).toEqual({ ok: true, kind: 'mobile', normalised: '13812345678' });
    expect(validatePhone('+86 138 1234 5678')).toEqual({
      ok: true,
      kind: 'mobile',
      normalised: '13812345678',
    });
    expect(validatePhone('0086-13812345678')).toEqual({
      ok: true,
      kind: 'mobile',
      normalised: '13812345678',
    });
  });

  it('accepts landlines with area code, as policies and citizens write them', () => {
    expect(validatePhone('0532-12345678')).toEqual({
      ok: true,
      kind: 'landline',
      normalised: '0532-12345678',
    });
    expect(validatePhone('0532-0000-1001')).toEqual({
      ok: true,
      kind: 'landline',
      normalised: '0532-00001001',
    });
    expect(validatePhone('010 6512 3456')).toEqual({
      ok: true,
      kind: 'landline',
      normalised: '010-65123456',
    });
    expect(validatePhone('(021)1234567')).toEqual({ ok: true, kind: 'landline', normalised: '021-1234567' });
    expect(validatePhone('0532-12345678转123')).toEqual({
      ok: true,
      kind: 'landline',
      normalised: '0532-12345678-123',
    });
    expect(validatePhone('0532-12345678-123')).toEqual({
      ok: true,
      kind: 'landline',
      normalised: '0532-12345678-123',
    });
  });

  it('accepts 400 and 800 hotlines', () => {
    expect(validatePhone('400-123-4567')).toEqual({ ok: true, kind: 'hotline', normalised: '4001234567' });
  });

  it('refuses what cannot be dialled', () => {
    for (const bad of [
      '',
      '1381234567',
      '12812345678',
      '138123456789',
      '532-12345678',
      '0532-123456',
      'abc',
      '13812345678a',
      '0532-123456789',
    ])
      expect(validatePhone(bad), bad).toEqual({ ok: false, reason: 'format' });
  });
});
