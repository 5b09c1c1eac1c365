/**
 * socket.io payloads the station agent receives are checked against the contract before anything
 * acts on them: from the hub (a stand-in hub on a real port sends malformed announcements and
 * commands to a real agent), and from the station's browsers (which may send nothing). A bad
 * payload is dropped and reported; the agent keeps working and still acts on good ones.
 */
import { writeFile } from 'node:fs/promises';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Agent, buildAgent } from '@xz/kiosk/app';
import { readAgentEnv } from '@xz/kiosk/env';
import { connectHubSocket } from '@xz/kiosk/hub-socket';
import { startVirtualPrinter, type VirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, tempDir, until, writeStaffFile } from './fixtures.ts';

const STATION = 'xhd-lingzhu-01';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A socket.io server standing in for the hub: records who connected, sends what a test says. */
async function standInHub(): Promise<{ url: string; io: Server; connected: Promise<ServerSocket> }> {
  const http: HttpServer = createServer((_req, res) => res.writeHead(404).end());
  const io = new Server(http);
  const connected = new Promise<ServerSocket>((resolve) => io.on('connection', resolve));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        io.close();
        http.close(() => r());
      }),
  );
  return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, io, connected };
}

/** A real agent with a virtual printer; its log lines are kept. With XZ_HUB_URL, enrolled with that hub. */
async function agent(extra: Record<string, string> = {}) {
  const dir = await tempDir('agent-socket');
  cleanups.push(() => dir.remove());
  const printer: VirtualPrinter = await startVirtualPrinter({ dir: join(dir.path, 'printer') });
  cleanups.push(() => printer.close());
  const env = readAgentEnv({
    AGENT_PORT: '0',
    XZ_DATA_DIR: join(dir.path, 'data'),
    XZ_PRINTER_PATH: printer.path,
    ...extra,
  });
  await writeStaffFile(env.dataDir);
  if (extra.XZ_HUB_URL)
    await writeFile(
      join(env.dataDir, 'hub-credentials.json'),
      JSON.stringify({ username: 'kiosk-test', password: 'secret-secret' }),
      { mode: 0o600 },
    );
  const lines: string[] = [];
  const built: Agent = await buildAgent({
    env,
    logger: { level: 'warn', sink: { write: (l) => lines.push(l) } },
  });
  cleanups.push(() => built.close());
  return { url: await built.listen(), printer, lines };
}

/** The events `sendMalformed` sends, in order: each is dropped and reported. */
const MALFORMED_EVENTS = [
  'policy-published',
  'policy-published',
  'policy-withdrawn',
  'policy-tags-changed',
  'station-command',
  'station-command',
  'station-command',
  'shutdown',
];

/** The hub's malformed sends: wrong types, unknown commands, another station, unknown events. */
function sendMalformed(hub: Server): void {
  hub.emit('policy-published', { policyId: 42, version: 1 });
  hub.emit('policy-published', 'policy-published');
  hub.emit('policy-withdrawn', { policyId: 'tax-relief', reason: 'because' });
  hub.emit('policy-tags-changed', { updatedAt: 'now' });
  hub.emit('station-command', { stationId: STATION, command: 'format-disk', at: 1 });
  hub.emit('station-command', { stationId: 'other-station', command: 'test-print', at: 1 });
  hub.emit('station-command', null);
  hub.emit('shutdown', { now: true });
}

describe('payloads from the hub', () => {
  it('are dropped and reported when malformed; a good command after them is carried out', async () => {
    const hub = await standInHub();
    const onPolicies = vi.fn();
    const onCommand = vi.fn();
    const onDropped = vi.fn();
    const link = connectHubSocket({
      hubUrl: hub.url,
      auth: { username: 'kiosk-test', password: 'secret-secret' },
      stationId: STATION,
      retryMs: 1000,
      onPolicies,
      onCommand,
      onDropped,
    });
    cleanups.push(() => link.close());
    const socket = await hub.connected;
    expect(socket.handshake.auth).toEqual({ username: 'kiosk-test', password: 'secret-secret' });

    sendMalformed(hub.io);
    hub.io.emit('policy-published', { policyId: 'tax-relief', version: 3 });
    hub.io.emit('station-command', { stationId: STATION, command: 'test-print', at: Date.now() });
    await until(() => onCommand.mock.calls.length > 0, 5000, 'the good command');

    expect(onCommand.mock.calls).toEqual([['test-print']]);
    expect(onPolicies).toHaveBeenCalledTimes(1);
    expect(onDropped.mock.calls.map(([event]) => event)).toEqual(MALFORMED_EVENTS);
    for (const [, problems] of onDropped.mock.calls) expect(problems.length).toBeGreaterThan(0);
  });

  it('never stop a real agent: it prints the hub’s test page once, after ignoring the malformed ones', async () => {
    const hub = await standInHub();
    const { url, printer, lines } = await agent({ XZ_HUB_URL: hub.url, XZ_RESTORE_WAIT_SECONDS: '1' });
    await hub.connected;

    sendMalformed(hub.io);
    hub.io.emit('station-command', { stationId: STATION, command: 'test-print', at: Date.now() });
    await printer.waitForJobs(1, 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(printer.jobs()).toHaveLength(1);
    // Each one in the agent's log, a line with the event's name and what was wrong with it.
    const dropped = lines
      .map((line) => JSON.parse(line) as { msg: string; event?: string; problems?: string[] })
      .filter((line) => line.msg === 'an event from the hub broke the contract; dropped');
    expect(dropped.map((line) => line.event)).toEqual(MALFORMED_EVENTS);
    for (const line of dropped) expect(line.problems?.length).toBeGreaterThan(0);
    expect((await api(url, 'GET', '/api/health')).status).toBe(200);
  });
});

describe('payloads from the station browsers', () => {
  it('are dropped and reported: browsers only listen', async () => {
    const { url, lines } = await agent();
    const socket = connect(url, { transports: ['websocket'], extraHeaders: { origin: url } });
    cleanups.push(() => socket.close());
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.emit('ticket-called', { number: 'A001', counterId: '1' });
    socket.emit('queue-changed', 'x'.repeat(3000));
    await until(
      () => lines.filter((l) => l.includes('a browser sent an event; dropped')).length === 2,
      5000,
      'two reports',
    );
    expect(lines.join('\n')).toContain('"event":"ticket-called"');
    expect(socket.connected).toBe(true);
    const res = await api(url, 'POST', '/api/tickets', {
      serviceId: 'tax',
      idempotencyKey: 'browser-sent-0001',
    });
    expect(res.status).toBe(201);
  });
});
