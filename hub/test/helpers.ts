/** A real hub (embedded CouchDB-protocol server) in a temp dir on port 0, and small HTTP helpers. */

import { mkdtemp, rm } from 'node:fs/promises';
import type { OutgoingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import samples from '@xz/shared/data/policies.sample.json' with { type: 'json' };
import { buildHub, type Hub } from '../src/app.ts';

export const ADMIN_PASSWORD = 'admin-password-1';

export interface TestHub {
  hub: Hub;
  dir: string;
  close(): Promise<void>;
}

export async function startTestHub(): Promise<TestHub> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xz-hub-ops-'));
  const hub = await buildHub({ dataDir: dir, port: 0, adminPassword: ADMIN_PASSWORD });
  await hub.app.opsReady;
  return {
    hub,
    dir,
    async close() {
      await hub.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: OutgoingHttpHeaders;
}

export async function call<T = any>(
  hub: Hub,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  options: { body?: unknown; cookie?: string } = {},
): Promise<Reply<T>> {
  const res = await hub.app.inject({
    method,
    url,
    ...(options.body !== undefined ? { payload: options.body as object } : {}),
    headers: options.cookie ? { cookie: options.cookie } : {},
  });
  let body: unknown = res.body;
  if (String(res.headers['content-type'] ?? '').includes('application/json')) body = res.json();
  return { status: res.statusCode, body: body as T, headers: res.headers };
}

/** Signs in and returns the cookie header value. */
export async function signIn(hub: Hub, username: string, password: string): Promise<string> {
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`sign-in ${username}: ${res.statusCode} ${res.body}`);
  const set = res.headers['set-cookie'];
  const first = (Array.isArray(set) ? set[0] : set) as string;
  return first.split(';')[0];
}

/** Creates a user as admin and returns that user's session cookie. */
export async function userSession(
  hub: Hub,
  adminCookie: string,
  username: string,
  roles: string[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const password = `${username}-password`;
  const res = await call(hub, 'POST', '/api/users', {
    cookie: adminCookie,
    body: { username, password, roles, ...extra },
  });
  if (res.status !== 201) throw new Error(`create ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return signIn(hub, username, password);
}

type SampleContent = (typeof samples.policies)[number];

/** A valid policy content (from the demo data) under a new id. */
export function policyContent(id: string, patch: Partial<SampleContent> = {}): SampleContent {
  return { ...structuredClone(samples.policies[0]), id, ...patch };
}
