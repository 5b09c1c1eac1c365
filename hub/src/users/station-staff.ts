/**
 * Publishes each station's staff to the station: `staff:{stationId}` in the station's own database
 * (a hub-written document the kiosk may not change), holding every enabled station-staff account of
 * the station with the verifiers of its password and counter PIN (`@xz/shared/staff/verifier`,
 * keyed with the deployment key). Replication brings it to the agent, which checks counter
 * sign-in against it, also with the hub unreachable. Written again whenever a staff account of the
 * station changes, and at start for every station with staff; unchanged content is not rewritten.
 */

import type { StaffMember, StationStaffDoc } from '@xz/shared/docs/staff';
import { validateDocAs } from '@xz/shared/docs/validate';
import { HubDb, stationDbName, stationStaffId } from '@xz/shared/ids';
import { hashKeyId } from '@xz/shared/validate/hash';
import { type CouchClient, statusOf } from '../couch/client.ts';
import { readRoles } from './roles.ts';
import type { UserDoc } from './users.ts';

export interface StationStaffPublisher {
  /** Writes the station's staff document when its content changed. */
  publish(stationId: string): Promise<void>;
  /** Publishes every station that has staff. */
  publishAll(): Promise<void>;
}

export function createStationStaffPublisher(options: {
  couch: CouchClient;
  hashKey: Uint8Array;
  now?: () => number;
}): StationStaffPublisher {
  const { couch } = options;
  const now = options.now ?? Date.now;
  const keyId = hashKeyId(options.hashKey);
  const users = couch.db<UserDoc>(HubDb.Users);
  /** One write per station at a time (two changes in a row must not conflict). */
  const chains = new Map<string, Promise<void>>();

  async function staffUsers(): Promise<UserDoc[]> {
    const res = await users.list({ include_docs: true, startkey: 'user:', endkey: 'user:\ufff0' });
    return res.rows
      .map((r) => r.doc as UserDoc | undefined)
      .filter(
        (d): d is UserDoc =>
          d?.type === 'user' && readRoles(d.roles).includes('station-staff') && !!d.stationId,
      );
  }

  function memberOf(user: UserDoc): StaffMember {
    const v = user.stationVerifiers ?? {};
    return {
      id: user.username,
      name: (user.displayName ?? user.username).slice(0, 40),
      ...(v.password ? { password: v.password } : {}),
      ...(v.pin ? { pin: v.pin } : {}),
    };
  }

  async function write(stationId: string): Promise<void> {
    const staff = (await staffUsers())
      .filter((u) => u.stationId === stationId && u.disabled !== true)
      .map(memberOf)
      .sort((a, b) => a.id.localeCompare(b.id));
    await couch.ensureStationDb(stationId);
    const db = couch.db<StationStaffDoc>(stationDbName(stationId));
    const id = stationStaffId(stationId);
    let current: StationStaffDoc | undefined;
    try {
      current = await db.get(id);
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
    }
    if (current && current.keyId === keyId && JSON.stringify(current.staff) === JSON.stringify(staff)) return;
    const doc: StationStaffDoc = {
      _id: id,
      ...(current?._rev ? { _rev: current._rev } : {}),
      type: 'station-staff',
      schemaVersion: 1,
      stationId,
      staff,
      keyId,
      updatedAt: now(),
    };
    const checked = validateDocAs('station-staff', doc);
    if (!checked.ok) throw new Error(`station-staff ${stationId}: ${JSON.stringify(checked.errors[0])}`);
    await db.insert(doc);
  }

  function publish(stationId: string): Promise<void> {
    const next = (chains.get(stationId) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => write(stationId));
    chains.set(stationId, next);
    return next;
  }

  return {
    publish,
    async publishAll() {
      const stations = new Set((await staffUsers()).map((u) => u.stationId as string));
      for (const stationId of stations) await publish(stationId);
    },
  };
}
