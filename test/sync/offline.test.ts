/**
 * A station keeps writing while the hub is down; once the hub is back (same data dir and port)
 * everything arrives, nothing twice, and the hub's live view picks the station up again.
 */
import path from 'node:path';
import type { Hub } from '@xz/hub/app';
import PouchDB from 'pouchdb';
import { afterAll, describe, expect, it } from 'vitest';
import {
  basic,
  couch,
  enrolStation,
  eventually,
  heartbeatDoc,
  startHub,
  T0,
  tempDir,
  ticketDoc,
} from './helpers.ts';

describe('station offline from the hub', () => {
  let hub: Hub | undefined;
  let tmp: Awaited<ReturnType<typeof tempDir>> | undefined;
  const feeds: Array<{ cancel(): void }> = [];
  const locals: PouchDB.Database[] = [];

  afterAll(async () => {
    for (const feed of feeds) feed.cancel();
    for (const db of locals) await db.close().catch(() => {});
    await hub?.close();
    await tmp?.remove();
  });

  it('delivers every ticket written while the hub was stopped, exactly once', {
    timeout: 180_000,
  }, async () => {
    tmp = await tempDir('xz-sync-off-');
    const hubDir = path.join(tmp.dir, 'hub');
    hub = await startHub(hubDir);
    const port = Number(new URL(hub.url).port);
    const kiosk = await enrolStation(hub, 'st-off');
    const auth = basic(kiosk.username, kiosk.password);
    const remoteUrl = `${kiosk.couchUrl}/${kiosk.dbName}`;

    const local = new PouchDB(path.join(tmp.dir, 'station'));
    locals.push(local);
    const remote = new PouchDB(remoteUrl, {
      auth: { username: kiosk.username, password: kiosk.password },
    } as never);
    locals.push(remote);
    // The station agent's outbound replication: live, retrying quickly while the hub is away.
    const feed = local.replicate.to(remote, {
      live: true,
      retry: true,
      back_off_function: () => 250,
    }) as unknown as { cancel(): void };
    feeds.push(feed);

    await local.bulkDocs([ticketDoc('st-off', 1), heartbeatDoc('st-off', T0 + 1_000)]);
    await eventually(async () => {
      const res = await couch(`${remoteUrl}/_all_docs`, 'GET', auth);
      return (
        (res.body.rows as Array<{ id: string }>).filter((r) => !r.id.startsWith('_design/')).length === 2
      );
    });

    await hub.close();
    hub = undefined;

    // A day offline in miniature: 120 tickets and a newer heartbeat, written locally only.
    const offline = Array.from({ length: 120 }, (_, i) => ticketDoc('st-off', i + 2));
    for (let i = 0; i < offline.length; i += 30) await local.bulkDocs(offline.slice(i, i + 30));
    const hb = await local.get('heartbeat:st-off');
    await local.put({ ...heartbeatDoc('st-off', T0 + 2_000, { queue: { waiting: 7 } }), _rev: hb._rev });
    const down = await fetch(remoteUrl, { headers: { authorization: auth } }).then(
      () => 'up',
      () => 'down',
    );
    expect(down).toBe('down');

    hub = await startHub(hubDir, { port });
    const tickets = async () => {
      const all = await couch(
        `${remoteUrl}/_all_docs?startkey=${encodeURIComponent('"ticket:"')}&endkey=${encodeURIComponent('"ticket:\uffff"')}`,
        'GET',
        auth,
      );
      return (all.body.rows as Array<{ id: string }> | undefined) ?? [];
    };
    await eventually(async () => (await tickets()).length === 121, 60_000);

    const rows = await tickets();
    expect(new Set(rows.map((r) => r.id)).size).toBe(121);
    const expected = [ticketDoc('st-off', 1), ...offline].map((d) => d._id as string).sort();
    expect(rows.map((r) => r.id).sort()).toEqual(expected);

    // None twice: each ticket has one revision, no conflicts.
    const withConflicts = await couch(`${remoteUrl}/_all_docs?include_docs=true&conflicts=true`, 'GET', auth);
    for (const row of withConflicts.body.rows as Array<{ id: string; doc: Record<string, unknown> }>) {
      if (!row.id.startsWith('ticket:')) continue;
      expect(row.doc._rev as string).toMatch(/^1-/);
      expect(row.doc._conflicts).toBeUndefined();
    }

    // The hub's follower sees the station again, with the heartbeat written while offline.
    const restarted = hub;
    await eventually(() => restarted.follower.station('st-off')?.queue?.waiting === 7, 60_000);
    const live = restarted.follower.station('st-off');
    expect(live?.lastHeartbeatAt).toBe(T0 + 2_000);
    expect(live?.online).toBe('online');
  });
});
