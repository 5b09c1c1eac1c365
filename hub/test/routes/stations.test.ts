/** The live dashboard and station reads: station staff see their own station and no other. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, call, signIn, startTestHub, type TestHub, userSession } from '../helpers.ts';

describe('stations seen by station staff', () => {
  let t: TestHub;
  let admin: string;
  let staffA: string;

  async function enrol(stationId: string) {
    const code = await call(t.hub, 'POST', `/api/stations/${stationId}/enrolment-codes`, { cookie: admin });
    expect(code.status).toBe(201);
    expect((await call(t.hub, 'POST', '/api/enrol', { body: { code: code.body.code } })).status).toBe(200);
  }

  beforeAll(async () => {
    t = await startTestHub();
    admin = await signIn(t.hub, 'admin', ADMIN_PASSWORD);
    staffA = await userSession(t.hub, admin, 'staff-a', ['station-staff'], { stationId: 'st-a' });
    await enrol('st-a');
    await enrol('st-b');
    const demo = JSON.parse(
      await readFile(resolve(import.meta.dirname, '../../../firmware-config/stations/demo.json'), 'utf8'),
    );
    for (const stationId of ['st-a', 'st-b']) {
      const put = await call(t.hub, 'PUT', `/api/stations/${stationId}/config`, {
        cookie: admin,
        body: { config: demo },
      });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
    }
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('shows station staff their station on /me', async () => {
    const me = await call(t.hub, 'GET', '/api/auth/me', { cookie: staffA });
    expect(me.body.operator).toMatchObject({
      username: 'staff-a',
      roles: ['station-staff'],
      stationId: 'st-a',
    });
  });

  it('lists only the staff member’s station on the live dashboard; an admin sees all', async () => {
    const mine = await call(t.hub, 'GET', '/api/stations/live', { cookie: staffA });
    expect(mine.status).toBe(200);
    expect(mine.body.stations.map((s: { stationId: string }) => s.stationId)).toEqual(['st-a']);
    const all = await call(t.hub, 'GET', '/api/stations/live', { cookie: admin });
    expect(all.body.stations.map((s: { stationId: string }) => s.stationId)).toEqual(['st-a', 'st-b']);
  });

  it('answers one station’s live state, and 403 for another station', async () => {
    const own = await call(t.hub, 'GET', '/api/stations/st-a', { cookie: staffA });
    expect(own.status).toBe(200);
    expect(own.body.stationId).toBe('st-a');
    const other = await call(t.hub, 'GET', '/api/stations/st-b', { cookie: staffA });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ code: 'XZ_ERR_FORBIDDEN', reason: 'station' });
    expect((await call(t.hub, 'GET', '/api/stations/st-b', { cookie: admin })).status).toBe(200);
    expect((await call(t.hub, 'GET', '/api/stations/st-zz', { cookie: admin })).status).toBe(404);
  });

  it('lets station staff read their own station’s configuration but not another’s, and change neither', async () => {
    const own = await call(t.hub, 'GET', '/api/stations/st-a/config', { cookie: staffA });
    expect(own.status).toBe(200);
    expect(own.body.config.stationId).toBe('st-a');
    const other = await call(t.hub, 'GET', '/api/stations/st-b/config', { cookie: staffA });
    expect(other.status).toBe(403);
    expect(other.body.reason).toBe('station');
    for (const [method, path] of [
      ['POST', '/api/stations/st-a/enrolment-codes'],
      ['POST', '/api/stations/st-b/enrolment-codes'],
      ['POST', '/api/stations/st-b/revoke'],
    ] as const) {
      expect((await call(t.hub, method, path, { cookie: staffA })).status, path).toBe(403);
    }
  });

  it('moves a staff member to another station: the old session ends, the next one sees the new station', async () => {
    const moved = await call(t.hub, 'PUT', '/api/users/staff-a/station', {
      cookie: admin,
      body: { stationId: 'st-b' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.stationId).toBe('st-b');
    expect((await call(t.hub, 'GET', '/api/stations/live', { cookie: staffA })).status).toBe(401);
    const again = await signIn(t.hub, 'staff-a', 'staff-a-password');
    const live = await call(t.hub, 'GET', '/api/stations/live', { cookie: again });
    expect(live.body.stations.map((s: { stationId: string }) => s.stationId)).toEqual(['st-b']);
    expect((await call(t.hub, 'GET', '/api/stations/st-a', { cookie: again })).status).toBe(403);
    const audit = await call(t.hub, 'GET', '/api/audit?action=user.station&targetId=staff-a', {
      cookie: admin,
    });
    expect(audit.body.entries[0]).toMatchObject({
      before: { stationId: 'st-a' },
      after: { stationId: 'st-b' },
    });
    // Only station staff belong to a station; only an admin moves them.
    const notStaff = await call(t.hub, 'PUT', '/api/users/admin/station', {
      cookie: admin,
      body: { stationId: 'st-b' },
    });
    expect(notStaff.status).toBe(400);
    expect(notStaff.body.field).toBe('stationId');
    expect(
      (await call(t.hub, 'PUT', '/api/users/staff-a/station', { cookie: again, body: { stationId: 'st-a' } }))
        .status,
    ).toBe(403);
  });
});
