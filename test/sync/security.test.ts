/**
 * A kiosk's credentials reach its own station database and the published policies, nothing else
 * (real HTTP against the embedded CouchDB-protocol server).
 */

import type { Hub } from '@xz/hub/app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, couch, enrolStation, heartbeatDoc, startHub, T0, tempDir, ticketDoc } from './helpers.ts';

describe('kiosk credentials against the hub CouchDB', () => {
  let hub: Hub;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let one: Awaited<ReturnType<typeof enrolStation>>;
  let two: Awaited<ReturnType<typeof enrolStation>>;
  let asOne: string;

  beforeAll(async () => {
    tmp = await tempDir('xz-sync-sec-');
    hub = await startHub(tmp.dir);
    one = await enrolStation(hub, 'st-one');
    two = await enrolStation(hub, 'st-two');
    asOne = basic(one.username, one.password);
    await hub.couch.db('xz-policies').insert({ _id: 'policy:p1', type: 'policy', title: 'x' });
  });

  afterAll(async () => {
    await hub?.close();
    await tmp?.remove();
  });

  it('reads and writes its own station database', async () => {
    const put = await couch(`${one.couchUrl}/xz-station-st-one/_bulk_docs`, 'POST', asOne, {
      docs: [heartbeatDoc('st-one', T0)],
    });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject([{ ok: true, id: 'heartbeat:st-one' }]);
    const get = await couch(`${one.couchUrl}/xz-station-st-one/heartbeat:st-one`, 'GET', asOne);
    expect(get.status).toBe(200);
    expect(get.body.agentVersion).toBe('1.2.3');
    // Single-document writes are not part of replication: refused.
    const single = await couch(`${one.couchUrl}/xz-station-st-one/heartbeat:st-one`, 'PUT', asOne, {
      ...get.body,
      agentVersion: '9.9.9',
    });
    expect(single.status).toBe(403);
  });

  it('cannot read or write another station database', async () => {
    await couch(`${two.couchUrl}/xz-station-st-two/_bulk_docs`, 'POST', basic(two.username, two.password), {
      docs: [heartbeatDoc('st-two', T0)],
    });
    const read = await couch(`${one.couchUrl}/xz-station-st-two/heartbeat:st-two`, 'GET', asOne);
    expect([401, 403]).toContain(read.status);
    const all = await couch(`${one.couchUrl}/xz-station-st-two/_all_docs`, 'GET', asOne);
    expect([401, 403]).toContain(all.status);
    const changes = await couch(`${one.couchUrl}/xz-station-st-two/_changes`, 'GET', asOne);
    expect([401, 403]).toContain(changes.status);
    const write = await couch(`${one.couchUrl}/xz-station-st-two/_bulk_docs`, 'POST', asOne, {
      docs: [ticketDoc('st-two', 1)],
    });
    expect([401, 403]).toContain(write.status);
  });

  it('reads the published policies but cannot write them', async () => {
    const read = await couch(`${one.couchUrl}/xz-policies/policy:p1`, 'GET', asOne);
    expect(read.status).toBe(200);
    expect(read.body.title).toBe('x');
    const write = await couch(`${one.couchUrl}/xz-policies/_bulk_docs`, 'POST', asOne, {
      docs: [{ _id: 'policy:p2', type: 'policy', title: 'fake' }],
    });
    expect([401, 403]).toContain(write.status);
    const overwrite = await couch(`${one.couchUrl}/xz-policies/policy:p1`, 'PUT', asOne, {
      ...read.body,
      title: 'changed',
    });
    expect([401, 403]).toContain(overwrite.status);
    const after = await couch(`${one.couchUrl}/xz-policies/policy:p1`, 'GET', asOne);
    expect(after.body.title).toBe('x');
  });

  it('cannot reach the hub-only databases, _users or the database list', async () => {
    for (const db of ['xz-hub-users', 'xz-hub-drafts', 'xz-hub-audit', 'xz-hub-cases']) {
      const read = await couch(`${one.couchUrl}/${db}/_all_docs`, 'GET', asOne);
      expect([401, 403], db).toContain(read.status);
    }
    expect([401, 403]).toContain((await couch(`${one.couchUrl}/_all_dbs`, 'GET', asOne)).status);
    const selfPromote = await couch(`${one.couchUrl}/_users/org.couchdb.user:kiosk-st-one`, 'PUT', asOne, {
      _id: 'org.couchdb.user:kiosk-st-one',
      type: 'user',
      name: 'kiosk-st-one',
      roles: ['xz-kiosk', 'xz-station-st-two'],
      password: 'x',
    });
    expect([401, 403]).toContain(selfPromote.status);
    const anonymousSignUp = await couch(
      `${one.couchUrl}/_users/org.couchdb.user:intruder`,
      'PUT',
      undefined,
      {
        _id: 'org.couchdb.user:intruder',
        type: 'user',
        name: 'intruder',
        roles: [],
        password: 'x',
      },
    );
    expect([401, 403]).toContain(anonymousSignUp.status);
  });

  it('cannot change security, design documents or databases', async () => {
    const security = await couch(`${one.couchUrl}/xz-station-st-two/_security`, 'PUT', asOne, {
      members: { names: ['kiosk-st-one'] },
    });
    expect([401, 403]).toContain(security.status);
    const ownSecurity = await couch(`${one.couchUrl}/xz-station-st-one/_security`, 'PUT', asOne, {
      members: { names: [] },
    });
    expect([401, 403]).toContain(ownSecurity.status);
    const local = await couch(`${one.couchUrl}/xz-station-st-one/_local/_security`, 'PUT', asOne, {
      security: { members: { names: [] } },
    });
    expect([401, 403]).toContain(local.status);
    const ddoc = await couch(`${one.couchUrl}/xz-station-st-one/_design/xz-validate`, 'GET', asOne);
    expect([401, 403]).toContain(ddoc.status);
    const replaceDdoc = await couch(`${one.couchUrl}/xz-station-st-one/_design/xz-validate`, 'PUT', asOne, {
      validate_doc_update: 'function () {}',
    });
    expect([401, 403]).toContain(replaceDdoc.status);
    const ddocInBulk = await couch(`${one.couchUrl}/xz-station-st-one/_bulk_docs`, 'POST', asOne, {
      docs: [{ _id: '_design/evil', validate_doc_update: 'function () { require("fs") }' }],
    });
    expect(ddocInBulk.body).toMatchObject([{ error: 'forbidden' }]);
    const create = await couch(`${one.couchUrl}/xz-station-st-nine`, 'PUT', asOne);
    expect([401, 403]).toContain(create.status);
    const drop = await couch(`${one.couchUrl}/xz-station-st-two`, 'DELETE', asOne);
    expect([401, 403]).toContain(drop.status);
    // the server is still up and the other station still fenced off
    const read = await couch(`${one.couchUrl}/xz-station-st-two/_all_docs`, 'GET', asOne);
    expect([401, 403]).toContain(read.status);
    expect((await couch(`${one.couchUrl}/xz-station-st-one/_all_docs`, 'GET', asOne)).status).toBe(200);
  });

  it('anonymous callers and wrong passwords get nothing', async () => {
    expect([401, 403]).toContain(
      (await couch(`${one.couchUrl}/xz-station-st-one/_all_docs`, 'GET', undefined)).status,
    );
    expect([401, 403]).toContain(
      (await couch(`${one.couchUrl}/xz-policies/_all_docs`, 'GET', undefined)).status,
    );
    const wrong = await couch(
      `${one.couchUrl}/xz-station-st-one/_all_docs`,
      'GET',
      basic(one.username, 'not-it'),
    );
    expect(wrong.status).toBe(401);
  });

  it('a revoked kiosk loses access at once', async () => {
    const three = await enrolStation(hub, 'st-three');
    const asThree = basic(three.username, three.password);
    expect((await couch(`${three.couchUrl}/xz-station-st-three/_all_docs`, 'GET', asThree)).status).toBe(200);
    await hub.kioskUsers.revokeKiosk('st-three');
    expect((await couch(`${three.couchUrl}/xz-station-st-three/_all_docs`, 'GET', asThree)).status).toBe(401);
    expect((await couch(`${three.couchUrl}/xz-policies/_all_docs`, 'GET', asThree)).status).toBe(401);
  });

  it('a re-enrolled kiosk gets a new password and the old one stops working', async () => {
    const before = await enrolStation(hub, 'st-four');
    const after = await enrolStation(hub, 'st-four');
    expect(after.password).not.toBe(before.password);
    expect(
      (
        await couch(
          `${after.couchUrl}/xz-station-st-four/_all_docs`,
          'GET',
          basic(before.username, before.password),
        )
      ).status,
    ).toBe(401);
    expect(
      (
        await couch(
          `${after.couchUrl}/xz-station-st-four/_all_docs`,
          'GET',
          basic(after.username, after.password),
        )
      ).status,
    ).toBe(200);
  });

  it('refuses continuous _changes feeds, however the value is spelled', async () => {
    for (const feed of ['continuous', '%63ontinuous', 'eventsource', 'CONTINUOUS']) {
      const res = await couch(`${one.couchUrl}/xz-station-st-one/_changes?feed=${feed}`, 'GET', asOne);
      expect(res.status, feed).toBe(400);
    }
  });

  it('answers every kiosk waiting on the published policies when one is published, at once', async () => {
    const kiosks = await Promise.all(['st-w1', 'st-w2', 'st-w3'].map((id) => enrolStation(hub, id)));
    const info = await couch(`${one.couchUrl}/xz-policies/_changes`, 'GET', asOne);
    const since = info.body.last_seq as number;
    const feeds = kiosks.flatMap((k) =>
      Array.from({ length: 6 }, () =>
        fetch(
          `${k.couchUrl}/xz-policies/_changes?feed=longpoll&since=${since}&include_docs=true&timeout=20000`,
          {
            headers: { authorization: basic(k.username, k.password) },
          },
        ).then(async (res) => ({ status: res.status, body: JSON.parse(await res.text()) })),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const published = Date.now();
    await hub.couch.db('xz-policies').insert({ _id: 'policy:wake', type: 'policy', title: 'wake' });
    const answers = await Promise.all(feeds);
    expect(Date.now() - published).toBeLessThan(5_000);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body.results.map((r: { id: string }) => r.id)).toContain('policy:wake');
    }
  });

  it('ends an open long-poll the moment its kiosk is revoked', async () => {
    const five = await enrolStation(hub, 'st-five');
    const asFive = basic(five.username, five.password);
    const info = await couch(`${five.couchUrl}/xz-station-st-five/_changes`, 'GET', asFive);
    const since = info.body.last_seq as number;
    const started = Date.now();
    const feed = fetch(
      `${five.couchUrl}/xz-station-st-five/_changes?feed=longpoll&since=${since}&timeout=30000`,
      {
        headers: { authorization: asFive },
      },
    ).then(
      (res) => res.text(),
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await hub.kioskUsers.revokeKiosk('st-five');
    const outcome = await feed;
    expect(Date.now() - started).toBeLessThan(10_000);
    // The feed ended without delivering anything: the connection was cut.
    expect(outcome).toBeInstanceOf(Error);
    const again = await couch(`${five.couchUrl}/xz-station-st-five/_changes`, 'GET', asFive);
    expect(again.status).toBe(401);
  });
});
