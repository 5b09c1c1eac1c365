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

  /** Writes one document the way replication does (`_bulk_docs`); returns its result. */
  const put = async (doc: Record<string, unknown>) => {
    const res = await couch(`${db}/_bulk_docs`, 'POST', auth, { docs: [doc] });
    expect(res.status).toBe(201);
    return (res.body as unknown as Array<Record<string, unknown>>)[0];
  };

  it('accepts a well-formed ticket', async () => {
    const res = await put(ticketDoc('st-val', 1));
    expect(res).toMatchObject({ ok: true, id: ticketDoc('st-val', 1)._id });
  });

  it.each([
    ['no type', { ...ticketDoc('st-val', 2), type: undefined }, 'unknown document type'],
    ['unknown type', { ...ticketDoc('st-val', 3), type: 'coupon' }, 'unknown document type'],
    ['missing field', { ...ticketDoc('st-val', 4), serviceId: undefined }, 'serviceId'],
    ['wrong field type', { ...ticketDoc('st-val', 5), issuedAt: 'yesterday' }, 'issuedAt'],
    ['an undeclared field', { ...ticketDoc('st-val', 12), citizenName: 'Zhang San' }, 'citizenName'],
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
    expect(res.error).toBe('forbidden');
    expect(String(res.reason)).toContain(reason);
    const get = await couch(`${db}/${encodeURIComponent(doc._id as string)}`, 'GET', auth);
    expect(get.status).toBe(404);
  });

  it('keeps a keyed hash of an ID and lets the station delete its document', async () => {
    const doc: TestDoc = { ...ticketDoc('st-val', 11), idHash: 'a'.repeat(64) };
    const res = await put(doc);
    expect(res).toMatchObject({ ok: true });
    const del = await put({ _id: doc._id, _rev: res.rev, _deleted: true });
    expect(del).toMatchObject({ ok: true });
    expect((await couch(`${db}/${encodeURIComponent(doc._id)}`, 'GET', auth)).status).toBe(404);
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

  it('lets only the hub write the published policies, and refuses raw IDs in the hub’s own writes too', async () => {
    const policies = `${kiosk.couchUrl}/xz-policies`;
    const kioskWrite = await couch(`${policies}/_bulk_docs`, 'POST', auth, {
      docs: [{ _id: 'policy:k', type: 'policy' }],
    });
    expect(kioskWrite.status).toBe(403);
    const live = hub.couch.db('xz-policies');
    await expect(live.insert({ _id: 'policy:ok', type: 'policy' })).resolves.toMatchObject({ ok: true });
    await expect(live.insert({ _id: 'policy:notype', title: 'x' })).rejects.toMatchObject({
      statusCode: 403,
    });
    await expect(
      live.insert({ _id: 'green-list:x', type: 'green-list', creditCode: '91350100M000100Y43' }),
    ).rejects.toMatchObject({ statusCode: 403 });
  });
});
