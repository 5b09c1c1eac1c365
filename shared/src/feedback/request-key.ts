/**
 * The key in a request's status link (`/r/{number}?k={key}`): request numbers follow each other,
 * so the number alone must not open the request's page. The station makes a random key when it
 * takes the request, prints it in the receipt's QR code and keeps only its SHA-256 in the request
 * document (`keyHash`); the hub shows the page, and takes the citizen's rating or reopening, only
 * for the key whose hash matches.
 *
 * Pure: the random bytes come in from the caller.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** Random bytes a key is made of. */
export const REQUEST_KEY_BYTES = 16;

/** A key as it appears in the link: base64url without padding. */
export const REQUEST_KEY_PATTERN = '^[A-Za-z0-9_-]{22}$';
const KEY = new RegExp(REQUEST_KEY_PATTERN);

/** SHA-256 of a key, lower-case hex (what the request document keeps). */
export const REQUEST_KEY_HASH_PATTERN = '^[0-9a-f]{64}$';
const KEY_HASH = new RegExp(REQUEST_KEY_HASH_PATTERN);

/** The key made of `bytes` (REQUEST_KEY_BYTES random bytes). */
export function requestKeyOf(bytes: Uint8Array): string {
  if (bytes.byteLength !== REQUEST_KEY_BYTES)
    throw new RangeError(`a request key is ${REQUEST_KEY_BYTES} bytes, not ${bytes.byteLength}`);
  return Buffer.from(bytes).toString('base64url');
}

/** The hash a request document keeps of its key. */
export function requestKeyHash(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A hash that matches no key: what a request without one is compared with. */
const NO_HASH = '0'.repeat(64);

/**
 * Whether `key` (from the link, anything at all) is the key of the request whose document keeps
 * `keyHash` (absent in requests filed before links had keys: then nothing matches). The digests
 * are compared in constant time, and the same work is done whether or not there is a hash.
 */
export function requestKeyMatches(key: unknown, keyHash: unknown): boolean {
  const stored = typeof keyHash === 'string' && KEY_HASH.test(keyHash) ? keyHash : NO_HASH;
  const given = requestKeyHash(typeof key === 'string' ? key : '');
  const same = timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(stored, 'hex'));
  return same && stored !== NO_HASH && typeof key === 'string' && KEY.test(key);
}

/** The path of a request's status page with its key, as the receipt's QR code carries it. */
export function requestStatusPath(number: string, key: string): string {
  return `/r/${encodeURIComponent(number)}?k=${encodeURIComponent(key)}`;
}

/** A URL as a log may keep it: the value of every `k` parameter (a link's key) left out. */
export function withoutRequestKey(url: string): string {
  return url.replace(/([?&]k=)[^&#]*/g, '$1-');
}
