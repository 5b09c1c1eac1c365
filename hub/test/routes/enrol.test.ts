/** POST /api/enrol over real HTTP: one code, one kiosk, once. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../src/app.ts';

describe('POST /api/enrol', () => {
  let hub: Hub;
  let dir: string;
  const enrol = async (body: unknown) => {
    const res = await fetch(`${hub.url}/api/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'xz-hub-enrol-'));
    hub = await buildHub({ dataDir: dir, port: 0, adminPassword: 'admin-password-1' });
  });
  afterAll(async () => {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the kiosk working credentials for its own database once, then refuses the code', async () => {
    const { code } = await hub.kioskUsers.createEnrolmentCode('st-enrol');
    const first = await enrol({ code: code.toLowerCase().replace(/-/g, ' ') });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      stationId: 'st-enrol',
      username: 'kiosk-st-enrol',
      dbName: 'xz-station-st-enrol',
      couchUrl: `${hub.url}/couch`,
    });
    const auth = `Basic ${Buffer.from(`${first.body.username}:${first.body.password}`).toString('base64')}`;
    const info = await fetch(`${first.body.couchUrl}/xz-station-st-enrol`, {
      headers: { authorization: auth },
    });
    expect(info.status).toBe(200);

    const second = await enrol({ code });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'XZ_ERR_CONFLICT', field: 'code', reason: 'used' });
    // the credentials from the first use still work: the failed second use changed nothing
    expect(
      (await fetch(`${first.body.couchUrl}/xz-station-st-enrol`, { headers: { authorization: auth } }))
        .status,
    ).toBe(200);
  });

  it('refuses unknown, expired and malformed codes with stable codes', async () => {
    expect(await enrol({ code: 'ABCD-EFGH-JKMN' })).toMatchObject({
      status: 401,
      body: { code: 'XZ_ERR_UNAUTHORIZED', reason: 'unknown' },
    });
    const expiring = await hub.kioskUsers.createEnrolmentCode('st-late', 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await enrol({ code: expiring.code })).toMatchObject({
      status: 401,
      body: { code: 'XZ_ERR_UNAUTHORIZED', reason: 'expired' },
    });
    expect(await enrol({ code: 'short' })).toMatchObject({
      status: 400,
      body: { code: 'XZ_ERR_VALIDATION' },
    });
    expect(await enrol({ code: 'ABCD-EFGH-JKM0' })).toMatchObject({
      status: 400,
      body: { code: 'XZ_ERR_VALIDATION', reason: 'format' },
    });
    expect(await enrol({})).toMatchObject({
      status: 400,
      body: { code: 'XZ_ERR_VALIDATION', field: 'code' },
    });
  });

  it('limits the rate of attempts', async () => {
    let limited = false;
    for (let i = 0; i < 15 && !limited; i++) {
      const res = await enrol({ code: 'ZZZZ-ZZZZ-ZZZZ' });
      if (res.status === 429) {
        expect(res.body.code).toBe('XZ_ERR_RATE_LIMITED');
        limited = true;
      }
    }
    expect(limited).toBe(true);
  });
});
