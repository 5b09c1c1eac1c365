/**
 * Keyed hashing of personal identifiers (PIPL): raw resident ID numbers and credit codes are never
 * stored or replicated; tickets and green-channel lists carry HMAC-SHA256 digests under a
 * per-deployment key instead. The kind is part of the message so an ID number and a credit code
 * can never collide.
 *
 * This file, `staff/verifier.ts` and `feedback/request-key.ts` are the only ones in shared/ that use
 * node:crypto. It stays pure: the same key and value always give the same digest, and nothing is
 * read from outside.
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

/**
 * A short public name of a deployment key (12 hex characters of an HMAC under it), carried by
 * the documents made with the key, so a station holding another key can say so instead of
 * silently matching nothing.
 */
export function hashKeyId(key: Uint8Array | string): string {
  const keyBytes = typeof key === 'string' ? new TextEncoder().encode(key) : key;
  return createHmac('sha256', keyBytes).update('xz-key-id', 'utf8').digest('hex').slice(0, 12);
}

/**
 * The deployment key as configured (XZ_HASH_KEY): hex when it reads as hex, else the text's UTF-8
 * bytes; at least MIN_HASH_KEY_BYTES. Throws naming the variable otherwise.
 */
export function parseHashKey(text: string, name = 'XZ_HASH_KEY'): Uint8Array {
  const bytes =
    /^[0-9a-f]+$/i.test(text) && text.length % 2 === 0
      ? new Uint8Array(Buffer.from(text, 'hex'))
      : new TextEncoder().encode(text);
  if (bytes.byteLength < MIN_HASH_KEY_BYTES) {
    throw new DomainError(ErrorCode.Validation, `${name}: at least ${MIN_HASH_KEY_BYTES} bytes are needed`, {
      field: name,
    });
  }
  return bytes;
}
