/**
 * Counter sign-in needs a credential: a staff id with the account's password or the counter PIN,
 * checked by the agent against the staff verifiers it holds (no hub here: the station's local staff
 * file). Wrong attempts are limited; taking a counter over needs the same credential; every counter
 * action records who did it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentRig, api, startAgentRig, writeStaffFile } from './fixtures.ts';

const rigs: AgentRig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close().catch(() => undefined);
});

const signIn = (r: AgentRig, counterId: string, body: Record<string, unknown>) =>
  api(r.url, 'POST', `/api/counters/${counterId}/session`, body);

describe('counter sign-in', () => {
  it('is refused without the credential, and works with the PIN or the password', async () => {
    const r = await startAgentRig();
    rigs.push(r);
    // The old form (a name only) and a wrong secret are refused; nothing holds the counter.
    expect((await signIn(r, '1', { staff: '王芳' })).status).toBe(400);
    const wrong = await signIn(r, '1', { staff: 'wang.fang', secret: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('XZ_ERR_UNAUTHORIZED');
    expect((await signIn(r, '1', { staff: 'nobody', secret: '135790' })).status).toBe(401);
    // A PIN is not a password, nor the other way round.
    expect((await signIn(r, '1', { staff: 'li.lei', secret: '135790' })).status).toBe(401);
    const queue = await api(r.url, 'GET', '/api/queue');
    expect(queue.body.counters.find((c: { id: string }) => c.id === '1').staff).toBeUndefined();

    const byPin = await signIn(r, '1', { staff: 'wang.fang', secret: '135790' });
    expect(byPin.status).toBe(201);
    expect(byPin.body).toMatchObject({ staff: '王芳', staffId: 'wang.fang', counterId: '1' });
    const byPassword = await signIn(r, '2', { staff: 'LI.LEI', secret: 'li-lei-password-1' });
    expect(byPassword.status).toBe(201);
    expect(byPassword.body.staffId).toBe('li.lei');
  });

  it('limits wrong attempts per staff member, also for the right secret afterwards', async () => {
    const r = await startAgentRig();
    rigs.push(r);
    for (let i = 0; i < 5; i++) {
      expect((await signIn(r, '1', { staff: 'wang.fang', secret: `99999${i}` })).status).toBe(401);
    }
    const limited = await signIn(r, '1', { staff: 'wang.fang', secret: '135790' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('XZ_ERR_RATE_LIMITED');
    // Another person is not locked out by it.
    expect((await signIn(r, '1', { staff: 'li.lei', secret: 'li-lei-password-1' })).status).toBe(201);
  });

  it('takes a counter over only with a credential, and records who did each action', async () => {
    const r = await startAgentRig();
    rigs.push(r);
    const ticket = await api(r.url, 'POST', '/api/tickets', {
      serviceId: 'legal',
      idempotencyKey: 'who-did-it-1',
    });
    expect(ticket.status).toBe(201);
    const first = await signIn(r, '3', { staff: 'wang.fang', secret: '135790' });
    expect(first.status).toBe(201);
    const held = await signIn(r, '3', { staff: 'li.lei', secret: 'li-lei-password-1' });
    expect(held.status).toBe(409);
    // "Take over this counter" without, or with a wrong, credential.
    expect((await signIn(r, '3', { staff: 'li.lei', force: true })).status).toBe(400);
    expect((await signIn(r, '3', { staff: 'li.lei', secret: 'guess-guess', force: true })).status).toBe(401);
    const firstAuth = { authorization: `Bearer ${first.body.token}` };
    const called = await api(r.url, 'POST', '/api/counters/3/call-next', {}, firstAuth);
    expect(called.status).toBe(200);

    const taken = await signIn(r, '3', { staff: 'li.lei', secret: 'li-lei-password-1', force: true });
    expect(taken.status).toBe(201);
    // The first session has ended.
    expect((await api(r.url, 'POST', '/api/counters/3/finish', {}, firstAuth)).status).toBe(401);
    const auth = { authorization: `Bearer ${taken.body.token}` };
    expect((await api(r.url, 'POST', '/api/counters/3/finish', {}, auth)).status).toBe(200);
    const queue = await api(r.url, 'GET', '/api/queue');
    expect(queue.body.counters.find((c: { id: string }) => c.id === '3')).toMatchObject({
      staff: '李雷',
      staffId: 'li.lei',
    });

    const events = await r.agent.db.allDocs({
      startkey: 'event:',
      endkey: 'event:\ufff0',
      include_docs: true,
    });
    const by = (type: string) =>
      events.rows
        .map((row) => (row.doc as unknown as { event: { type: string; data: { by?: string } } }).event)
        .find((e) => e.type === type)?.data.by;
    expect(by('TicketCalled')).toBe('wang.fang');
    expect(by('TicketServed')).toBe('li.lei');
  });

  it('ignores staff verifiers made with another deployment key', async () => {
    const r = await startAgentRig({ hashKey: new Uint8Array(32).fill(7) });
    rigs.push(r);
    expect((await signIn(r, '1', { staff: 'wang.fang', secret: '135790' })).status).toBe(201);
    await writeStaffFile(r.dataDir, { key: new Uint8Array(32).fill(8) });
    expect((await signIn(r, '2', { staff: 'wang.fang', secret: '135790' })).status).toBe(401);
    expect(await r.agent.staff.count()).toMatchObject({ local: 0 });
  });
});
