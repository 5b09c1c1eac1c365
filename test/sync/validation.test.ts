/**
 * The hub refuses malformed station documents, on a direct write and inside replication from the
 * station's PouchDB alike; the good documents of the same replication arrive.
 */
import path from 'node:path';
import type { Hub } from '@xz/hub/app';
import PouchDB from 'pouchdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basic,
  couch,
  enrolStation,
  heartbeatDoc,
  startHub,
  type TestDoc,
  tempDir,
  ticketDoc,
} from './helpers.ts';

describe('validate_doc_update of a station database', () => {
  let hub: Hub;
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let kiosk: Awaited<ReturnType<typeof enrolStation>>;
  let auth: string;
  let db: string;

  beforeAll(async () => {
    tmp = await tempDir('xz-sync-val-');
    hub = await startHub(path.join(tmp.dir, 'hub'));
    kiosk = await enrolStation(hub, 'st-val');
    auth = basic(kiosk.username, kiosk.password);
    db = `${kiosk.couchUrl}/${kiosk.dbName}`;
  });

  afterAll(async () => {
    await hub?.close();
    await tmp?.remove();
  });

  const put = (doc: Record<string, unknown>) =>
    couch(`${db}/${encodeURIComponent(doc._id as string)}`, 'PUT', auth, doc);

  it('accepts a well-formed ticket', async () => {
    const res = await put(ticketDoc('st-val', 1));
    expect(res.status).toBe(201);
  });

  it.each([
    ['no type', { ...ticketDoc('st-val', 2), type: undefined }, 'unknown document type'],
    ['unknown type', { ...ticketDoc('st-val', 3), type: 'coupon' }, 'unknown document type'],
    ['missing field', { ...ticketDoc('st-val', 4), serviceId: undefined }, 'serviceId is required'],
    ['wrong field type', { ...ticketDoc('st-val', 5), issuedAt: 'yesterday' }, 'issuedAt must be integer'],
    [
      'an undeclared field',
      { ...ticketDoc('st-val', 12), citizenName: 'Zhang San' },
      'citizenName is not allowed',
    ],
    ['bad enum', { ...ticketDoc('st-val', 6), kind: 'vip' }, 'kind'],
    [
      'other station in the document',
      { ...ticketDoc('st-val', 7), stationId: 'st-other' },
      'stationId must be st-val',
    ],
    ['other station in the id', { ...ticketDoc('st-other', 8), stationId: 'st-val' }, 'does not fit'],
    [
      'raw resident ID number',
      { ...ticketDoc('st-val', 9), green: { idNumber: '11010519491231002X' } },
      'idNumber',
    ],
    ['raw credit code', { ...ticketDoc('st-val', 10), creditCode: '91350100M000100Y43' }, 'creditCode'],
    [
      'hub document written by a kiosk',
      { _id: 'station:st-val', type: 'station', stationId: 'st-val' },
      'written by the hub',
    ],
  ] as Array<[string, TestDoc, string]>)('refuses a document with %s', async (_name, doc, reason) => {
    const res = await put(doc);
    expect(res.status).toBe(403);
    expect(String(res.body.reason)).toContain(reason);
    const get = await couch(`${db}/${encodeURIComponent(doc._id as string)}`, 'GET', auth);
    expect(get.status).toBe(404);
  });

  it('keeps a keyed hash of an ID and lets the station delete its document', async () => {
    const doc: TestDoc = { ...ticketDoc('st-val', 11), idHash: 'a'.repeat(64) };
    const res = await put(doc);
    expect(res.body).toMatchObject({ ok: true });
    const del = await couch(
      `${db}/${encodeURIComponent(doc._id)}?rev=${String(res.body.rev)}`,
      'DELETE',
      auth,
    );
    expect(del.status).toBe(200);
  });

  it('refuses bad documents in _bulk_docs with new_edits:false, keeps the good ones', async () => {
    const good: TestDoc = { ...ticketDoc('st-val', 20), _rev: '1-0123456789abcdef0123456789abcdef' };
    const bad: TestDoc = {
      ...ticketDoc('st-val', 21),
      number: 'lots',
      _rev: '1-0123456789abcdef0123456789abcdee',
    };
    const res = await fetch(`${db}/_bulk_docs`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json' },
      body: JSON.stringify({ new_edits: false, docs: [good, bad] }),
    });
    expect(res.status).toBe(201);
    const results = (await res.json()) as Array<{ id: string; error?: string }>;
    expect(results).toEqual([expect.objectContaining({ id: bad._id, error: 'forbidden' })]);
    expect((await couch(`${db}/${encodeURIComponent(good._id)}`, 'GET', auth)).status).toBe(200);
    expect((await couch(`${db}/${encodeURIComponent(bad._id)}`, 'GET', auth)).status).toBe(404);
  });

  it('reports the bad document as failed during PouchDB replication and delivers the good ones', async () => {
    const local = new PouchDB(path.join(tmp.dir, 'station-local'));
    const good = [30, 31, 32].map((seq) => ticketDoc('st-val', seq));
    const bad: TestDoc = { ...ticketDoc('st-val', 33), issuedAt: 'not a time' };
    await local.bulkDocs([...good, bad, heartbeatDoc('st-val', Date.now())]);
    const remote = new PouchDB(db, { auth: { username: kiosk.username, password: kiosk.password } } as never);
    const denied: unknown[] = [];
    const result = await new Promise<PouchDB.ReplicationResult>((resolve, reject) => {
      const rep = local.replicate.to(remote);
      rep.on('denied', (error) => denied.push(error));
      rep.on('complete', resolve);
      rep.on('error', reject);
    });
    expect(result.doc_write_failures).toBe(1);
    expect(result.docs_written).toBe(4);
    expect(denied).toHaveLength(1);
    expect(JSON.stringify(denied[0])).toContain(bad._id);
    for (const doc of good)
      expect((await couch(`${db}/${encodeURIComponent(doc._id)}`, 'GET', auth)).status).toBe(200);
    expect((await couch(`${db}/${encodeURIComponent(bad._id)}`, 'GET', auth)).status).toBe(404);
    await local.close();
    await remote.close();
  });

  it('lets only the hub write the published policies, and refuses raw IDs there too', async () => {
    const secret = JSON.parse(
      await (await import('node:fs/promises')).readFile(
        path.join(tmp.dir, 'hub', 'couch-admin.json'),
        'utf8',
      ),
    ) as { user: string; password: string };
    const admin = basic(secret.user, secret.password);
    const policies = `${kiosk.couchUrl}/xz-policies`;
    expect((await couch(`${policies}/policy:ok`, 'PUT', admin, { type: 'policy' })).status).toBe(201);
    expect((await couch(`${policies}/policy:notype`, 'PUT', admin, { title: 'x' })).status).toBe(403);
    const raw = await couch(`${policies}/green-list:x`, 'PUT', admin, {
      type: 'green-list',
      creditCode: '91350100M000100Y43',
    });
    expect(raw.status).toBe(403);
  });
});
