/**
 * The hub's socket.io server. Nobody connects anonymously:
 * - a station connects with its kiosk credentials in the handshake, `auth: { username, password }`
 *   (the ones it got at enrolment); its sockets join the room of its station;
 * - an operator's browser connects with its session cookie, from one of the hub's own origins.
 * Policy announcements go to every connected (so authenticated) station and operator; a station
 * command goes only to that station's room. A refused handshake ends in `connect_error` whose
 * `data` is the hub's error shape (`XZ_ERR_UNAUTHORIZED` with `reason` 'credentials' or 'session',
 * `XZ_ERR_FORBIDDEN` with `reason: 'origin'`).
 * The events follow the contract's hub map (`@xz/shared/contract/socket-events`). Stations and
 * operators only listen: whatever a socket sends is checked against the (empty) map of events the
 * hub takes, dropped and reported, never acted upon.
 */
import type { Server as HttpServer } from 'node:http';
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  createEventChecks,
  HubClientEventSchemas,
  type HubClientEvents,
  type HubServerEvents,
} from '@xz/shared/contract/socket-events';
import { defaultMessageOf, ErrorCode } from '@xz/shared/errors';
import { Server as SocketServer } from 'socket.io';
import type { KioskUsers } from '../couch/kiosk-users.ts';
import type { ErrorBody } from '../errors.ts';
import { foreignOrigin } from '../http/origin-guard.ts';
import type { Operator } from '../users/roles.ts';
import { SESSION_COOKIE, type SessionStore } from './sessions.ts';

/** The hub's socket.io server, typed by the contract's hub event map. */
export type HubIo = SocketServer<HubClientEvents, HubServerEvents>;

/** The socket.io room of one station's sockets. */
export const stationRoom = (stationId: string) => `station:${stationId}`;
export const OPERATORS_ROOM = 'operators';

/** Who is at the other end of a socket (`socket.data.peer`). */
export type SocketPeer = { kind: 'station'; stationId: string } | { kind: 'operator'; operator: Operator };

/** Handshake `auth` of a station. */
export const KioskSocketAuth = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
const kioskAuthCheck = TypeCompiler.Compile(KioskSocketAuth);

export interface HubSocketsOptions {
  /** Kiosk accounts and operator sessions, once the hub's services are ready. */
  services: () => Promise<{ kioskUsers: KioskUsers; sessions: SessionStore }>;
  parseCookie: (header: string) => Record<string, string | undefined>;
  /** The hub's own origins (see http/origin-guard.ts). */
  origins: () => ReadonlySet<string>;
  /** Told about failures of the hub itself during a handshake. */
  onError?: (error: unknown) => void;
  /** Told about every event a station or operator sent (none is taken): dropped. */
  onDropped?: (peer: SocketPeer, event: string, problems: string[]) => void;
}

const clientEvents = createEventChecks(HubClientEventSchemas);

/** Who a peer is, for a log line (no credentials). */
export function describePeer(peer: SocketPeer): Record<string, string> {
  return peer.kind === 'station'
    ? { peer: 'station', stationId: peer.stationId }
    : { peer: 'operator', operator: peer.operator.username };
}

class HandshakeRefused extends Error {
  readonly data: ErrorBody;
  constructor(code: ErrorCode, message: string, reason: string) {
    super(message);
    this.data = { code, message, messageZh: defaultMessageOf(code).zh, reason };
  }
}

/** The hub's own failure while checking (its store unreachable): the 500 shape. */
class HandshakeFailed extends Error {
  readonly data: ErrorBody = {
    code: 'XZ_ERR_INTERNAL',
    message: 'Internal error.',
    messageZh: '服务器内部错误。',
  };
  constructor() {
    super('Internal error.');
  }
}

/** Who may connect, from the handshake; throws HandshakeRefused. */
async function identify(
  handshake: { auth: Record<string, unknown>; headers: Record<string, string | string[] | undefined> },
  options: HubSocketsOptions,
): Promise<SocketPeer> {
  const { kioskUsers, sessions } = await options.services();
  const auth = handshake.auth ?? {};
  if (Object.keys(auth).length > 0) {
    if (!kioskAuthCheck.Check(auth)) {
      throw new HandshakeRefused(
        ErrorCode.Unauthorized,
        'A station connects with auth: { username, password } (its kiosk credentials).',
        'credentials',
      );
    }
    const station = await kioskUsers.authenticate(auth.username, auth.password);
    if (!station) {
      throw new HandshakeRefused(
        ErrorCode.Unauthorized,
        'Wrong or revoked kiosk credentials.',
        'credentials',
      );
    }
    return { kind: 'station', stationId: station.stationId };
  }
  const cookieHeader = handshake.headers.cookie;
  const token =
    typeof cookieHeader === 'string' ? options.parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;
  const operator = token ? await sessions.resolve(token) : undefined;
  if (!operator) {
    throw new HandshakeRefused(
      ErrorCode.Unauthorized,
      'Sign in first, or connect as a station with its kiosk credentials.',
      'session',
    );
  }
  const why = foreignOrigin(handshake.headers, options.origins());
  if (why !== undefined) throw new HandshakeRefused(ErrorCode.Forbidden, why, 'origin');
  return { kind: 'operator', operator };
}

/** Creates the socket.io server on the hub's HTTP server, refusing anonymous connections. */
export function createHubSockets(server: HttpServer, options: HubSocketsOptions): HubIo {
  const io: HubIo = new SocketServer(server, { serveClient: false, maxHttpBufferSize: 16 * 1024 });
  io.use((socket, next) => {
    identify(socket.handshake, options).then(
      (peer) => {
        socket.data.peer = peer;
        next();
      },
      (error: unknown) => {
        if (error instanceof HandshakeRefused) return next(error);
        options.onError?.(error);
        next(new HandshakeFailed());
      },
    );
  });
  io.on('connection', (socket) => {
    const peer = socket.data.peer as SocketPeer;
    void socket.join(peer.kind === 'station' ? stationRoom(peer.stationId) : OPERATORS_ROOM);
    socket.onAny((event: unknown, payload: unknown) => {
      const name = String(event).slice(0, 64);
      const problems = clientEvents.problems(name, payload);
      // Nothing is taken from peers yet: a valid event would have a handler of its own.
      options.onDropped?.(peer, name, problems.length > 0 ? problems : ['no handler']);
    });
  });
  return io;
}

/** How many sockets of a station are connected to this hub process. */
export function stationSockets(io: HubIo, stationId: string): number {
  return io.sockets.adapter.rooms.get(stationRoom(stationId))?.size ?? 0;
}
