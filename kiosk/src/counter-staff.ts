/**
 * Who may sign in at this station's counters, checked on the station itself so that it works with
 * the hub unreachable: the staff document the hub publishes into the station database
 * (`staff:{stationId}`, verifiers of each station-staff account's password and counter PIN, keyed
 * with the deployment key), and for a station without a hub a local file of the same shape
 * (`<dataDir>/station-staff.json`; the hub's entry wins for the same staff id).
 *
 * Wrong attempts are limited per staff id and per client address; an unknown staff id costs the
 * same time as a wrong secret.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StaffMember } from '@xz/shared/docs/staff';
import { validateDocAs } from '@xz/shared/docs/validate';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { stationStaffId } from '@xz/shared/ids';
import { type Attempt, createAttemptLimiter } from '@xz/shared/limits/attempt-limiter';
import { checkStaffVerifier, makeStaffVerifier, PIN_PATTERN } from '@xz/shared/staff/verifier';
import { hashKeyId } from '@xz/shared/validate/hash';
import type PouchDB from 'pouchdb';

export const STAFF_FILE = 'station-staff.json';

export interface SignedInStaff {
  id: string;
  name: string;
}

export interface CounterStaff {
  /** The staff member whose password or PIN `secret` is; 401 otherwise, 429 after too many tries. */
  verify(staffId: string, secret: string, from: string): Promise<SignedInStaff>;
  /** How many staff can sign in, and from where (shown to staff on the console's health). */
  count(): Promise<{ hub: number; local: number; keyMismatch: boolean }>;
}

export interface CounterStaffOptions {
  db: PouchDB.Database;
  stationId: string;
  hashKey: Uint8Array;
  dataDir: string;
  now?: () => number;
  /** Wrong attempts per staff id (default 5) and per address (default 20) in the window. */
  maxPerStaff?: number;
  maxPerAddress?: number;
  windowMs?: number;
  warn?: (message: string) => void;
}

const PIN = new RegExp(PIN_PATTERN);

export function createCounterStaff(options: CounterStaffOptions): CounterStaff {
  const keyId = hashKeyId(options.hashKey);
  const windowMs = options.windowMs ?? 15 * 60_000;
  const now = options.now ?? Date.now;
  const perStaff = createAttemptLimiter({ max: options.maxPerStaff ?? 5, windowMs, now });
  const perAddress = createAttemptLimiter({ max: options.maxPerAddress ?? 20, windowMs, now });
  const file = join(options.dataDir, STAFF_FILE);
  let dummy: Promise<string> | undefined;
  let warnedKey = false;

  function membersOf(doc: unknown, source: string): { members: StaffMember[]; keyMismatch: boolean } {
    const checked = validateDocAs('station-staff', doc);
    if (!checked.ok) {
      options.warn?.(
        `${source}: not a valid staff document (${checked.errors[0]?.path} ${checked.errors[0]?.message})`,
      );
      return { members: [], keyMismatch: false };
    }
    if (checked.doc.stationId !== options.stationId) return { members: [], keyMismatch: false };
    if (checked.doc.keyId !== keyId) {
      if (!warnedKey) options.warn?.(`${source}: made with another deployment key (XZ_HASH_KEY differs)`);
      warnedKey = true;
      return { members: [], keyMismatch: true };
    }
    return { members: checked.doc.staff, keyMismatch: false };
  }

  async function load() {
    let hub: StaffMember[] = [];
    let keyMismatch = false;
    try {
      const doc = await options.db.get(stationStaffId(options.stationId));
      const own: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(doc))
        if (k === '_id' || k === '_rev' || !k.startsWith('_')) own[k] = v;
      ({ members: hub, keyMismatch } = membersOf(own, 'the staff document from the hub'));
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    let local: StaffMember[] = [];
    if (existsSync(file)) {
      try {
        local = membersOf(JSON.parse(readFileSync(file, 'utf8')), file).members;
      } catch (error) {
        options.warn?.(`${file}: ${(error as Error).message}`);
      }
    }
    const byId = new Map<string, StaffMember>();
    for (const m of local) byId.set(m.id, m);
    for (const m of hub) byId.set(m.id, m);
    return { byId, hub: hub.length, local: local.length, keyMismatch };
  }

  function refused(attempt: Attempt): never {
    const seconds = attempt.ok ? 0 : Math.ceil(attempt.retryAfterMs / 1000);
    throw new DomainError(ErrorCode.RateLimited, `Too many wrong attempts; try again in ${seconds} s.`, {
      retryAfterSeconds: seconds,
      messageZh: `错误次数过多，请 ${seconds} 秒后再试。`,
    });
  }

  return {
    async verify(staffId, secret, from) {
      const id = staffId.trim().toLowerCase();
      const byAddress = perAddress.take(from);
      if (!byAddress.ok) refused(byAddress);
      const byStaff = perStaff.take(id);
      if (!byStaff.ok) refused(byStaff);
      const { byId } = await load();
      const member = byId.get(id);
      let ok = false;
      if (member) {
        if (member.pin && PIN.test(secret))
          ok = await checkStaffVerifier(options.hashKey, 'pin', secret, member.pin);
        if (!ok && member.password)
          ok = await checkStaffVerifier(options.hashKey, 'password', secret, member.password);
      } else {
        dummy ??= makeStaffVerifier(options.hashKey, 'password', 'not-a-password');
        await checkStaffVerifier(options.hashKey, 'password', secret, await dummy);
      }
      if (!ok || !member) {
        throw new DomainError(ErrorCode.Unauthorized, 'Wrong staff number, password or PIN.', {
          field: 'secret',
          reason: 'credential',
          messageZh: '工号、密码或 PIN 不正确。',
        });
      }
      byAddress.succeeded();
      byStaff.succeeded();
      return { id: member.id, name: member.name };
    },
    async count() {
      const { hub, local, keyMismatch } = await load();
      return { hub, local, keyMismatch };
    },
  };
}
