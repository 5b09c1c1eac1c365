/**
 * The policy dictionary over HTTP against a real hub: everyone signed in reads it (the bundled
 * vocabulary until first saved), policy writers replace it, it lands in xz-policies for stations,
 * a policy cannot carry a tag the dictionary lacks, and a tag still in use cannot be dropped.
 */
import { POLICY_TAGS_DOC_ID, type PolicyTagsDoc } from '@xz/shared/docs/policy-tags';
import { HubDb } from '@xz/shared/ids';
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

describe('policy dictionary', () => {
  let t: TestHub;
  let op: string;
  let staff: string;

  beforeAll(async () => {
    t = await startTestHub();
    const admin = await signIn(t.hub, 'admin', ADMIN_PASSWORD);
    op = await userSession(t.hub, admin, 'dict-op', ['district-operator']);
    staff = await userSession(t.hub, admin, 'dict-staff', ['station-staff'], { stationId: 'st-a' });
  });
  afterAll(async () => t?.close());

  it('starts with the bundled vocabulary: labels in both languages and synonyms', async () => {
    const res = await call(t.hub, 'GET', '/api/policy-tags', { cookie: op });
    expect(res.status).toBe(200);
    const award = res.body.tags.find((x: { id: string }) => x.id === 'award');
    expect(award.label).toEqual({ zh: '奖励补贴', en: 'Awards and subsidies' });
    expect(award.synonyms).toEqual(expect.arrayContaining(['补贴', '贴息', '资金支持']));
  });

  it('refuses a policy with a tag that is not in the dictionary, accepts it once added', async () => {
    const refused = await call(t.hub, 'POST', '/api/policies', {
      cookie: op,
      body: { content: policyContent('housing-support', { tags: ['housing'] }) },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain('housing');

    const current = (await call(t.hub, 'GET', '/api/policy-tags', { cookie: op })).body;
    const housing = {
      id: 'housing',
      group: 'topic',
      label: { zh: '住房保障', en: 'Housing' },
      synonyms: ['人才公寓', '租房', 'rent'],
    };
    const forbidden = await call(t.hub, 'PUT', '/api/policy-tags', {
      cookie: staff,
      body: { tags: [...current.tags, housing] },
    });
    expect(forbidden.status).toBe(403);
    const saved = await call(t.hub, 'PUT', '/api/policy-tags', {
      cookie: op,
      body: { tags: [...current.tags, housing], rev: current.rev },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const doc = await t.hub.couch.db<PolicyTagsDoc>(HubDb.Policies).get(POLICY_TAGS_DOC_ID);
    expect(doc.tags.find((x) => x.id === 'housing')?.label.zh).toBe('住房保障');

    const created = await call(t.hub, 'POST', '/api/policies', {
      cookie: op,
      body: { content: policyContent('housing-support', { tags: ['housing'] }) },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    // In use now: dropping it is refused, and so is a save from a stale copy.
    const dropped = await call(t.hub, 'PUT', '/api/policy-tags', {
      cookie: op,
      body: { tags: current.tags, rev: saved.body.rev },
    });
    expect(dropped.status).toBe(409);
    expect(dropped.body.message).toContain('housing-support');
    const stale = await call(t.hub, 'PUT', '/api/policy-tags', {
      cookie: op,
      body: { tags: [...current.tags, housing], rev: '1-0123456789abcdef' },
    });
    expect(stale.status).toBe(409);
  });

  it('refuses a malformed tag or the same id twice, naming the field', async () => {
    const current = (await call(t.hub, 'GET', '/api/policy-tags', { cookie: op })).body;
    const bad = await call(t.hub, 'PUT', '/api/policy-tags', {
      cookie: op,
      body: {
        tags: [...current.tags, { id: 'Bad Id', group: 'topic', label: { zh: 'x', en: 'x' }, synonyms: [] }],
      },
    });
    expect(bad.status).toBe(400);
    const twice = await call(t.hub, 'PUT', '/api/policy-tags', {
      cookie: op,
      body: { tags: [...current.tags, current.tags[0]], rev: current.rev },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.message).toContain('twice');
  });
});
