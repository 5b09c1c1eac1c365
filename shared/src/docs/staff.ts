/**
 * The staff of one station and their credential verifiers (`staff:{stationId}`), written by the
 * hub into the station's own database from its station-staff accounts, so counter sign-in works
 * with the hub unreachable. Verifiers only, never a secret (see `staff/verifier.ts`); the kiosk
 * may not write this document.
 */
import { type Static, Type } from '@sinclair/typebox';
import { STATION_STAFF_ID_PATTERN } from '../ids.ts';
import { STAFF_VERIFIER_PATTERN } from '../staff/verifier.ts';
import { Doc, docBase, Instant, Slug, StationId } from './common.ts';

/** A staff id is the hub username of the station-staff account. */
export const STAFF_ID_PATTERN = '^[a-z][a-z0-9._-]{2,31}$';
export const StaffId = Type.String({ pattern: STAFF_ID_PATTERN });
const Verifier = Type.String({ pattern: STAFF_VERIFIER_PATTERN, maxLength: 200 });

export const StaffMemberSchema = Type.Object(
  {
    id: StaffId,
    /** The name the counter console shows. */
    name: Type.String({ minLength: 1, maxLength: 40 }),
    /** Verifier of the account's password, when the hub has one. */
    password: Type.Optional(Verifier),
    /** Verifier of the staff member's counter PIN, when one is set. */
    pin: Type.Optional(Verifier),
  },
  { additionalProperties: false, title: 'StaffMember' },
);
export type StaffMember = Static<typeof StaffMemberSchema>;

export const StationStaffDocSchema = Doc(
  {
    ...docBase('station-staff', STATION_STAFF_ID_PATTERN),
    stationId: StationId,
    staff: Type.Array(StaffMemberSchema, { maxItems: 500 }),
    /** The deployment key the verifiers were made with (`hashKeyId`). */
    keyId: Slug,
    updatedAt: Instant,
  },
  'StationStaff',
);
export type StationStaffDoc = Static<typeof StationStaffDocSchema>;
