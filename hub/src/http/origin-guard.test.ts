import { describe, expect, it } from 'vitest';
import { foreignOrigin, listeningOrigins, originOf, parseOrigins } from './origin-guard.ts';

const HUB = new Set(['http://127.0.0.1:3000', 'http://localhost:3000', 'https://hub.example.org']);

describe('origin guard rule', () => {
  it('given an Origin, allows only the hub’s own origins', () => {
    expect(foreignOrigin({ origin: 'http://127.0.0.1:3000' }, HUB)).toBeUndefined();
    expect(foreignOrigin({ origin: 'HTTPS://Hub.Example.org:443' }, HUB)).toBeUndefined();
    expect(foreignOrigin({ origin: 'http://127.0.0.1:9999' }, HUB)).toMatch(/127\.0\.0\.1:9999/);
    expect(foreignOrigin({ origin: 'null' }, HUB)).toBeDefined();
    expect(foreignOrigin({ origin: 'https://hub.example.org.evil.test' }, HUB)).toBeDefined();
  });

  it('does not believe the Host header', () => {
    expect(foreignOrigin({ origin: 'http://evil.test:3000', host: 'evil.test:3000' }, HUB)).toBeDefined();
  });

  it('without Origin, takes Sec-Fetch-Site: only same-origin passes (same-site is another port)', () => {
    expect(foreignOrigin({ 'sec-fetch-site': 'same-origin' }, HUB)).toBeUndefined();
    expect(foreignOrigin({ 'sec-fetch-site': 'same-site' }, HUB)).toBeDefined();
    expect(foreignOrigin({ 'sec-fetch-site': 'cross-site' }, HUB)).toBeDefined();
    expect(foreignOrigin({ 'sec-fetch-site': 'none' }, HUB)).toBeDefined();
  });

  it('refuses a browser that hides where it comes from, checks a Referer, and lets plain clients through', () => {
    expect(foreignOrigin({ 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'no-cors' }, HUB)).toBeDefined();
    // Node's fetch: Sec-Fetch-Mode, no Origin, no Sec-Fetch-Site.
    expect(foreignOrigin({ 'sec-fetch-mode': 'cors', 'user-agent': 'node' }, HUB)).toBeUndefined();
    expect(foreignOrigin({ referer: 'http://127.0.0.1:9999/attack.html' }, HUB)).toBeDefined();
    expect(foreignOrigin({ referer: 'http://localhost:3000/console/' }, HUB)).toBeUndefined();
    expect(foreignOrigin({ 'user-agent': 'curl/8.5.0', cookie: 'xz_hub_session=x' }, HUB)).toBeUndefined();
  });

  it('knows the names of a loopback or all-interfaces listener, and only the address otherwise', () => {
    expect(listeningOrigins({ address: '127.0.0.1', family: 'IPv4', port: 3000 })).toEqual([
      'http://localhost:3000',
      'http://127.0.0.1:3000',
      'http://[::1]:3000',
    ]);
    expect(listeningOrigins({ address: '0.0.0.0', family: 'IPv4', port: 80 })).toContain('http://localhost');
    expect(listeningOrigins({ address: '192.168.1.5', family: 'IPv4', port: 3000 })).toEqual([
      'http://192.168.1.5:3000',
    ]);
    expect(listeningOrigins({ address: 'fe80::1', family: 'IPv6', port: 3000 })).toEqual([
      'http://[fe80::1]:3000',
    ]);
  });

  it('reads XZ_HUB_ALLOWED_ORIGINS and names a bad entry', () => {
    expect(parseOrigins(' http://localhost:5173 , https://hub.example.org/console/')).toEqual([
      'http://localhost:5173',
      'https://hub.example.org',
    ]);
    expect(parseOrigins(undefined)).toEqual([]);
    expect(() => parseOrigins('http://ok.test,ftp://files.test')).toThrow(/XZ_HUB_ALLOWED_ORIGINS: "ftp/);
    expect(originOf('not a url')).toBeUndefined();
  });
});
