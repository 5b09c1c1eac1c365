/**
 * Credential verifiers of station staff, as the hub publishes them to a station so that counter
 * sign-in works with the hub unreachable (SPEC §3, one staff session per counter).
 *
 * A verifier is scrypt over an HMAC of the secret under the deployment key (XZ_HASH_KEY, shared by
 * the hub and its stations), with its own random salt:
 *   `xzs1$N$r$p$saltBase64url$hashBase64url` = scrypt(HMAC-SHA256(key, `staff-{kind}:{secret}`), salt)
 * So the replicated document alone does not let anyone guess a PIN or password offline (the key
 * is not in any database), a copy of the hub's sign-in hash never leaves the hub (this is another
 * hash with another salt), and the kind is part of the message (a PIN never matches as a password).
 */
import { createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';

export type SecretKind = 'password' | 'pin';

/** A verifier as stored: scheme, cost, salt and hash. */
export const STAFF_VERIFIER_PATTERN =
  '^xzs1\\$\\d{1,7}\\$\\d{1,2}\\$\\d{1,2}\\$[A-Za-z0-9_-]{16,64}\\$[A-Za-z0-9_-]{32,88}$';
/** A PIN: 6 to 12 digits. */
export const PIN_PATTERN = '^\\d{6,12}$';

const N = 16_384;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
/** Costs a stored verifier may ask for (a hostile document must not make sign-in hang). */
const MAX_N = 131_072;

function scrypt(input: Buffer, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(input, salt, KEY_BYTES, { N: n, r, p, maxmem: 256 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function keyed(key: Uint8Array, kind: SecretKind, secret: string): Buffer {
  return createHmac('sha256', key).update(`staff-${kind}:${secret}`, 'utf8').digest();
}

/** A new verifier of `secret` under the deployment key. */
export async function makeStaffVerifier(key: Uint8Array, kind: SecretKind, secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(keyed(key, kind, secret), salt, N, R, P);
  return `xzs1$${N}$${R}$${P}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** True when `secret` matches the verifier under the deployment key. */
export async function checkStaffVerifier(
  key: Uint8Array,
  kind: SecretKind,
  secret: string,
  verifier: string,
): Promise<boolean> {
  if (!new RegExp(STAFF_VERIFIER_PATTERN).test(verifier)) return false;
  const parts = verifier.split('$');
  const [n, r, p] = parts.slice(1, 4).map(Number);
  if (![n, r, p].every((x) => Number.isInteger(x) && x > 0) || n > MAX_N || (n & (n - 1)) !== 0) return false;
  const expected = Buffer.from(parts[5], 'base64url');
  const hash = await scrypt(keyed(key, kind, secret), Buffer.from(parts[4], 'base64url'), n, r, p);
  return hash.length === expected.length && timingSafeEqual(hash, expected);
}
