/**
 * socket.io on the station LAN: one typed map of the events the agent pushes to the kiosk,
 * the counter consoles and the call display.
 */
import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';

export type PrinterStateName =
  | 'ready'
  | 'paper-near-end'
  | 'paper-out'
  | 'cover-open'
  | 'cutter-error'
  | 'offline';

export interface StationServerEvents {
  'queue-changed': (payload: { waiting: number; byService: Record<string, number> }) => void;
  'ticket-called': (payload: {
    number: string;
    counterId: string;
    green: boolean;
    serviceId: string;
    at: number;
    recall: boolean;
  }) => void;
  'printer-status': (payload: { type: PrinterStateName }) => void;
  'hub-status': (payload: { type: 'online' | 'offline' | 'disabled' }) => void;
  'policies-changed': (payload: { version?: string }) => void;
}

/** Clients only listen; nothing they send is acted upon. */
export type StationClientEvents = Record<string, never>;

export type StationIo = Server<StationClientEvents, StationServerEvents>;

/** `allow(host, origin)` applies the same Host/Origin rule as the HTTP routes. */
export function attachRealtime(
  server: HttpServer,
  allow: (host: string | undefined, origin: string | undefined) => boolean,
): StationIo {
  return new Server<StationClientEvents, StationServerEvents>(server, {
    serveClient: false,
    maxHttpBufferSize: 4096,
    allowRequest: (req, callback) => callback(null, allow(req.headers.host, req.headers.origin)),
  });
}
