/**
 * Kiosk accounts: one account per station (`kiosk-{stationId}`; on Apache CouchDB a user with
 * roles `xz-kiosk` and `xz-station-{stationId}`, in the embedded store a hashed password the
 * gateway checks), and one-time enrolment codes an operator hands to the station to obtain them.
 * Only the hub creates accounts.
 *
 * Enrolment codes are stored hashed (SHA-256; they are random, 60 bits) in `xz-hub-users` as
 * `enrolment-code:{hash}`, expire, and are spent by one successful redeem (the update is
 * revision-checked, so of two concurrent redeems only one wins).
 */
import { createHash, randomInt } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { HubDb, isStationId } from '@xz/shared/ids';
import { generatePassword } from '../auth/passwords.ts';
import { type CouchClient, statusOf } from './client.ts';
import { kioskUserName } from './validate-docs.ts';

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

/** Crockford-like alphabet without 0/O, 1/I/L, U: easy to read off a screen and type. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 12;
export const ENROLMENT_CODE_TTL_MS = 24 * 60 * 60 * 1000;

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
  /** Deletes the kiosk user: the station's credentials stop working at once, its open feeds end. */
  revokeKiosk(stationId: string): Promise<void>;
  /** The station of kiosk credentials (`kiosk-{stationId}` and its password), or null. */
  authenticate(username: string, password: string): Promise<{ stationId: string } | null>;
  /** Listens to revocations (and re-enrolments, which end the old credentials); returns the stop function. */
  onRevoked(listener: (stationId: string) => void): () => void;
  createEnrolmentCode(stationId: string, ttlMs?: number): Promise<EnrolmentCode>;
  /** Spends a code and returns fresh kiosk credentials; a second use, an unknown or an expired code fails. */
  redeemEnrolmentCode(code: string): Promise<KioskCredentials>;
}

export function createKioskUsers(couch: CouchClient, now: () => number = Date.now): KioskUsers {
  const hubUsers = couch.db<EnrolmentCodeDoc>(HubDb.Users);
  const revoked = new EventEmitter();
  revoked.setMaxListeners(0);

  async function enrolKiosk(stationId: string): Promise<KioskCredentials> {
    requireStationId(stationId);
    await couch.ensureStationDb(stationId);
    const password = generatePassword();
    await couch.kioskAccounts.put(stationId, password);
    revoked.emit('revoked', stationId);
    return { stationId, couchUrl: couch.publicUrl, username: kioskUserName(stationId), password };
  }

  async function revokeKiosk(stationId: string): Promise<void> {
    requireStationId(stationId);
    await couch.kioskAccounts.remove(stationId);
    revoked.emit('revoked', stationId);
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

  return {
    enrolKiosk,
    revokeKiosk,
    createEnrolmentCode,
    redeemEnrolmentCode,
    authenticate: (username, password) => couch.kioskAccounts.verify(username, password),
    onRevoked(listener) {
      revoked.on('revoked', listener);
      return () => revoked.off('revoked', listener);
    },
  };
}
