/**
 * One process of the station simulator (`startStationSim` in `test/bench/station-sim.ts`): runs
 * the slice of stations it is given (`runStations`) and reports over the IPC pipe of
 * `child_process.fork` what they show and receive, each stamped with the wall clock
 * (`performance.timeOrigin + performance.now()`) where it happened. Reports are sent in batches,
 * once per turn of the event loop.
 *
 * Messages in (`SimWorkerRequest`): start, pull-on-announce, stats, sockets, close. Messages out
 * (`SimWorkerMessage`): `ready` once every station caught up (or `failed`), `shown` and `socket`
 * batches, one `reply` per question. The process ends when asked to close or when its parent goes
 * away.
 */
import {
  type LocalStations,
  runStations,
  type SimWorkerMessage,
  type SimWorkerRequest,
  type SocketArrival,
} from '../bench/station-sim.ts';

function send(message: SimWorkerMessage): void {
  if (process.connected) process.send?.(message);
}

let shown: Array<[number, string, number]> = [];
let sockets: Array<[string, SocketArrival]> = [];
let flushing = false;
function flushSoon() {
  if (flushing) return;
  flushing = true;
  setImmediate(() => {
    flushing = false;
    if (shown.length > 0) send({ type: 'shown', arrivals: shown });
    if (sockets.length > 0) send({ type: 'socket', arrivals: sockets });
    shown = [];
    sockets = [];
  });
}

let stations: LocalStations | undefined;
let closing: Promise<void> | undefined;
const close = () => {
  closing ??= (stations?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  return closing;
};
process.on('disconnect', () => void close());
process.on('SIGTERM', () => void close());

process.on('message', (request: SimWorkerRequest) => {
  switch (request.type) {
    case 'start':
      runStations(request.options, {
        shown(station, key, at) {
          shown.push([station, key, at]);
          flushSoon();
        },
        socket(event, arrival) {
          sockets.push([event, arrival]);
          flushSoon();
        },
      }).then(
        (started) => {
          stations = started;
          send({ type: 'ready' });
        },
        (error: unknown) => {
          const failed: SimWorkerMessage = {
            type: 'failed',
            error: error instanceof Error ? error.message : String(error),
          };
          // Exits once the report is out.
          if (process.connected) process.send?.(failed, undefined, {}, () => process.exit(1));
          else process.exit(1);
        },
      );
      return;
    case 'pull-on-announce':
      stations?.setPullOnAnnounce(request.on);
      return;
    case 'stats':
      send({ type: 'reply', id: request.id, value: stations?.stats() });
      return;
    case 'sockets':
      send({ type: 'reply', id: request.id, value: stations?.socketsConnected() ?? 0 });
      return;
    case 'close':
      void (stations?.close() ?? Promise.resolve()).then(() =>
        send({ type: 'reply', id: request.id, value: null }),
      );
      return;
    default: {
      const never: never = request;
      throw new Error(`unknown request ${JSON.stringify(never)}`);
    }
  }
});
