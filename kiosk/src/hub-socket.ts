/**
 * The station's socket.io link to the hub: the hub announces policy changes at once and sends
 * commands for this station (`@xz/shared/contract/socket-events`, hub map). Replication stays the
 * durable path; this only tells the station to look now.
 *
 * Every payload is checked by the contract's compiled checkers before anything acts on it: a
 * malformed payload, an event the contract does not name, or a command for another station is
 * dropped and reported, never handled. The hub takes only authenticated sockets (the kiosk
 * credentials); socket.io does not retry a refused handshake or a disconnect by the hub, so
 * those are retried here at the slowest back-off.
 */
import { createEventChecks, HubEventSchemas, type HubEvents } from '@xz/shared/contract/socket-events';
import { io as connect, type Socket } from 'socket.io-client';

export interface HubSocketOptions {
  hubUrl: string;
  /** The kiosk credentials from enrolment. */
  auth: { username: string; password: string };
  stationId: string;
  /** Longest wait between two connection attempts (ms). */
  retryMs: number;
  /** The hub says the published policies (or their dictionary) changed. */
  onPolicies(): void;
  /** A command for this station. */
  onCommand(command: HubEvents['station-command']['command']): void;
  /** A payload that failed its check (or whose handling failed), dropped. */
  onDropped(event: string, problems: string[]): void;
}

export interface HubSocket {
  /** The socket (for tests and diagnostics). */
  readonly socket: Socket;
  close(): void;
}

const hubEvents = createEventChecks(HubEventSchemas);

export function connectHubSocket(options: HubSocketOptions): HubSocket {
  const socket = connect(options.hubUrl, {
    transports: ['websocket'],
    reconnectionDelayMax: options.retryMs,
    auth: options.auth,
  });
  let retry: NodeJS.Timeout | undefined;
  const retrySoon = () => {
    if (retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      socket.connect();
    }, options.retryMs);
    retry.unref();
  };
  socket.on('connect_error', () => {
    if (!socket.active) retrySoon();
  });
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') retrySoon();
  });

  const drop = options.onDropped;
  // A policy published or withdrawn, or the policy dictionary (labels and synonyms) changed.
  for (const event of ['policy-published', 'policy-withdrawn', 'policy-tags-changed'] as const)
    socket.on(
      event,
      hubEvents.listener(event, () => options.onPolicies(), drop),
    );
  socket.on(
    'station-command',
    hubEvents.listener(
      'station-command',
      (command) => {
        if (command.stationId !== options.stationId)
          return drop('station-command', [`for station ${command.stationId}, not this one`]);
        options.onCommand(command.command);
      },
      drop,
    ),
  );
  // Events the contract does not name.
  socket.onAny((event: unknown) => {
    const name = String(event);
    if (!hubEvents.names.includes(name as (typeof hubEvents.names)[number]))
      drop(name.slice(0, 64), hubEvents.problems(name, undefined));
  });

  return {
    socket,
    close() {
      if (retry) clearTimeout(retry);
      socket.close();
    },
  };
}
