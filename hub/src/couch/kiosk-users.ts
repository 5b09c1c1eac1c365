/**
 * Kiosk accounts: one CouchDB user per station (`kiosk-{stationId}`) with roles
 * `xz-kiosk` (read published policies) and `xz-station-{stationId}`, and one-time enrolment codes
 * an operator hands to the station to obtain those credentials.
 *
 * Enrolment codes are stored hashed (SHA-256; they are random, 60 bits) in `xz-hub-users` as
 * `enrolment-code:{hash}`, expire, and are spent by one successful redeem (the update is
 * revision-checked, so of two concurrent redeems only one wins).
 */
import { createHash, randomInt } from 'node:crypto';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { HubDb, isStationId } from '@xz/shared/ids';
import { generatePassword } from '../auth/passwords.ts';
import { type CouchClient, statusOf } from './client.ts';
import { KIOSK_ROLE, kioskUserName, stationRole } from './validate-docs.ts';

export interface KioskCredentials {
  stationId: string;
  /** Server URL the station replicates with; its database is `{couchUrl}/xz-station-{stationId}`. */
  couchUrl: string;
  username: string;
  password: string;
}

export interface EnrolmentCode {
  /** The code to type at the kiosk, e.g. `7KQ4-M2XD-9RTA`. */
  code: string;
  stationId: string;
  expiresAt: number;
}

interface EnrolmentCodeDoc {
  _id: string;
  _rev?: string;
  type: 'enrolment-code';
  stationId: string;
  createdAt: number;
  expiresAt: number;
  usedAt?: number;
}

interface CouchUserDoc {
  _id: string;
  _rev?: string;
  type: 'user';
  name: string;
  roles: string[];
  password?: string;
}

/** Crockford-like alphabet without 0/O, 1/I/L, U: easy to read off a screen and type. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12;
export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;

const userDocId = (name: string) => `org.couchdb.user:${name}`;

/** Upper-cases and removes spaces and dashes, so `7kq4 m2xd-9rta` reads as typed. */
export function normaliseEnrolmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

function codeDocId(code: string): string {
  return `enrolment-code:${createHash('sha256').update(normaliseEnrolmentCode(code)).digest('hex')}`;
}

function requireStationId(stationId: string): void {
  if (!isStationId(stationId)) {
    throw new DomainError(ErrorCode.Validation, `stationId ${JSON.stringify(stationId)} is not valid`, {
      field: 'stationId',
    });
  }
}

export interface KioskUsers {
  /** Creates (or rotates the password of) the station's kiosk user and creates and secures its database. */
  enrolKiosk(stationId: string): Promise<KioskCredentials>;
  /** Deletes the kiosk user: the station's credentials stop working at once. */
  revokeKiosk(stationId: string): Promise<void>;
  createEnrolmentCode(stationId: string, ttlMs?: number): Promise<EnrolmentCode>;
  /** Spends a code and returns fresh kiosk credentials; a second use, an unknown or an expired code fails. */
  redeemEnrolmentCode(code: string): Promise<KioskCredentials>;
}

export function createKioskUsers(couch: CouchClient, now: () => number = Date.now): KioskUsers {
  const users = couch.db<CouchUserDoc>('_users');
  const hubUsers = couch.db<EnrolmentCodeDoc>(HubDb.Users);

  async function enrolKiosk(stationId: string): Promise<KioskCredentials> {
    requireStationId(stationId);
    await couch.ensureStationDb(stationId);
    const name = kioskUserName(stationId);
    const password = generatePassword();
    const doc: CouchUserDoc = {
      _id: userDocId(name),
      type: 'user',
      name,
      roles: [KIOSK_ROLE, stationRole(stationId)],
      password,
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const current = await users.get(doc._id);
        doc._rev = current._rev;
      } catch (error) {
        if (statusOf(error) !== 404) throw error;
        delete doc._rev;
      }
      try {
        await users.insert(doc);
        break;
      } catch (error) {
        if (statusOf(error) !== 409 || attempt >= 3) throw error;
      }
    }
    return { stationId, couchUrl: couch.publicUrl, username: name, password };
  }

  async function revokeKiosk(stationId: string): Promise<void> {
    requireStationId(stationId);
    const id = userDocId(kioskUserName(stationId));
    try {
      const current = await users.get(id);
      await users.destroy(id, current._rev as string);
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
  }

  async function createEnrolmentCode(
    stationId: string,
    ttlMs = ENROLMENT_CODE_TTL_MS,
  ): Promise<EnrolmentCode> {
    requireStationId(stationId);
    let raw = '';
    for (let i = 0; i < CODE_LENGTH; i++) raw += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    const code = raw.match(/.{4}/g)?.join('-') ?? raw;
    const at = now();
    const doc: EnrolmentCodeDoc = {
      _id: codeDocId(code),
      type: 'enrolment-code',
      stationId,
      createdAt: at,
      expiresAt: at + ttlMs,
    };
    await hubUsers.insert(doc);
    return { code, stationId, expiresAt: doc.expiresAt };
  }

  async function redeemEnrolmentCode(code: string): Promise<KioskCredentials> {
    const normal = normaliseEnrolmentCode(code);
    if (normal.length !== CODE_LENGTH || [...normal].some((c) => !CODE_ALPHABET.includes(c))) {
      throw new DomainError(ErrorCode.Validation, 'The enrolment code has the wrong format.', {
        field: 'code',
        reason: 'format',
      });
    }
    let doc: EnrolmentCodeDoc;
    try {
      doc = await hubUsers.get(codeDocId(normal));
    } catch (error) {
      if (statusOf(error) === 404) {
        throw new DomainError(ErrorCode.Unauthorized, 'Unknown enrolment code.', {
          field: 'code',
          reason: 'unknown',
        });
      }
      throw error;
    }
    if (doc.usedAt !== undefined) {
      throw new DomainError(ErrorCode.Conflict, 'This enrolment code was already used.', {
        field: 'code',
        reason: 'used',
      });
    }
    if (now() >= doc.expiresAt) {
      throw new DomainError(ErrorCode.Unauthorized, 'This enrolment code has expired.', {
        field: 'code',
        reason: 'expired',
      });
    }
    try {
      await hubUsers.insert({ ...doc, usedAt: now() });
    } catch (error) {
      if (statusOf(error) === 409) {
        throw new DomainError(ErrorCode.Conflict, 'This enrolment code was already used.', {
          field: 'code',
          reason: 'used',
        });
      }
      throw error;
    }
    return enrolKiosk(doc.stationId);
  }

  return { enrolKiosk, revokeKiosk, createEnrolmentCode, redeemEnrolmentCode };
}
