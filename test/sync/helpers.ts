/** Helpers for the sync tests: a hub on a temp data dir and port, enrolled kiosks, raw HTTP. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type BuildHubOptions, buildHub, type Hub } from '@xz/hub/app';
import type { KioskCredentials } from '@xz/hub/couch/kiosk-users';

export async function tempDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export function startHub(dataDir: string, extra: Partial<BuildHubOptions> = {}): Promise<Hub> {
  return buildHub({ dataDir, port: 0, adminPassword: 'admin-password-1', ...extra });
}

/** Enrols a station the way a kiosk does: an operator creates a code, the kiosk posts it. */
export async function enrolStation(
  hub: Hub,
  stationId: string,
): Promise<KioskCredentials & { dbName: string }> {
  const { code } = await hub.kioskUsers.createEnrolmentCode(stationId);
  const res = await fetch(`${hub.url}/api/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  if (res.status !== 200) throw new Error(`enrol failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as KioskCredentials & { dbName: string };
}

export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export interface Reply {
  status: number;
  body: Record<string, unknown>;
}

/** One request to the CouchDB endpoint with the given credentials. */
export async function couch(
  url: string,
  method: string,
  auth: string | undefined,
  body?: unknown,
): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth) headers.authorization = auth;
  const res = await fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed };
}

export interface TestDoc {
  _id: string;
  _rev?: string;
  [key: string]: unknown;
}

/** A station time in the test day (epoch ms); documents need real instants. */
export const T0 = Date.UTC(2026, 2, 9, 1, 0, 0);

/** A waiting ticket as the station agent stores it (`@xz/shared/docs` schema). */
export function ticketDoc(stationId: string, seq: number, day = '2026-03-09'): TestDoc {
  const id = `ticket:${stationId}:${day}:tax:${String(seq).padStart(3, '0')}`;
  return {
    _id: id,
    type: 'ticket',
    schemaVersion: 1,
    id,
    stationId,
    day,
    serviceId: 'tax',
    seq,
    number: `B${String(seq).padStart(3, '0')}`,
    kind: 'normal',
    status: 'waiting',
    issuedAt: T0 + seq * 1000,
    queuedAt: T0 + seq * 1000,
    front: false,
    recalls: 0,
    returnedToQueue: false,
    calls: 0,
    printed: 1,
    lang: 'zh',
  };
}

/** The station's heartbeat at `at` (epoch ms). */
export function heartbeatDoc(stationId: string, at: number, extra: Record<string, unknown> = {}): TestDoc {
  return {
    _id: `heartbeat:${stationId}`,
    type: 'heartbeat',
    schemaVersion: 1,
    stationId,
    at,
    agentVersion: '1.2.3',
    ...extra,
  };
}

export function printerStatusDoc(stationId: string, state: string, at: number): TestDoc {
  return {
    _id: `printer-status:${stationId}:main`,
    type: 'printer-status',
    schemaVersion: 1,
    stationId,
    printerId: 'main',
    state,
    at,
  };
}

/** Polls `check` until it returns true (generous for a loaded machine). */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Signs in as the hub admin (password given to `startHub`) and returns the session cookie. */
export async function signInAdmin(hub: Hub, password = 'admin-password-1'): Promise<string> {
  const res = await fetch(`${hub.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('sign-in set no cookie');
  return cookie.split(';')[0];
}
