/**
 * Live events from the station agent over socket.io (path /socket.io, default namespace).
 * One connection per page, opened on the first subscription; socket.io-client reconnects by
 * itself. Payloads are checked before any callback sees them: a malformed one is dropped.
 */
import { isOneOf } from '@xz/shared/contract/state-names';
import { io, type Socket } from 'socket.io-client';
import { HUB_STATES, type HubState, type LiveEvents, PRINTER_STATES, type PrinterState } from './types.ts';

export type Unsubscribe = () => void;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Runtime checks for each event of the contract's station map (`@xz/shared/contract/socket-events`):
 * types are not validation. Written out here so the pages load no schema code.
 */
const guards: { [K in keyof LiveEvents]: (v: unknown) => v is LiveEvents[K] } = {
  'queue-changed': (v): v is LiveEvents['queue-changed'] =>
    isObj(v) &&
    typeof v.waiting === 'number' &&
    isObj(v.byService) &&
    Object.values(v.byService).every((n) => typeof n === 'number'),
  'ticket-called': (v): v is LiveEvents['ticket-called'] =>
    isObj(v) &&
    typeof v.number === 'string' &&
    typeof v.counterId === 'string' &&
    typeof v.green === 'boolean' &&
    typeof v.serviceId === 'string' &&
    typeof v.at === 'number' &&
    typeof v.recall === 'boolean',
  'printer-status': (v): v is LiveEvents['printer-status'] => isObj(v) && isOneOf(PRINTER_STATES, v.type),
  'hub-status': (v): v is LiveEvents['hub-status'] => isObj(v) && isOneOf(HUB_STATES, v.type),
  'policies-changed': (v): v is LiveEvents['policies-changed'] =>
    isObj(v) && (v.version === undefined || typeof v.version === 'string'),
};

let socket: Socket | undefined;
const connectionListeners = new Set<(connected: boolean) => void>();

function live(): Socket {
  if (!socket) {
    socket = io({ path: '/socket.io', transports: ['websocket', 'polling'], reconnectionDelayMax: 5000 });
    const notify = (up: boolean) => {
      for (const cb of connectionListeners) cb(up);
    };
    socket.on('connect', () => notify(true));
    socket.on('disconnect', () => notify(false));
  }
  return socket;
}

function subscribe<K extends keyof LiveEvents>(event: K, cb: (payload: LiveEvents[K]) => void): Unsubscribe {
  const s = live();
  const guard = guards[event];
  const handler = (payload: unknown) => {
    if (guard(payload)) cb(payload);
  };
  s.on(event as string, handler);
  return () => s.off(event as string, handler);
}

/** Queue length changes (a ticket issued, called, finished …). */
export const subscribeQueue = (cb: (e: LiveEvents['queue-changed']) => void): Unsubscribe =>
  subscribe('queue-changed', cb);

/** A ticket called (or recalled) to a counter. */
export const subscribeCalls = (cb: (e: LiveEvents['ticket-called']) => void): Unsubscribe =>
  subscribe('ticket-called', cb);

/** Printer state changes (paper out, cover open …). */
export const subscribePrinter = (cb: (state: PrinterState) => void): Unsubscribe =>
  subscribe('printer-status', (e) => cb(e.type));

/** Hub link state changes (online / offline / disabled). */
export const subscribeHub = (cb: (state: HubState) => void): Unsubscribe =>
  subscribe('hub-status', (e) => cb(e.type));

/** Policies were updated on the station: reload them. */
export const subscribePolicies = (cb: () => void): Unsubscribe => subscribe('policies-changed', () => cb());

/** The page's own link to the agent: true once (re)connected, false when it drops. */
export function subscribeConnection(cb: (connected: boolean) => void): Unsubscribe {
  const s = live();
  connectionListeners.add(cb);
  cb(s.connected);
  return () => connectionListeners.delete(cb);
}
