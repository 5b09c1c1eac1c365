/** Public QR pages: published policies only, every value escaped, tickets and requests without personal data. */
import type { PolicyDoc } from '@xz/shared/docs/policy';
import { HubDb, stationDbName } from '@xz/shared/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoPolicies } from '../../src/policies/seed.ts';
import {
  ADMIN_PASSWORD,
  call,
  policyContent,
  signIn,
  startTestHub,
  type TestHub,
  userSession,
} from '../helpers.ts';

describe('public pages', () => {
  let t: TestHub;
  let op1: string;
  let op2: string;

  async function publishPolicy(id: string, content: object, targets?: object) {
    expect(
      (await call(t.hub, 'POST', '/api/policies', { cookie: op1, body: { content, targets } })).status,
    ).toBe(201);
    await call(t.hub, 'POST', `/api/policies/${id}/submit`, { cookie: op1 });
    await call(t.hub, 'POST', `/api/policies/${id}/approve`, { cookie: op2 });
    expect((await call(t.hub, 'POST', `/api/policies/${id}/publish`, { cookie: op1 })).status).toBe(200);
  }

  beforeAll(async () => {
    t = await startTestHub();
    const admin = await signIn(t.hub, 'admin', ADMIN_PASSWORD);
    op1 = await userSession(t.hub, admin, 'op-one', ['district-operator']);
    op2 = await userSession(t.hub, admin, 'op-two', ['district-operator']);
  }, 60_000);
  afterAll(async () => t?.close());

  it('escapes every policy text it shows', async () => {
    const evil = '<script>alert("x")</script>&<img src=x onerror=alert(1)>';
    const base = policyContent('evil-p');
    await publishPolicy('evil-p', {
      ...base,
      title: { zh: `标题${evil}`, en: `Title ${evil}` },
      conditions: { zh: evil, en: evil },
      apply: { ...base.apply, where: { zh: `"'${evil}`, en: evil } },
    });
    for (const lang of ['zh', 'en']) {
      const res = await call(t.hub, 'GET', `/p/evil-p?lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).not.toContain('<script>alert');
      expect(res.body).not.toContain('<img src=x');
      expect(res.body).toContain(
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&lt;img src=x onerror=alert(1)&gt;',
      );
    }
    const list = await call(t.hub, 'GET', '/p');
    expect(list.body).toContain('标题&lt;script&gt;');
    expect(list.body).not.toContain('<script>');
  });

  it('shows only policies published for the station', async () => {
    await publishPolicy('only-b', policyContent('only-b', { title: { zh: '仅B站', en: 'Only B' } }), {
      districts: [],
      stations: ['st-b'],
    });
    expect((await call(t.hub, 'GET', '/p?station=st-b')).body).toContain('仅B站');
    expect((await call(t.hub, 'GET', '/p?station=st-c')).body).not.toContain('仅B站');
    expect((await call(t.hub, 'GET', '/p/no-such-policy')).status).toBe(404);
    expect((await call(t.hub, 'GET', '/p/%3Cscript%3E')).body).not.toContain('<script>');
  });

  it('seeds the demo policies once, as published version 1 for every station', async () => {
    const first = await seedDemoPolicies(t.hub);
    expect(first.length).toBeGreaterThanOrEqual(10);
    expect(await seedDemoPolicies(t.hub)).toEqual([]);
    const doc = await t.hub.couch.db<PolicyDoc>(HubDb.Policies).get(`policy:${first[0]}`);
    expect(doc).toMatchObject({ status: 'published', version: 1, targets: { districts: [], stations: [] } });
    expect((await call(t.hub, 'GET', `/p/${first[0]}`)).status).toBe(200);
  });

  it('shows a ticket number, status and people ahead, and a request status, without personal data', async () => {
    const kiosk = await t.hub.kioskUsers.enrolKiosk('st-pub');
    expect(kiosk.stationId).toBe('st-pub');
    const db = t.hub.couch.db<Record<string, unknown>>(stationDbName('st-pub'));
    const ticket = (seq: number, status: string) => ({
      _id: `ticket:st-pub:2026-03-09:business-license:${String(seq).padStart(3, '0')}`,
      id: `ticket:st-pub:2026-03-09:business-license:${String(seq).padStart(3, '0')}`,
      type: 'ticket',
      schemaVersion: 1,
      seq,
      kind: 'normal',
      front: false,
      recalls: 0,
      returnedToQueue: false,
      calls: 0,
      printed: 1,
      lang: 'zh',
      number: `A${String(seq).padStart(3, '0')}`,
      status,
      stationId: 'st-pub',
      day: '2026-03-09',
      serviceId: 'business-license',
      issuedAt: 1_773_000_000_000 + seq * 60_000,
      queuedAt: 1_773_000_000_000 + seq * 60_000,
    });
    for (const doc of [
      ticket(1, 'served'),
      ticket(2, 'waiting'),
      ticket(3, 'waiting'),
      ticket(4, 'waiting'),
    ]) {
      await db.insert(doc);
    }
    const res = await call(
      t.hub,
      'GET',
      `/t/${encodeURIComponent('ticket:st-pub:2026-03-09:business-license:004')}?lang=en`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toContain('A004');
    expect(res.body).toMatch(/People ahead<\/dt><dd>2</);
    expect((await call(t.hub, 'GET', '/t/ticket:st-pub:2026-03-09:business-license:099')).status).toBe(404);
    expect((await call(t.hub, 'GET', '/t/garbage')).status).toBe(404);

    await db.insert({
      _id: 'request:st-pub:20260309-0007',
      type: 'request',
      schemaVersion: 1,
      idempotencyKey: 'retry-key-0007',
      number: 'ST-PUB-20260309-0007',
      stationId: 'st-pub',
      category: 'enterprise',
      description: 'private description',
      phone: '13800000000',
      kioskAt: 1_773_000_000_000,
    });
    const req = await call(t.hub, 'GET', '/r/ST-PUB-20260309-0007');
    expect(req.status).toBe(200);
    expect(req.body).toContain('ST-PUB-20260309-0007');
    expect(req.body).not.toContain('13800000000');
    expect(req.body).not.toContain('private description');
    expect((await call(t.hub, 'GET', '/r/NOPE-20260309-0001')).status).toBe(404);
  });
});
