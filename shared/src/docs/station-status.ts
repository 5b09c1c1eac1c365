/**
 * What a station reports about itself (printer status, heartbeat), and the green-channel hash
 * lists the hub pushes to stations (`green-list:{groupId}` in the published database, one document
 * per group; `keyId` names the deployment key the hashes were made with, see `hashKeyId`).
 */
import { type Static, Type } from '@sinclair/typebox';
import { type PrinterState, PrinterStateSchema } from '../contract/states.ts';
import {
  GREEN_LIST_ID_PATTERN,
  HEARTBEAT_ID_PATTERN,
  PRINTER_ID_PATTERN,
  PRINTER_STATUS_ID_PATTERN,
} from '../ids.ts';
import {
  Actor,
  Doc,
  docBase,
  GroupId,
  Hash,
  Instant,
  PolicyId,
  ServiceId,
  Slug,
  StationId,
} from './common.ts';

/** The printer's state: one declaration, in the contract. */
export { type PrinterState, PrinterStateSchema };

export const PrinterStatusDocSchema = Doc(
  {
    ...docBase('printer-status', PRINTER_STATUS_ID_PATTERN),
    stationId: StationId,
    printerId: Type.String({ pattern: PRINTER_ID_PATTERN }),
    state: PrinterStateSchema,
    at: Instant,
    /** Jobs waiting in the print journal. */
    pending: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    /** The printer profile in use. */
    profileId: Type.Optional(Slug),
    /** Since when the printer has been in this state. */
    since: Type.Optional(Instant),
  },
  'PrinterStatus',
);
export type PrinterStatusDoc = Static<typeof PrinterStatusDocSchema>;

export const StationHeartbeatDocSchema = Doc(
  {
    ...docBase('heartbeat', HEARTBEAT_ID_PATTERN),
    stationId: StationId,
    at: Instant,
    /** Software version of the station agent. */
    agentVersion: Type.String({ minLength: 1, maxLength: 64 }),
    /** A digest of the policy versions shown, for a quick "up to date" check. */
    policyVersion: Type.Optional(Type.String({ maxLength: 128 })),
    /** Policy versions the kiosk shows, by policy id. */
    policyVersions: Type.Optional(Type.Record(PolicyId, Type.Integer({ minimum: 1, maximum: 999_999 }))),
    queue: Type.Optional(
      Type.Object(
        {
          waiting: Type.Integer({ minimum: 0, maximum: 100_000 }),
          byService: Type.Optional(Type.Record(ServiceId, Type.Integer({ minimum: 0, maximum: 999 }))),
          /** Longest current wait in minutes. */
          maxWaitMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
        },
        { additionalProperties: false },
      ),
    ),
    printer: Type.Optional(PrinterStateSchema),
    /** Last time replication with the hub completed. */
    lastSyncAt: Type.Optional(Instant),
    /** Green-channel list versions the station applies, by group id. */
    greenLists: Type.Optional(Type.Record(GroupId, Type.Integer({ minimum: 1, maximum: 999_999_999 }))),
    /** Lists the station refuses because they were made with another deployment key. */
    greenListsRefused: Type.Optional(Type.Array(GroupId, { maxItems: 50 })),
  },
  'StationHeartbeat',
);
export type StationHeartbeatDoc = Static<typeof StationHeartbeatDocSchema>;

export const GreenListDocSchema = Doc(
  {
    ...docBase('green-list', GREEN_LIST_ID_PATTERN),
    groupId: GroupId,
    /** Hashes of resident ID numbers ('id') or of credit codes ('credit'). */
    kind: Type.Union([Type.Literal('id'), Type.Literal('credit')]),
    hashes: Type.Array(Hash, { maxItems: 200_000, uniqueItems: true }),
    /** Which generation of the deployment key the hashes were made with. */
    keyId: Slug,
    version: Type.Integer({ minimum: 1 }),
    updatedAt: Instant,
    updatedBy: Actor,
  },
  'GreenList',
);
export type GreenListDoc = Static<typeof GreenListDocSchema>;
