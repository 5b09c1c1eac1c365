/**
 * socket.io on the station LAN: the agent pushes the events of the contract's station map
 * (`@xz/shared/contract/socket-events`) to the kiosk, the counter consoles and the call display.
 * Browsers only listen: anything they send is dropped and reported.
 */
import type { Server as HttpServer } from 'node:http';
import {
  BrowserEventSchemas,
  createEventChecks,
  type StationClientEvents,
  type StationServerEvents,
} from '@xz/shared/contract/socket-events';
import { Server } from 'socket.io';

export type { StationClientEvents, StationServerEvents };

export type StationIo = Server<StationClientEvents, StationServerEvents>;

const browserEvents = createEventChecks(BrowserEventSchemas);

/**
 * `allow(host, origin)` applies the same Host/Origin rule as the HTTP routes; `dropped` hears of
 * every event a browser sent (none is acted upon).
 */
export function attachRealtime(
  server: HttpServer,
  allow: (host: string | undefined, origin: string | undefined) => boolean,
  dropped: (event: string, problems: string[]) => void = () => undefined,
): StationIo {
  const io: StationIo = new Server(server, {
    serveClient: false,
    maxHttpBufferSize: 4096,
    allowRequest: (req, callback) => callback(null, allow(req.headers.host, req.headers.origin)),
  });
  io.on('connection', (socket) => {
    socket.onAny((event: unknown, payload: unknown) => {
      const name = typeof event === 'string' ? event : String(event);
      dropped(name, browserEvents.problems(name, payload));
    });
  });
  return io;
}
