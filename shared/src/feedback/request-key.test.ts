import { describe, expect, it } from 'vitest';
import { validateDocAs } from '../docs/validate.ts';
import {
  REQUEST_KEY_PATTERN,
  requestKeyHash,
  requestKeyMatches,
  requestKeyOf,
  requestStatusPath,
  withoutRequestKey,
} from './request-key.ts';

const bytes = Uint8Array.from({ length: 16 }, (_, i) => i);
const key = requestKeyOf(bytes);

describe('the key of a request status link', () => {
  it('is 16 bytes in base64url, 22 characters safe in a URL', () => {
    expect(key).toBe('AAECAwQFBgcICQoLDA0ODw');
    expect(new RegExp(REQUEST_KEY_PATTERN).test(key)).toBe(true);
    expect(() => requestKeyOf(new Uint8Array(8))).toThrow(RangeError);
  });

  it('is kept as its SHA-256 in hex, which the request schema accepts', () => {
    const hash = requestKeyHash(key);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key);
    const doc = {
      _id: 'request:st-a:20260303-0001',
      type: 'request',
      schemaVersion: 1,
      stationId: 'st-a',
      number: 'ST-A-20260303-0001',
      category: 'enterprise',
      description: '需要帮助',
      phone: '13800138000',
      keyHash: hash,
      idempotencyKey: 'request-key-0001',
      kioskAt: Date.UTC(2026, 2, 3, 2, 0),
    };
    expect(validateDocAs('request', doc).ok).toBe(true);
    expect(validateDocAs('request', { ...doc, keyHash: key }).ok).toBe(false);
  });

  it('matches only its own hash; a missing, wrong or malformed key or a missing hash never matches', () => {
    const hash = requestKeyHash(key);
    expect(requestKeyMatches(key, hash)).toBe(true);
    expect(requestKeyMatches(requestKeyOf(new Uint8Array(16)), hash)).toBe(false);
    expect(requestKeyMatches(undefined, hash)).toBe(false);
    expect(requestKeyMatches('', hash)).toBe(false);
    expect(requestKeyMatches(['x'], hash)).toBe(false);
    expect(requestKeyMatches(key, undefined)).toBe(false);
    expect(requestKeyMatches(key, 'not a hash')).toBe(false);
    expect(requestKeyMatches('', requestKeyHash(''))).toBe(false);
  });

  it('goes in the status path as the k parameter', () => {
    expect(requestStatusPath('ST-A-20260303-0001', key)).toBe(`/r/ST-A-20260303-0001?k=${key}`);
  });

  it('is left out of a URL kept in a log', () => {
    expect(withoutRequestKey(`/r/ST-A-20260303-0001?k=${key}&lang=en`)).toBe(
      '/r/ST-A-20260303-0001?k=-&lang=en',
    );
    expect(withoutRequestKey(`/r/ST-A-20260303-0001?lang=en&k=${key}`)).toBe(
      '/r/ST-A-20260303-0001?lang=en&k=-',
    );
    expect(withoutRequestKey('/t/ticket?kind=x')).toBe('/t/ticket?kind=x');
  });
});
