/**
 * Keyed hashing of personal identifiers (PIPL): raw resident ID numbers and credit codes are never
 * stored or replicated; tickets and green-channel lists carry HMAC-SHA256 digests under a
 * per-deployment key instead. The kind is part of the message so an ID number and a credit code
 * can never collide.
 *
 * This is the only file in shared/ that uses node:crypto. It stays pure: the same key and value
 * always give the same digest, and nothing is read from outside.
 */
import { createHmac } from 'node:crypto';
import { DomainError, ErrorCode } from '../errors.ts';

export type IdentifierKind = 'id' | 'credit';

/** Shortest key accepted, in bytes. */
export const MIN_HASH_KEY_BYTES = 16;

/** A 64-character lower-case hex digest, as stored in *Hash fields. */
export const IDENTIFIER_HASH_PATTERN = '^[0-9a-f]{64}$';

/**
 * HMAC-SHA256 of `${kind}:${normalisedValue}` under `key`, as lower-case hex. The value must
 * already be normalised (validateResidentId / validateCreditCode give the normalised form), so the
 * same person or enterprise always hashes the same.
 */
export function hashIdentifier(
  key: Uint8Array | string,
  kind: IdentifierKind,
  normalisedValue: string,
): string {
  const keyBytes = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  if (keyBytes.byteLength < MIN_HASH_KEY_BYTES) {
    throw new DomainError(
      ErrorCode.Validation,
      `the identifier hash key must be at least ${MIN_HASH_KEY_BYTES} bytes`,
      {
        field: 'key',
      },
    );
  }
  if (kind !== 'id' && kind !== 'credit') {
    throw new DomainError(ErrorCode.Validation, `unknown identifier kind ${String(kind)}`, { field: 'kind' });
  }
  if (normalisedValue.length === 0 || normalisedValue !== normalisedValue.trim().toUpperCase()) {
    throw new DomainError(ErrorCode.Validation, 'the identifier must be normalised before hashing', {
      field: 'value',
    });
  }
  return createHmac('sha256', keyBytes).update(`${kind}:${normalisedValue}`, 'utf8').digest('hex');
}
