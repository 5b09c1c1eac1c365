/**
 * Public QR pages: published policies only, every value escaped, tickets without personal data,
 * and a request's page only with the key of its receipt's link.
 */
import type { PolicyDoc } from '@xz/shared/docs/policy';
import { requestKeyHash, requestKeyOf } from '@xz/shared/feedback/request-key';
import { HubDb, stationDbName } from '@xz/shared/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoStation from '../../../firmware-config/stations/demo.json' with { type: 'json' };
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

  describe('a ticket’s page', () => {
    const db = (station: string) => t.hub.couch.db<Record<string, unknown>>(stationDbName(station));
    const ticket = (station: string, serviceId: string, seq: number, status: string, more = {}) => ({
      _id: `ticket:${station}:2026-03-09:${serviceId}:${String(seq).padStart(3, '0')}`,
      id: `ticket:${station}:2026-03-09:${serviceId}:${String(seq).padStart(3, '0')}`,
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
      stationId: station,
      day: '2026-03-09',
      serviceId,
      issuedAt: 1_773_000_000_000 + seq * 60_000,
      queuedAt: 1_773_000_000_000 + seq * 60_000,
      ...more,
    });
    const page = async (id: string, lang = 'en') => {
      const res = await call(t.hub, 'GET', `/t/${encodeURIComponent(id)}?lang=${lang}`);
      return { status: res.status, body: String(res.body) };
    };
    const REFRESH = '<meta http-equiv="refresh" content="30">';
    const id = (seq: number) => `ticket:st-pub:2026-03-09:business-license:${String(seq).padStart(3, '0')}`;

    beforeAll(async () => {
      await t.hub.kioskUsers.enrolKiosk('st-pub');
      await t.hub.kioskUsers.enrolKiosk('st-bare');
      // The station's configuration as the hub sends it: service names, counters, mean service time.
      const admin = await signIn(t.hub, 'admin', ADMIN_PASSWORD);
      const { _id, stationId, ...config } = demoStation;
      void _id;
      void stationId;
      const put = await call(t.hub, 'PUT', '/api/stations/st-pub/config', {
        cookie: admin,
        body: {
          config: {
            ...config,
            services: [
              {
                id: 'business-license',
                prefix: 'A',
                name: { zh: '营业执照办理', en: 'Business licences' },
                avgMinutes: 10,
                dailyCap: 999,
                warnAt: 900,
              },
            ],
            counters: [
              { id: '1', services: ['business-license'] },
              { id: '2', name: { zh: '综合窗口', en: 'General counter' }, services: ['business-license'] },
            ],
          },
        },
      });
      expect(put.status).toBe(200);
      for (const doc of [
        ticket('st-pub', 'business-license', 1, 'served', { counterId: '1', calledAt: 1_773_000_100_000 }),
        ticket('st-pub', 'business-license', 2, 'waiting'),
        ticket('st-pub', 'business-license', 3, 'waiting'),
        ticket('st-pub', 'business-license', 4, 'waiting'),
        ticket('st-pub', 'business-license', 5, 'called', { counterId: '2', calledAt: 1_773_000_400_000 }),
        // A station without a configuration on the hub: the catalogue's name, no wait range.
        ticket('st-bare', 'tax', 1, 'waiting'),
        ticket('st-bare', 'tax', 2, 'waiting'),
        ticket('st-bare', 'no-such-service', 1, 'waiting'),
      ]) {
        await db(doc.stationId).insert(doc);
      }
    });

    it('shows a waiting ticket’s service, people ahead and wait range, and reloads itself', async () => {
      const en = await page(id(4));
      expect(en.status).toBe(200);
      expect(en.body).toContain('A004');
      expect(en.body).toContain('<dt>Service</dt><dd>Business licences</dd>');
      expect(en.body).toContain('<dt>Status</dt><dd>Waiting</dd>');
      expect(en.body).toMatch(/People ahead<\/dt><dd>2</);
      // Three waiting, two counters (one busy), 8–12.5 min a service (the configured 10 min):
      // 12–19 min for a new ticket, scaled to the two ahead of this one.
      expect(en.body).toContain('<dt>Estimated wait</dt><dd>8–15 min</dd>');
      expect(en.body).toContain(REFRESH);
      expect(en.body).not.toContain('<dt>Counter</dt>');
      const zh = await page(id(4), 'zh');
      expect(zh.body).toContain('<dd>营业执照办理</dd>');
      expect(zh.body).toContain('<dt>预计等候</dt><dd>8–15 分钟</dd>');
      expect(zh.body).toContain('<dd>等候中</dd>');
      // The first in the queue.
      expect((await page(id(2))).body).toMatch(/People ahead<\/dt><dd>0</);
    });

    it('names the counter once the ticket is called, and reloads itself until it is served', async () => {
      const called = await page(id(5));
      expect(called.body).toContain('<dt>Counter</dt><dd>General counter</dd>');
      expect(called.body).toContain('Called, please go to the counter');
      expect(called.body).not.toContain('Estimated wait');
      expect(called.body).toContain(REFRESH);
      expect((await page(id(5), 'zh')).body).toContain('<dt>办理窗口</dt><dd>综合窗口</dd>');

      const served = await page(id(1));
      expect(served.body).toContain('<dt>Counter</dt><dd>Counter 1</dd>');
      expect(served.body).toContain('<dd>Done</dd>');
      expect(served.body).not.toContain('http-equiv="refresh"');
      // The link to rate from the phone stays.
      expect(served.body).toContain(`action="/t/${encodeURIComponent(id(1))}/rate?lang=en"`);
      expect((await page(id(1), 'zh')).body).toContain('<dt>办理窗口</dt><dd>1 号窗口</dd>');
    });

    it('without the station’s configuration: the catalogue’s name or none, never the code, and no wait range', async () => {
      const tax = await page('ticket:st-bare:2026-03-09:tax:002', 'zh');
      expect(tax.status).toBe(200);
      expect(tax.body).toContain('<dd>税务服务</dd>');
      expect(tax.body).toMatch(/前面等待人数<\/dt><dd>1</);
      expect(tax.body).not.toContain('预计等候');
      expect(tax.body).toContain(REFRESH);
      const unknown = await page('ticket:st-bare:2026-03-09:no-such-service:001');
      expect(unknown.status).toBe(200);
      expect(unknown.body).not.toContain('<dt>Service</dt>');
      expect(unknown.body).not.toContain('>no-such-service<');
    });

    it('answers 404 for a ticket that does not exist', async () => {
      expect((await page(id(99))).status).toBe(404);
      expect((await page('garbage')).status).toBe(404);
    });
  });

  describe('a request’s page', () => {
    const KEY = requestKeyOf(Uint8Array.from({ length: 16 }, (_, i) => i * 7));
    const OTHER_KEY = requestKeyOf(new Uint8Array(16));
    const db = () => t.hub.couch.db<Record<string, unknown>>(stationDbName('st-req'));
    const request = (seq: number, keyHash?: string) => ({
      _id: `request:st-req:20260309-${String(seq).padStart(4, '0')}`,
      type: 'request',
      schemaVersion: 1,
      idempotencyKey: `retry-key-${String(seq).padStart(4, '0')}`,
      number: `ST-REQ-20260309-${String(seq).padStart(4, '0')}`,
      stationId: 'st-req',
      category: 'enterprise',
      description: 'private description',
      contactName: '隐私联系人',
      phone: '13800006789',
      ...(keyHash ? { keyHash } : {}),
      kioskAt: 1_773_000_000_000,
    });
    const REPLY = '答复：请携带营业执照原件到窗口办理。';
    const NOTE = '进展：已转交商务局。';
    /** Words of a request that a page without its key must not show. */
    const PRIVATE = [
      REPLY,
      NOTE,
      'private description',
      '隐私联系人',
      '13800006789',
      '6789',
      'ST-REQ-20260309-0007',
      'ST-REQ-20260309-0008',
      '企业诉求',
      'Business request',
      '商务局',
      'phoneLast4',
    ];
    const form = (number: string, action: 'rate' | 'reopen', body: string) =>
      t.hub.app.inject({
        method: 'POST',
        url: `/r/${number}/${action}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      });

    beforeAll(async () => {
      await t.hub.kioskUsers.enrolKiosk('st-req');
      await db().insert(request(7, requestKeyHash(KEY)));
      // Filed before links had keys.
      await db().insert(request(8));
      const caseId = encodeURIComponent('case:request:st-req:20260309-0007');
      const started = Date.now();
      while ((await call(t.hub, 'GET', `/api/cases/${caseId}`, { cookie: op1 })).status !== 200) {
        if (Date.now() - started > 15_000) throw new Error('no case for the request');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const admin = await signIn(t.hub, 'admin', ADMIN_PASSWORD);
      const handler = await userSession(t.hub, admin, 'commerce-pub', ['department-handler'], {
        department: 'commerce',
      });
      for (const [action, body] of [
        ['contact', { channel: 'phone', note: '已联系' }],
        ['progress', { note: NOTE }],
        ['reply', { text: REPLY }],
      ] as const) {
        expect(
          (await call(t.hub, 'POST', `/api/cases/${caseId}/${action}`, { cookie: handler, body })).status,
        ).toBe(200);
      }
    });

    it('shows the holder of the receipt’s link the stage, the answer and the notes, never the phone', async () => {
      for (const lang of ['zh', 'en']) {
        const res = await call(t.hub, 'GET', `/r/ST-REQ-20260309-0007?k=${KEY}&lang=${lang}`);
        expect(res.status).toBe(200);
        expect(res.body).toContain('ST-REQ-20260309-0007');
        expect(res.body).toContain(REPLY);
        expect(res.body).toContain(NOTE);
        expect(res.body).toContain(lang === 'zh' ? '已答复' : 'Answered');
        for (const text of ['private description', '隐私联系人', '13800006789'])
          expect(res.body).not.toContain(text);
        // The page's links and forms keep the key.
        expect(res.body).toContain(`<input type="hidden" name="k" value="${KEY}">`);
        expect(res.body).toContain(
          `/r/ST-REQ-20260309-0007?k=${KEY}&amp;lang=${lang === 'zh' ? 'en' : 'zh'}`,
        );
        expect(res.headers['referrer-policy']).toBe('no-referrer');
      }
    });

    it('without the key, with a wrong key, for an old request and for an unknown number: one page, nothing of the request', async () => {
      for (const lang of ['zh', 'en'] as const) {
        const q = lang === 'en' ? '&lang=en' : '';
        const urls = [
          `/r/ST-REQ-20260309-0007${lang === 'en' ? '?lang=en' : ''}`,
          `/r/ST-REQ-20260309-0007?k=${OTHER_KEY}${q}`,
          `/r/ST-REQ-20260309-0007?k=${KEY.slice(0, -1)}${q}`,
          `/r/ST-REQ-20260309-0007?k=${requestKeyHash(KEY)}${q}`,
          `/r/ST-REQ-20260309-0008?k=${KEY}${q}`,
          `/r/ST-REQ-20260309-0008?k=${q}`,
          `/r/ST-REQ-20260309-0009?k=${KEY}${q}`,
          `/r/NOPE-20260309-0001?k=${KEY}${q}`,
          `/r/garbage?k=${KEY}${q}`,
        ];
        const pages = await Promise.all(urls.map((url) => call(t.hub, 'GET', url)));
        for (const [i, res] of pages.entries()) {
          expect(res.status, urls[i]).toBe(404);
          expect(res.body, urls[i]).toBe(pages[0].body);
        }
        const body = String(pages[0].body);
        expect(body).toContain('请扫描诉求受理回执上的二维码查看办理进度。');
        expect(body).toContain('To follow a request, scan the QR code on its receipt.');
        for (const text of PRIVATE) expect(body).not.toContain(text);
      }
    });

    it('takes a rating or a reopening only with the key of the link', async () => {
      const caseId = encodeURIComponent('case:request:st-req:20260309-0007');
      const noKey = await form('ST-REQ-20260309-0007', 'rate', 'level=5&phoneLast4=6789');
      const wrongKey = await form(
        'ST-REQ-20260309-0007',
        'reopen',
        `k=${OTHER_KEY}&reason=${encodeURIComponent('没有办好')}&phoneLast4=6789`,
      );
      const unknown = (await call(t.hub, 'GET', '/r/ST-REQ-20260309-0009')).body;
      for (const res of [noKey, wrongKey]) {
        expect(res.statusCode).toBe(404);
        expect(res.body).toBe(unknown);
      }
      const before = await call(t.hub, 'GET', `/api/cases/${caseId}`, { cookie: op1 });
      expect(before.body).toMatchObject({ status: 'answered' });
      expect(before.body.citizenLevel).toBeUndefined();

      const rated = await form('ST-REQ-20260309-0007', 'rate', `k=${KEY}&level=5&phoneLast4=6789`);
      expect(rated.statusCode).toBe(303);
      expect(rated.headers.location).toBe(`/r/ST-REQ-20260309-0007?k=${KEY}&lang=zh&done=rated`);
      expect((await call(t.hub, 'GET', `/api/cases/${caseId}`, { cookie: op1 })).body.citizenLevel).toBe(5);
      // Wrong digits with the right key: the request's page, with the reason.
      const digits = await form('ST-REQ-20260309-0007', 'rate', `k=${KEY}&level=4&phoneLast4=0000`);
      expect(digits.statusCode).toBe(403);
      expect(digits.body).toContain('手机号后四位不正确');
      expect(digits.body).toContain(REPLY);
    });
  });
});
