/**
 * The policy workflow over HTTP against a real hub: roles, four eyes, transitions, versions, what
 * stations receive in xz-policies, diff, rollback, withdraw, the audit trail and socket.io.
 */
import type { PolicyDoc } from '@xz/shared/docs/policy';
import { HubDb } from '@xz/shared/ids';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  call,
  policyContent,
  signIn,
  startTestHub,
  type TestHub,
  userSession,
} from '../helpers.ts';

describe('policy workflow', () => {
  let t: TestHub;
  let admin: string;
  let op1: string;
  let op2: string;
  let staff: string;
  let socket: Socket;
  const announced: Array<{ policyId: string; version: number }> = [];

  const stationDoc = async (id: string) => {
    try {
      return await t.hub.couch.db<PolicyDoc>(HubDb.Policies).get(`policy:${id}`);
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  };

  async function draft(id: string, cookie = op1, patch = {}) {
    const res = await call(t.hub, 'POST', '/api/policies', {
      cookie,
      body: { content: policyContent(id, patch) },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }

  async function toApproved(id: string) {
    await draft(id);
    expect((await call(t.hub, 'POST', `/api/policies/${id}/submit`, { cookie: op1 })).status).toBe(200);
    expect((await call(t.hub, 'POST', `/api/policies/${id}/approve`, { cookie: op2 })).status).toBe(200);
  }

  async function publish(id: string, cookie = op1) {
    const res = await call(t.hub, 'POST', `/api/policies/${id}/publish`, { cookie });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  /** Edits, gets approval and publishes again: version n+1. */
  async function republish(id: string, patch: Record<string, unknown>) {
    const current = (await call(t.hub, 'GET', `/api/policies/${id}`, { cookie: op1 })).body;
    const saved = await call(t.hub, 'PUT', `/api/policies/${id}`, {
      cookie: op1,
      body: { content: { ...current.content, ...patch }, targets: current.targets, rev: current.rev },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect((await call(t.hub, 'POST', `/api/policies/${id}/submit`, { cookie: op1 })).status).toBe(200);
    expect((await call(t.hub, 'POST', `/api/policies/${id}/approve`, { cookie: op2 })).status).toBe(200);
    return publish(id);
  }

  beforeAll(async () => {
    t = await startTestHub();
    admin = await signIn(t.hub, 'admin', ADMIN_PASSWORD);
    op1 = await userSession(t.hub, admin, 'op-one', ['district-operator']);
    op2 = await userSession(t.hub, admin, 'op-two', ['district-operator']);
    staff = await userSession(t.hub, admin, 'staff-one', ['station-staff'], { stationId: 'st-a' });
    socket = connect(t.hub.url, {
      transports: ['websocket'],
      reconnection: false,
      extraHeaders: { cookie: op2 },
    });
    socket.on('policy-published', (payload) => announced.push(payload));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  }, 60_000);
  afterAll(async () => {
    socket?.close();
    await t?.close();
  });

  it('refuses content that breaks the shared schema with 400 naming the field', async () => {
    const content = policyContent('bad-one');
    (content.title as { en: string }).en = '';
    const res = await call(t.hub, 'POST', '/api/policies', { cookie: op1, body: { content } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('XZ_ERR_VALIDATION');
    expect(res.body.field).toBe('content.title.en');
    const extra = await call(t.hub, 'POST', '/api/policies', {
      cookie: op1,
      body: { content: { ...policyContent('bad-two'), colour: 'red' } },
    });
    expect(extra.status).toBe(400);
    const order = await call(t.hub, 'POST', '/api/policies', {
      cookie: op1,
      body: { content: policyContent('bad-three', { effectiveFrom: '2026-12-01', expiresAt: '2026-01-01' }) },
    });
    expect(order.status).toBe(400);
    expect(order.body.field).toBe('content.expiresAt');
  });

  it('lets station staff read but not write, submit or publish (403 with the reason)', async () => {
    const denied = await call(t.hub, 'POST', '/api/policies', {
      cookie: staff,
      body: { content: policyContent('staff-p') },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.reason).toBe('role');
    await toApproved('roles-p');
    const publish = await call(t.hub, 'POST', '/api/policies/roles-p/publish', { cookie: staff });
    expect(publish.status).toBe(403);
    expect(publish.body.reason).toBe('role');
    expect(publish.body.message).toContain('station-staff');
    expect((await call(t.hub, 'GET', '/api/policies', { cookie: staff })).status).toBe(200);
    expect(await stationDoc('roles-p')).toBeUndefined();
  });

  it('refuses self-approval, also for an admin', async () => {
    await draft('self-p');
    await call(t.hub, 'POST', '/api/policies/self-p/submit', { cookie: op1 });
    const self = await call(t.hub, 'POST', '/api/policies/self-p/approve', { cookie: op1 });
    expect(self.status).toBe(403);
    expect(self.body.reason).toBe('self-approval');
    await draft('self-admin', admin);
    await call(t.hub, 'POST', '/api/policies/self-admin/submit', { cookie: admin });
    expect(
      (await call(t.hub, 'POST', '/api/policies/self-admin/approve', { cookie: admin })).body.reason,
    ).toBe('self-approval');
    expect((await call(t.hub, 'POST', '/api/policies/self-admin/approve', { cookie: op1 })).status).toBe(200);
  });

  it('refuses approval by whoever last saved the content, even when a colleague submitted it', async () => {
    // op1 writes, op2 submits: op1 may not approve their own text.
    await draft('author-p');
    await call(t.hub, 'POST', '/api/policies/author-p/submit', { cookie: op2 });
    const author = await call(t.hub, 'POST', '/api/policies/author-p/approve', { cookie: op1 });
    expect(author.status).toBe(403);
    expect(author.body).toMatchObject({ code: 'XZ_ERR_FORBIDDEN', reason: 'own-content' });
    expect((await call(t.hub, 'GET', '/api/policies/author-p', { cookie: op1 })).body.commands).not.toContain(
      'ApprovePolicy',
    );

    // op1 writes, op2 edits last, op1 submits: now op2 is the author and op1 the submitter.
    await draft('edited-p');
    const current = (await call(t.hub, 'GET', '/api/policies/edited-p', { cookie: op2 })).body;
    const saved = await call(t.hub, 'PUT', '/api/policies/edited-p', {
      cookie: op2,
      body: {
        content: { ...current.content, title: { ...current.content.title, en: 'Edited by a colleague' } },
        rev: current.rev,
      },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.workflow.savedBy).toBe('op-two');
    await call(t.hub, 'POST', '/api/policies/edited-p/submit', { cookie: op1 });
    expect((await call(t.hub, 'POST', '/api/policies/edited-p/approve', { cookie: op2 })).body.reason).toBe(
      'own-content',
    );
    expect((await call(t.hub, 'POST', '/api/policies/edited-p/approve', { cookie: op1 })).body.reason).toBe(
      'self-approval',
    );
    const third = await call(t.hub, 'POST', '/api/policies/edited-p/approve', { cookie: admin });
    expect(third.status).toBe(200);
    expect(third.body.workflow).toMatchObject({
      savedBy: 'op-two',
      submittedBy: 'op-one',
      approvedBy: 'admin',
    });
  });

  it('answers 409 for a move the status does not allow', async () => {
    await draft('illegal-p');
    const early = await call(t.hub, 'POST', '/api/policies/illegal-p/publish', { cookie: op1 });
    expect(early.status).toBe(409);
    expect(early.body.reason).toBe('transition');
    expect((await call(t.hub, 'POST', '/api/policies/illegal-p/approve', { cookie: op2 })).status).toBe(409);
    expect((await call(t.hub, 'POST', '/api/policies/illegal-p/withdraw', { cookie: op1 })).status).toBe(409);
    await call(t.hub, 'POST', '/api/policies/illegal-p/submit', { cookie: op1 });
    expect((await call(t.hub, 'POST', '/api/policies/illegal-p/submit', { cookie: op1 })).status).toBe(409);
    const edit = await call(t.hub, 'PUT', '/api/policies/illegal-p', {
      cookie: op1,
      body: { content: policyContent('illegal-p') },
    });
    expect(edit.status).toBe(409);
    const reject = await call(t.hub, 'POST', '/api/policies/illegal-p/reject', {
      cookie: op2,
      body: { note: 'add the phone' },
    });
    expect(reject.body).toMatchObject({ status: 'draft', reviewNote: 'add the phone' });
  });

  it('publishes version 1 into xz-policies for the targeted stations and announces it', async () => {
    await draft('pub-p');
    await call(t.hub, 'PUT', '/api/policies/pub-p', {
      cookie: op1,
      body: { content: policyContent('pub-p'), targets: { districts: ['west-coast'], stations: ['st-b'] } },
    });
    await call(t.hub, 'POST', '/api/policies/pub-p/submit', { cookie: op1 });
    await call(t.hub, 'POST', '/api/policies/pub-p/approve', { cookie: op2 });
    const body = await publish('pub-p');
    expect(body).toMatchObject({ status: 'published', version: 1, live: true });
    const doc = await stationDoc('pub-p');
    expect(doc).toMatchObject({
      _id: 'policy:pub-p',
      type: 'policy',
      status: 'published',
      version: 1,
      targets: { districts: ['west-coast'], stations: ['st-b'] },
    });
    expect(doc?.content.title).toEqual(policyContent('pub-p').title);
    const v1 = await call(t.hub, 'GET', '/api/policies/pub-p/versions/1', { cookie: op1 });
    expect(v1.body).toMatchObject({ _id: 'policy:pub-p:v000001', type: 'policy-version', version: 1 });
    await expect
      .poll(() => announced.some((a) => a.policyId === 'pub-p' && a.version === 1), { timeout: 10_000 })
      .toBe(true);
  });

  it('publishes an edit as version n+1, diffs the versions field by field, and rolls back as a new version', async () => {
    await toApproved('ver-p');
    await publish('ver-p');
    const original = policyContent('ver-p');
    const v2 = await republish('ver-p', {
      title: { zh: '新标题', en: original.title.en },
      benefit: { zh: original.benefit.zh, en: 'Up to 8 million yuan' },
    });
    expect(v2.version).toBe(2);
    expect((await stationDoc('ver-p'))?.version).toBe(2);
    expect((await stationDoc('ver-p'))?.content.title.zh).toBe('新标题');

    const diff = await call(t.hub, 'GET', '/api/policies/ver-p/diff?from=1&to=2', { cookie: op1 });
    expect(diff.status).toBe(200);
    const paths = diff.body.changes.map((c: { path: string }) => c.path);
    expect(paths.sort()).toEqual(['content.benefit.en', 'content.title.zh']);
    const title = diff.body.changes.find((c: { path: string }) => c.path === 'content.title.zh');
    expect(title).toMatchObject({ kind: 'changed', from: original.title.zh, to: '新标题' });

    const rolled = await call(t.hub, 'POST', '/api/policies/ver-p/rollback', { cookie: op1 });
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({ status: 'published', version: 3 });
    expect(rolled.body.content.title.zh).toBe(original.title.zh);
    const shown = await stationDoc('ver-p');
    expect(shown?.version).toBe(3);
    expect(shown?.content.title.zh).toBe(original.title.zh);
    expect(shown?.content.benefit.en).toBe(original.benefit.en);
    const versions = (await call(t.hub, 'GET', '/api/policies/ver-p/versions', { cookie: op1 })).body
      .versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect(
      (await call(t.hub, 'GET', '/api/policies/ver-p/diff?from=1&to=3', { cookie: op1 })).body.changes,
    ).toEqual([]);
  });

  it('refuses a rollback without an earlier version', async () => {
    await toApproved('one-version');
    await publish('one-version');
    const res = await call(t.hub, 'POST', '/api/policies/one-version/rollback', { cookie: op1 });
    expect(res.status).toBe(409);
  });

  it('withdraw removes the policy from xz-policies; the working copy and versions stay', async () => {
    await toApproved('wd-p');
    await publish('wd-p');
    expect(await stationDoc('wd-p')).toBeDefined();
    const res = await call(t.hub, 'POST', '/api/policies/wd-p/withdraw', { cookie: op1 });
    expect(res.body).toMatchObject({ status: 'withdrawn', live: false, version: 1 });
    expect(await stationDoc('wd-p')).toBeUndefined();
    expect((await call(t.hub, 'GET', '/p/wd-p')).status).toBe(404);
  });

  it('keeps the live version on stations while an edit is in review', async () => {
    await toApproved('live-edit');
    await publish('live-edit');
    const current = (await call(t.hub, 'GET', '/api/policies/live-edit', { cookie: op1 })).body;
    await call(t.hub, 'PUT', '/api/policies/live-edit', {
      cookie: op1,
      body: { content: { ...current.content, summary: { zh: '改', en: 'changed' } }, rev: current.rev },
    });
    const doc = await stationDoc('live-edit');
    expect(doc?.version).toBe(1);
    expect(doc?.content.summary.en).toBe(policyContent('live-edit').summary.en);
    const stale = await call(t.hub, 'PUT', '/api/policies/live-edit', {
      cookie: op1,
      body: { content: current.content, rev: current.rev },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('changed');
  });

  it('publishes a scheduled policy once it is due, and expires one past its expiry date', async () => {
    await toApproved('sched-p');
    const at = new Date(Date.now() + 1500).toISOString();
    const scheduled = await call(t.hub, 'POST', '/api/policies/sched-p/schedule', {
      cookie: op1,
      body: { at },
    });
    expect(scheduled.body.status).toBe('scheduled');
    const past = await call(t.hub, 'POST', '/api/policies/sched-p/schedule', { cookie: op1, body: { at } });
    expect(past.status).toBe(409);
    expect(await stationDoc('sched-p')).toBeUndefined();
    await new Promise((r) => setTimeout(r, 1600));
    const report = await t.hub.app.ops.policies.runDue();
    expect(report.published).toContain('sched-p');
    expect((await stationDoc('sched-p'))?.version).toBe(1);

    await toApproved('old-p');
    await call(t.hub, 'PUT', '/api/policies/old-p', {
      cookie: op1,
      body: { content: policyContent('old-p') },
    });
    await draft('expired-p', op1, {
      effectiveFrom: '2025-01-01',
      expiresAt: '2025-12-31',
      apply: { ...policyContent('x').apply, from: '2025-01-01', to: '2025-06-30' },
      signedAt: '2024-12-20',
    });
    await call(t.hub, 'POST', '/api/policies/expired-p/submit', { cookie: op1 });
    await call(t.hub, 'POST', '/api/policies/expired-p/approve', { cookie: op2 });
    await publish('expired-p');
    expect(await stationDoc('expired-p')).toBeDefined();
    const due = await t.hub.app.ops.policies.runDue();
    expect(due.expired).toContain('expired-p');
    expect(await stationDoc('expired-p')).toBeUndefined();
    expect((await call(t.hub, 'GET', '/api/policies/expired-p', { cookie: op1 })).body.status).toBe(
      'expired',
    );
  });

  it('audits every write with who, what, target and a before/after summary', async () => {
    const res = await call(t.hub, 'GET', '/api/audit?targetId=ver-p&limit=50', { cookie: admin });
    expect(res.status).toBe(200);
    const actions = res.body.entries.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual([
      'policy.create',
      'policy.submit',
      'policy.approve',
      'policy.publish',
      'policy.save',
      'policy.submit',
      'policy.approve',
      'policy.publish',
      'policy.rollback',
    ]);
    const rollback = res.body.entries[0];
    expect(rollback).toMatchObject({
      actor: { id: 'op-one' },
      target: { kind: 'policy', id: 'ver-p' },
      before: { status: 'published', version: 2 },
      after: { status: 'published', version: 3 },
    });
    expect((await call(t.hub, 'GET', '/api/audit', { cookie: staff })).status).toBe(403);
  });

  it('lists policies with status, version and the publication deadline', async () => {
    const res = await call(t.hub, 'GET', '/api/policies', { cookie: staff });
    const row = res.body.policies.find((p: { policyId: string }) => p.policyId === 'pub-p');
    expect(row).toMatchObject({ status: 'published', version: 1, live: true });
    expect(row.deadline.signedAt).toBe(policyContent('x').signedAt);
    expect(['on-time', 'overdue']).toContain(row.deadline.state);
  });
});
