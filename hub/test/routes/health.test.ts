import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHub, HUB_VERSION, type Hub } from '../../src/app.ts';

describe('GET /api/health', () => {
  let hub: Hub;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'xz-hub-health-'));
    hub = await buildHub({ dataDir: dir, port: 0 });
  });
  afterAll(async () => {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the embedded store and the version', async () => {
    const res = await fetch(`${hub.url}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, couch: 'embedded', version: HUB_VERSION });
  });

  it('generated the first admin password once; the embedded store has no admin password to leak', async () => {
    expect(hub.firstAdminPassword).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const { readdir } = await import('node:fs/promises');
    // The hub reads its store in-process: there is no store administrator to sign in as.
    expect(await readdir(dir)).not.toContain('couch-admin.json');
    expect(await readdir(path.join(dir, 'couch'))).toEqual(
      expect.arrayContaining(['xz-policies', 'xz-hub-users', 'xz-hub-follow']),
    );
    expect(await readdir(process.cwd())).not.toContain('log.txt');
    const port = Number(new URL(hub.url).port);
    await hub.close();
    hub = await buildHub({ dataDir: dir, port });
    expect(hub.firstAdminPassword).toBeUndefined();
  });
});
