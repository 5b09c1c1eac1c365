/**
 * What the station tells the hub about itself, through its own database (replicated): a
 * heartbeat document (queue, printer, last sync, software and policy versions) rewritten every
 * half minute and soon after a change, and a printer-status document on every printer change.
 */
import type { PrinterState } from '@xz/shared/contract/states';
import { heartbeatId, printerStatusId } from '@xz/shared/ids';
import type { QueueState } from '@xz/shared/queue/types';
import type PouchDB from 'pouchdb';

export interface HeartbeatSource {
  stationId: string;
  agentVersion: string;
  db: PouchDB.Database;
  now: () => number;
  queue: () => QueueState;
  printer: () => { state: PrinterState; pending: number; profile: string };
  lastSyncAt: () => number | undefined;
  policies: () => { digest?: string; versions: Record<string, number> };
  /** Green-channel list versions applied, and lists refused for another deployment key. */
  greenLists?: () => { versions: Record<string, number>; refused: string[] };
}

export interface Heartbeat {
  /** Writes soon (coalescing bursts of changes). */
  poke(): void;
  printerChanged(state: PrinterState): void;
  stop(): Promise<void>;
}

const EVERY_MS = 30_000;
const COALESCE_MS = 1_000;
const PRINTER_ID = 'main';

export function startHeartbeat(src: HeartbeatSource): Heartbeat {
  const revs = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;
  let soon: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let stopped = false;

  async function put(doc: PouchDB.Doc): Promise<void> {
    const rev =
      revs.get(doc._id) ??
      (await src.db
        .get(doc._id)
        .then((d) => d._rev)
        .catch(() => undefined));
    const res = await src.db.put({ ...doc, ...(rev ? { _rev: rev } : {}) });
    revs.set(doc._id, res.rev);
  }

  function heartbeatDoc(): PouchDB.Doc {
    const state = src.queue();
    const at = src.now();
    const byService: Record<string, number> = {};
    let waiting = 0;
    let oldest = at;
    for (const [serviceId, ids] of Object.entries(state.waiting)) {
      byService[serviceId] = Math.min(999, ids.size);
      waiting += ids.size;
      for (const id of ids.keys()) {
        const t = state.tickets.get(id);
        if (t && t.queuedAt < oldest) oldest = t.queuedAt;
      }
    }
    const printer = src.printer();
    const policies = src.policies();
    const lastSyncAt = src.lastSyncAt();
    const green = src.greenLists?.();
    return {
      _id: heartbeatId(src.stationId),
      type: 'heartbeat',
      schemaVersion: 1,
      stationId: src.stationId,
      at,
      agentVersion: src.agentVersion,
      ...(policies.digest ? { policyVersion: policies.digest } : {}),
      policyVersions: policies.versions,
      queue: { waiting, byService, maxWaitMinutes: Math.min(1440, Math.floor((at - oldest) / 60_000)) },
      printer: printer.state,
      ...(lastSyncAt ? { lastSyncAt } : {}),
      ...(green && Object.keys(green.versions).length > 0 ? { greenLists: green.versions } : {}),
      ...(green && green.refused.length > 0 ? { greenListsRefused: green.refused } : {}),
    };
  }

  function write(make: () => PouchDB.Doc): void {
    writing = writing
      .then(() => (stopped ? undefined : put(make())))
      .catch((error) => {
        revs.clear();
        console.error('heartbeat:', (error as Error).message);
      });
  }

  function beat() {
    soon = undefined;
    write(heartbeatDoc);
  }

  beat();
  timer = setInterval(beat, EVERY_MS);
  timer.unref();

  return {
    poke() {
      if (soon || stopped) return;
      soon = setTimeout(beat, COALESCE_MS);
      soon.unref();
    },
    printerChanged(state) {
      const printer = src.printer();
      write(() => ({
        _id: printerStatusId(src.stationId, PRINTER_ID),
        type: 'printer-status',
        schemaVersion: 1,
        stationId: src.stationId,
        printerId: PRINTER_ID,
        state,
        at: src.now(),
        since: src.now(),
        pending: printer.pending,
        profileId: printer.profile,
      }));
      this.poke();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (soon) clearTimeout(soon);
      await writing;
    },
  };
}
