/**
 * Cases on the hub: a request or a bad rating replicated from a station opens a case with the
 * hub's receipt time, the department routed to works it to the end, lights follow the clock, the
 * district office reassigns and decides appeals, and each operator sees only what is theirs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { requestKeyHash, requestKeyOf } from '@xz/shared/feedback/request-key';
import { createStationTime } from '@xz/shared/time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, type Hub } from '../../src/app.ts';
import type { CASE_ACTIONS } from '../../src/routes/cases/index.ts';
import { ADMIN_PASSWORD, call, signIn, userSession } from '../helpers.ts';

const shanghai = createStationTime('Asia/Shanghai');
const at = (day: string, time: string) => shanghai.toEpoch(day, time);

/** The key in the receipt's link of request `seq`. */
const keyOf = (seq: number) => requestKeyOf(new Uint8Array(16).fill(seq));

async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error('not in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('cases', () => {
  let hub: Hub;
  let dir: string;
  let clock = at('2026-11-30', '10:00');
  let admin: string;
  let district: string;
  let commerce: string;
  let tax: string;
  let staffA: string;
  let staffB: string;

  const requestDoc = (seq: number, category = 'enterprise') => ({
    _id: `request:st-ca:20261128-${String(seq).padStart(4, '0')}`,
    type: 'request',
    schemaVersion: 1,
    number: `ST-CA-20261128-${String(seq).padStart(4, '0')}`,
    stationId: 'st-ca',
    category,
    description: '营业执照变更需要帮助',
    phone: '13800138000',
    keyHash: requestKeyHash(keyOf(seq)),
    idempotencyKey: `req-key-${String(seq).padStart(4, '0')}`,
    // Filed on Saturday while the station was offline; the hub receives it on Monday.
    kioskAt: at('2026-11-28', '15:00'),
  });
  const ratingDoc = (seq: number, level: number) => ({
    _id: `rating:ticket:st-ca:2026-11-30:tax:${String(seq).padStart(3, '0')}`,
    type: 'rating',
    schemaVersion: 1,
    ticketId: `ticket:st-ca:2026-11-30:tax:${String(seq).padStart(3, '0')}`,
    ticketNumber: `B${String(seq).padStart(3, '0')}`,
    stationId: 'st-ca',
    serviceId: 'tax',
    level,
    class: level >= 4 ? 'good' : level === 3 ? 'neutral' : 'bad',
    channel: 'kiosk',
    at: at('2026-11-30', '09:30'),
  });

  const station = () => hub.couch.db('xz-station-st-ca');
  const caseOf = (sourceId: string) =>
    eventually(async () => {
      const res = await call(hub, 'GET', `/api/cases/${encodeURIComponent(`case:${sourceId}`)}`, {
        cookie: admin,
      });
      return res.status === 200 ? res.body : undefined;
    });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'xz-hub-cases-'));
    hub = await buildHub({ dataDir: dir, port: 0, adminPassword: ADMIN_PASSWORD, now: () => clock });
    await hub.couch.ensureStationDb('st-ca');
    await hub.couch.ensureStationDb('st-cb');
    admin = await signIn(hub, 'admin', ADMIN_PASSWORD);
    district = await userSession(hub, admin, 'district-1', ['district-operator']);
    commerce = await userSession(hub, admin, 'commerce-1', ['department-handler'], {
      department: 'commerce',
    });
    tax = await userSession(hub, admin, 'tax-1', ['department-handler'], { department: 'tax' });
    staffA = await userSession(hub, admin, 'staff-a', ['station-staff'], { stationId: 'st-ca' });
    staffB = await userSession(hub, admin, 'staff-b', ['station-staff'], { stationId: 'st-cb' });
  });

  afterAll(async () => {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens a case for a request with the hub’s receipt time; the clock starts there, not at the kiosk', async () => {
    await station().insert(requestDoc(1));
    const c = await caseOf('request:st-ca:20261128-0001');
    expect(c).toMatchObject({
      kind: 'request',
      number: 'ST-CA-20261128-0001',
      department: 'commerce',
      status: 'received',
      kioskAt: '2026-11-28T15:00:00+08:00',
      receivedAt: '2026-11-30T10:00:00+08:00',
      // Due at the end (24:00) of Tuesday 12-01 and of Thursday 12-03.
      due: { contactBy: '2026-12-02T00:00:00+08:00', feedbackBy: '2026-12-04T00:00:00+08:00' },
      light: 'green',
      provisional: false,
    });
    expect(c.history).toHaveLength(1);
    // The operators who work it read what the citizen wrote and how to reach them.
    expect(c.citizen).toEqual({ description: '营业执照变更需要帮助', phone: '13800138000' });
  });

  it('opens one case however often the document arrives, and none for a good rating', async () => {
    await station().insert(ratingDoc(1, 1));
    await station().insert(ratingDoc(2, 5));
    await caseOf('rating:ticket:st-ca:2026-11-30:tax:001');
    await hub.follower.idle();
    const all = await call(hub, 'GET', '/api/cases', { cookie: admin });
    const ids = all.body.cases.map((c: { caseId: string }) => c.caseId).sort();
    expect(ids).toEqual(['case:rating:ticket:st-ca:2026-11-30:tax:001', 'case:request:st-ca:20261128-0001']);
  });

  it('shows each operator only what is theirs', async () => {
    const list = async (cookie: string) =>
      (await call(hub, 'GET', '/api/cases', { cookie })).body.cases
        .map((c: { kind: string }) => c.kind)
        .sort();
    expect(await list(district)).toEqual(['rating', 'request']);
    expect(await list(commerce)).toEqual(['request']);
    expect(await list(tax)).toEqual([]);
    expect(await list(staffA)).toEqual(['rating', 'request']);
    expect(await list(staffB)).toEqual([]);
    const refused = await call(
      hub,
      'GET',
      `/api/cases/${encodeURIComponent('case:request:st-ca:20261128-0001')}`,
      {
        cookie: tax,
      },
    );
    expect(refused.status).toBe(403);
  });

  it('lets the department work the request to the end; wrong role 403, wrong state 409', async () => {
    const id = encodeURIComponent('case:request:st-ca:20261128-0001');
    expect(
      (await call(hub, 'POST', `/api/cases/${id}/reply`, { cookie: tax, body: { text: 'x' } })).status,
    ).toBe(403);
    expect((await call(hub, 'POST', `/api/cases/${id}/close`, { cookie: commerce, body: {} })).status).toBe(
      409,
    );
    const bad = await call(hub, 'POST', `/api/cases/${id}/contact`, {
      cookie: commerce,
      body: { channel: 'pigeon', note: 'x' },
    });
    expect(bad.status).toBe(400);
    const contacted = await call(hub, 'POST', `/api/cases/${id}/contact`, {
      cookie: commerce,
      body: { channel: 'phone', note: '已电话联系企业' },
    });
    expect(contacted.body).toMatchObject({
      status: 'contacted',
      stage: 'contacted',
      met: { contactBy: true },
    });
    const replied = await call(hub, 'POST', `/api/cases/${id}/reply`, {
      cookie: commerce,
      body: { text: '已为您办理变更，请携带执照原件到窗口领取。' },
    });
    expect(replied.body).toMatchObject({
      status: 'answered',
      reply: '已为您办理变更，请携带执照原件到窗口领取。',
    });
    const closed = await call(hub, 'POST', `/api/cases/${id}/close`, { cookie: commerce, body: {} });
    expect(closed.body).toMatchObject({ status: 'closed', light: 'none' });
    expect(closed.body.history.map((h: { type: string; by?: string }) => `${h.type}:${h.by ?? ''}`)).toEqual([
      'CaseOpened:',
      'RequesterContacted:commerce-1',
      'ReplyGiven:commerce-1',
      'CaseClosed:commerce-1',
    ]);
    const audit = await call(hub, 'GET', `/api/audit?targetId=${id}`, { cookie: admin });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('case.reply');
  });

  it('settles a request at once: answered and closed in one step, the citizen reads the answer', async () => {
    await station().insert(requestDoc(12));
    const detail = await caseOf('request:st-ca:20261128-0012');
    const id = encodeURIComponent(detail.caseId);
    const path = `/api/cases/${id}/resolve`;
    const wrong = await call(hub, 'POST', path, { cookie: tax, body: { text: 'x' } });
    expect(wrong.status).toBe(403);
    expect(wrong.body.messageZh).toBe('此办件不在您的办理范围内。');
    expect((await call(hub, 'POST', path, { cookie: commerce, body: { text: '' } })).status).toBe(400);
    const settled = await call(hub, 'POST', path, { cookie: commerce, body: { text: '已当场为您办结。' } });
    expect(settled.status).toBe(200);
    expect(settled.body).toMatchObject({ status: 'closed', reply: '已当场为您办结。', light: 'none' });
    expect(settled.body.history.map((h: { type: string }) => h.type)).toEqual([
      'CaseOpened',
      'ReplyGiven',
      'CaseClosed',
    ]);
    // Refusals say why in both languages.
    const again = await call(hub, 'POST', path, { cookie: commerce, body: { text: 'again' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ message: 'This case is closed.', messageZh: '此办件已办结。' });
    const page = String((await call(hub, 'GET', `/r/ST-CA-20261128-0012?k=${keyOf(12)}`)).body);
    expect(page).toContain('已办结');
    expect(page).toContain('已当场为您办结。');
  });

  it('shows the citizen the stage, both times, the deadlines and the answer on the phone page, never the phone', async () => {
    const page = await call(hub, 'GET', `/r/ST-CA-20261128-0001?k=${keyOf(1)}`);
    expect(page.status).toBe(200);
    const text = String(page.body);
    expect(text).toContain('已办结');
    expect(text).toContain('企业诉求');
    expect(text).toContain('商务局');
    expect(text).toContain('2026-11-28 15:00');
    expect(text).toContain('2026-11-30 10:00');
    expect(text).toContain('2026-12-01 24:00');
    expect(text).toContain('已为您办理变更，请携带执照原件到窗口领取。');
    expect(text).not.toContain('13800138000');
    expect(text).not.toContain('营业执照变更需要帮助');
    const en = String((await call(hub, 'GET', `/r/ST-CA-20261128-0001?k=${keyOf(1)}&lang=en`)).body);
    expect(en).toContain('Closed');
    expect(en).toContain('Business request');
  });

  it('lets the citizen rate and reopen with the last four phone digits; wrong digits are refused and limited', async () => {
    const form = (body: string, action: 'rate' | 'reopen') =>
      hub.app.inject({
        method: 'POST',
        url: `/r/ST-CA-20261128-0001/${action}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `k=${keyOf(1)}&${body}`,
      });
    const wrong = await form('level=2&phoneLast4=0000', 'rate');
    expect(wrong.statusCode).toBe(403);
    expect(wrong.body).toContain('手机号后四位不正确');
    const rated = await form('level=2&phoneLast4=8000', 'rate');
    expect(rated.statusCode).toBe(303);
    expect(rated.headers.location).toBe(`/r/ST-CA-20261128-0001?k=${keyOf(1)}&lang=zh&done=rated`);
    const reopened = await form(`reason=${encodeURIComponent('执照仍未领到')}&phoneLast4=8000`, 'reopen');
    expect(reopened.statusCode).toBe(303);
    const c = await caseOf('request:st-ca:20261128-0001');
    expect(c).toMatchObject({ status: 'in-progress', citizenLevel: 2, reopenCount: 1 });
    expect(c.history.at(-1)).toMatchObject({ type: 'CaseReopened', by: 'citizen' });
    // Five tries per address and request in ten minutes.
    for (let i = 0; i < 3; i++) await form('level=1&phoneLast4=1111', 'rate');
    const limited = await form('level=1&phoneLast4=8000', 'rate');
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('尝试次数过多');
  });

  it('shows operators’ and citizens’ text as text', async () => {
    await station().insert(requestDoc(9));
    const c = await caseOf('request:st-ca:20261128-0009');
    const id = encodeURIComponent(c.caseId);
    const evil = '<img src=x onerror=alert(1)>';
    await call(hub, 'POST', `/api/cases/${id}/contact`, {
      cookie: commerce,
      body: { channel: 'phone', note: evil },
    });
    await call(hub, 'POST', `/api/cases/${id}/progress`, { cookie: commerce, body: { note: evil } });
    await call(hub, 'POST', `/api/cases/${id}/reply`, { cookie: commerce, body: { text: evil } });
    const text = String((await call(hub, 'GET', `/r/ST-CA-20261128-0009?k=${keyOf(9)}`)).body);
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('turns yellow on the day a deadline ends and red after; the district reassigns and the new clock starts', async () => {
    await station().insert(requestDoc(2, 'complaint'));
    const c = await caseOf('request:st-ca:20261128-0002');
    expect(c.department).toBe('market');
    const id = encodeURIComponent(c.caseId);
    clock = at('2026-12-01', '09:00');
    expect((await call(hub, 'GET', `/api/cases/${id}`, { cookie: admin })).body.light).toBe('yellow');
    clock = at('2026-12-02', '08:00');
    expect((await call(hub, 'GET', `/api/cases/${id}`, { cookie: admin })).body.light).toBe('red');
    const red = await call(hub, 'GET', '/api/cases?light=red', { cookie: district });
    expect(red.body.cases.map((x: { caseId: string }) => x.caseId)).toContain(c.caseId);
    expect(
      (await call(hub, 'GET', '/api/cases/counts', { cookie: district })).body.red,
    ).toBeGreaterThanOrEqual(1);
    expect(
      (
        await call(hub, 'POST', `/api/cases/${id}/reassign`, {
          cookie: commerce,
          body: { department: 'tax' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(hub, 'POST', `/api/cases/${id}/reassign`, {
          cookie: district,
          body: { department: 'nowhere' },
        })
      ).status,
    ).toBe(400);
    const moved = await call(hub, 'POST', `/api/cases/${id}/reassign`, {
      cookie: district,
      body: { department: 'tax', note: '涉税问题' },
    });
    expect(moved.body).toMatchObject({
      department: 'tax',
      light: 'green',
      due: { contactBy: '2026-12-04T00:00:00+08:00' },
    });
    expect((await call(hub, 'GET', `/api/cases/${id}`, { cookie: tax })).status).toBe(200);
  });

  it('follows a bad rating: the station calls back and appeals, the district voids it', async () => {
    const id = encodeURIComponent('case:rating:ticket:st-ca:2026-11-30:tax:001');
    expect(
      (
        await call(hub, 'POST', `/api/cases/${id}/callback`, {
          cookie: staffB,
          body: { channel: 'phone', note: 'x' },
        })
      ).status,
    ).toBe(403);
    await call(hub, 'POST', `/api/cases/${id}/callback`, {
      cookie: staffA,
      body: { channel: 'phone', note: '已回访群众' },
    });
    const appealed = await call(hub, 'POST', `/api/cases/${id}/classify`, {
      cookie: staffA,
      body: { classification: 'appealed', note: '群众误选评价' },
    });
    expect(appealed.body.status).toBe('appealed');
    expect(
      (
        await call(hub, 'POST', `/api/cases/${id}/decide-appeal`, {
          cookie: staffA,
          body: { decision: 'voided', note: 'x' },
        })
      ).status,
    ).toBe(403);
    const voided = await call(hub, 'POST', `/api/cases/${id}/decide-appeal`, {
      cookie: district,
      body: { decision: 'voided', note: '经核实为误评，作废' },
    });
    expect(voided.body).toMatchObject({ voided: true, status: 'closed' });
    expect(voided.body.history.at(-1)).toMatchObject({ type: 'AppealDecided', by: 'district-1' });
  });

  it('names who answers for a bad rating: a staff member of the station takes it, the district assigns it to one', async () => {
    await station().insert(ratingDoc(21, 1));
    const detail = await caseOf('rating:ticket:st-ca:2026-11-30:tax:021');
    const id = encodeURIComponent(detail.caseId);
    expect(detail.assignee).toBeUndefined();
    // Not for another station's staff nor a department's handler.
    for (const cookie of [staffB, commerce])
      expect((await call(hub, 'POST', `/api/cases/${id}/take`, { cookie, body: {} })).status).toBe(403);
    const taken = await call(hub, 'POST', `/api/cases/${id}/take`, { cookie: staffA, body: {} });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ assignee: 'staff-a' });
    expect(taken.body.history.at(-1)).toMatchObject({
      type: 'CaseAssigned',
      by: 'staff-a',
      data: { to: 'staff-a' },
    });
    // Another station's staff, a department handler, an unknown user: not someone who works this case.
    for (const to of ['staff-b', 'commerce-1', 'nobody-here']) {
      const refused = await call(hub, 'POST', `/api/cases/${id}/assign`, { cookie: district, body: { to } });
      expect(refused.status, to).toBe(400);
      expect(refused.body.field).toBe('to');
    }
    expect(
      (await call(hub, 'POST', `/api/cases/${id}/assign`, { cookie: staffA, body: { to: 'district-1' } }))
        .status,
    ).toBe(403);
    const assigned = await call(hub, 'POST', `/api/cases/${id}/assign`, {
      cookie: district,
      body: { to: 'district-1' },
    });
    expect(assigned.body).toMatchObject({ assignee: 'district-1' });
    // Now the staff member no longer works it; the list says who does.
    const callback = await call(hub, 'POST', `/api/cases/${id}/callback`, {
      cookie: staffA,
      body: { channel: 'phone', note: '已回访' },
    });
    expect(callback.status).toBe(403);
    const list = await call(hub, 'GET', '/api/cases?kind=rating', { cookie: district });
    expect(list.body.cases.find((c: { caseId: string }) => c.caseId === detail.caseId)).toMatchObject({
      assignee: 'district-1',
    });
  });

  it('refuses every action on a case without a session', async () => {
    const id = encodeURIComponent('case:request:st-ca:20261128-0001');
    const bodies: Record<keyof typeof CASE_ACTIONS, Record<string, unknown>> = {
      reassign: { department: 'tax' },
      take: {},
      assign: { to: 'commerce-1' },
      contact: { channel: 'phone', note: 'n' },
      reply: { text: 't' },
      resolve: { text: 't' },
      progress: { note: 'n' },
      'long-running': { note: 'n' },
      callback: { channel: 'phone', note: 'n' },
      classify: { classification: 'explained', note: 'n' },
      rectification: { note: 'n' },
      feedback: { text: 't' },
      'decide-appeal': { decision: 'upheld', note: 'n' },
      'citizen-rating': { level: 3 },
      close: {},
      reopen: { reason: 'r' },
    };
    for (const [action, body] of Object.entries(bodies))
      expect((await call(hub, 'POST', `/api/cases/${id}/${action}`, { body })).status, action).toBe(401);
  });

  it('keeps routing and deadlines as settings the district edits; existing cases keep theirs', async () => {
    const settings = (await call(hub, 'GET', '/api/cases/settings', { cookie: commerce })).body;
    const changed = structuredClone(settings);
    changed.categories.enterprise.contactDays = 2;
    expect((await call(hub, 'PUT', '/api/cases/settings', { cookie: commerce, body: changed })).status).toBe(
      403,
    );
    const wrong = structuredClone(settings);
    wrong.categories.enterprise.department = 'nowhere';
    const refused = await call(hub, 'PUT', '/api/cases/settings', { cookie: district, body: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body.field).toBe('categories.enterprise.department');
    expect((await call(hub, 'PUT', '/api/cases/settings', { cookie: district, body: changed })).status).toBe(
      200,
    );
    const old = await caseOf('request:st-ca:20261128-0001');
    expect(old.due.contactBy).toBe('2026-12-02T00:00:00+08:00');
    clock = at('2026-12-07', '10:00');
    await station().insert(requestDoc(3));
    const fresh = await caseOf('request:st-ca:20261128-0003');
    expect(fresh.due.contactBy).toBe('2026-12-10T00:00:00+08:00');
  });
});
