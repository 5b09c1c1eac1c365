/**
 * The station's green-channel lists (keyed hashes only) and the per-deployment hash key.
 * Lists come from a local file now; the hub pushes them later. The key comes from XZ_HASH_KEY
 * or a key file in the data directory, created once with owner-only permissions.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { GreenLists } from '@xz/shared/green/recognise';
import { IDENTIFIER_HASH_PATTERN, MIN_HASH_KEY_BYTES } from '@xz/shared/validate/hash';

const Hash = Type.String({ pattern: IDENTIFIER_HASH_PATTERN });
export const GreenListFile = Type.Object(
  {
    idHashes: Type.Record(
      Type.String({ pattern: '^[a-z0-9-]+$' }),
      Type.Array(Hash, { maxItems: 1_000_000 }),
    ),
    creditHashes: Type.Array(Hash, { maxItems: 1_000_000 }),
  },
  { additionalProperties: false },
);

export class GreenListError extends Error {}

/** Reads the list file; a missing file means empty lists, a malformed one is an error naming the field. */
export function loadGreenLists(file: string): GreenLists {
  if (!existsSync(file)) return { idHashes: {}, creditHashes: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new GreenListError(`${file}: not JSON (${(error as Error).message})`);
  }
  const first = Value.Errors(GreenListFile, parsed).First();
  if (first) throw new GreenListError(`${file}: ${first.path || '/'}: ${first.message}`);
  const data = parsed as { idHashes: Record<string, string[]>; creditHashes: string[] };
  return {
    idHashes: Object.fromEntries(Object.entries(data.idHashes).map(([k, v]) => [k, new Set(v)])),
    creditHashes: new Set(data.creditHashes),
  };
}

/** The HMAC key for identifiers: XZ_HASH_KEY (hex or text, ≥ 16 bytes) or `<dataDir>/hash.key`. */
export function loadHashKey(dataDir: string, fromEnv: string | undefined): Uint8Array {
  if (fromEnv) {
    const bytes =
      /^[0-9a-f]+$/i.test(fromEnv) && fromEnv.length % 2 === 0
        ? Buffer.from(fromEnv, 'hex')
        : Buffer.from(fromEnv, 'utf8');
    if (bytes.byteLength < MIN_HASH_KEY_BYTES) {
      throw new GreenListError(`XZ_HASH_KEY: at least ${MIN_HASH_KEY_BYTES} bytes are needed`);
    }
    return bytes;
  }
  const file = join(dataDir, 'hash.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}
