/**
 * socket.io on the station LAN: the browsers hear queue, call and printer changes as they
 * happen, and a page from another origin cannot listen in.
 */
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentRig, api, signInCounter, startAgentRig } from './fixtures.ts';

const rigs: AgentRig[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const r of rigs.splice(0)) await r.close().catch(() => undefined);
});

function next<T>(socket: Socket, event: string, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

describe('live updates', () => {
  it('pushes queue changes, calls and printer states to the station browsers', async () => {
    const r = await startAgentRig();
    rigs.push(r);
    const socket = io(r.url, { transports: ['websocket'], extraHeaders: { origin: r.url } });
    sockets.push(socket);
    await next(socket, 'connect');

    const queued = next<{ waiting: number; byService: Record<string, number> }>(socket, 'queue-changed');
    await api(r.url, 'POST', '/api/tickets', { serviceId: 'legal', idempotencyKey: 'live-key-0001' });
    expect(await queued).toMatchObject({ waiting: 1, byService: { legal: 1 } });

    const auth = await signInCounter(r.url, '3');
    const called = next<{ number: string; counterId: string; green: boolean; recall: boolean }>(
      socket,
      'ticket-called',
    );
    await api(r.url, 'POST', '/api/counters/3/call-next', {}, auth);
    expect(await called).toMatchObject({ number: 'G001', counterId: '3', green: false, recall: false });

    const paperOut = next<{ type: string }>(socket, 'printer-status', 15_000);
    r.printer.setMode('paper-out');
    expect(await paperOut).toEqual({ type: 'paper-out' });
    const back = next<{ type: string }>(socket, 'printer-status', 15_000);
    r.printer.setMode('ready');
    expect(await back).toEqual({ type: 'ready' });
  });

  it('refuses a socket from another origin', async () => {
    const r = await startAgentRig();
    rigs.push(r);
    const socket = io(r.url, {
      transports: ['websocket'],
      extraHeaders: { origin: 'http://evil.example' },
      reconnection: false,
    });
    sockets.push(socket);
    const error = await next<Error>(socket, 'connect_error');
    expect(error).toBeInstanceOf(Error);
    expect(socket.connected).toBe(false);
  });
});
