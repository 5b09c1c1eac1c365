/** Hub configuration from the environment, checked at start. */
import path from 'node:path';
import { parseHashKey } from '@xz/shared/validate/hash';

export interface HubEnv {
  port: number;
  host: string;
  dataDir: string;
  couchUrl?: string;
  adminPassword?: string;
  publicUrl?: string;
  /** The deployment key (XZ_HASH_KEY), shared with every station: green lists, staff verifiers. */
  hashKey?: Uint8Array;
}

function port(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new Error(`HUB_PORT must be a port number, got ${value}`);
  return n;
}

function url(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new Error(`${name} must be an http(s) URL`);
  }
  return value;
}

export function readHubEnv(env: NodeJS.ProcessEnv = process.env): HubEnv {
  const adminPassword = env.XZ_ADMIN_PASSWORD === '' ? undefined : env.XZ_ADMIN_PASSWORD;
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new Error('XZ_ADMIN_PASSWORD must have at least 8 characters');
  }
  return {
    port: port(env.HUB_PORT, 3000),
    host: env.HUB_HOST || '127.0.0.1',
    dataDir: path.resolve(env.XZ_HUB_DATA_DIR || '.data/hub'),
    couchUrl: url('COUCHDB_URL', env.COUCHDB_URL),
    adminPassword,
    publicUrl: url('XZ_HUB_PUBLIC_URL', env.XZ_HUB_PUBLIC_URL),
    ...(env.XZ_HASH_KEY ? { hashKey: parseHashKey(env.XZ_HASH_KEY) } : {}),
  };
}
