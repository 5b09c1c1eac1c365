/**
 * The first hub administrator. Created once in `xz-hub-users` as `user:admin` with a scrypt hash;
 * the password comes from the caller (XZ_ADMIN_PASSWORD) or is generated and returned once so the
 * server can print it.
 */
import { HubDb } from '@xz/shared/ids';
import { type CouchClient, statusOf } from '../couch/client.ts';
import { generatePassword, hashPassword } from './passwords.ts';

export const ADMIN_USER_ID = 'user:admin';

export interface HubUserDoc {
  _id: string;
  _rev?: string;
  type: 'user';
  username: string;
  roles: Array<'admin' | 'operator' | 'handler' | 'staff'>;
  passwordHash: string;
  createdAt: number;
}

/** Creates the admin when missing; returns the generated password when one was generated. */
export async function ensureFirstAdmin(
  couch: CouchClient,
  password: string | undefined,
  now: () => number = Date.now,
): Promise<{ created: boolean; generatedPassword?: string }> {
  const users = couch.db<HubUserDoc>(HubDb.Users);
  try {
    await users.get(ADMIN_USER_ID);
    return { created: false };
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  const chosen = password ?? generatePassword(12);
  const doc: HubUserDoc = {
    _id: ADMIN_USER_ID,
    type: 'user',
    username: 'admin',
    roles: ['admin'],
    passwordHash: await hashPassword(chosen),
    createdAt: now(),
  };
  try {
    await users.insert(doc);
  } catch (error) {
    if (statusOf(error) === 409) return { created: false };
    throw error;
  }
  return password === undefined ? { created: true, generatedPassword: chosen } : { created: true };
}
