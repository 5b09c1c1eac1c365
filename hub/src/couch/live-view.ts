/**
 * The live state of one station as the hub sees it, folded from the documents the station
 * replicates (heartbeat and printer-status documents; any document counts as a sync).
 * Pure: time comes in as arguments.
 */
import { isOneOf, PRINTER_STATES, type PrinterState } from '@xz/shared/contract/state-names';

export type { PrinterState };

export interface PrinterLive {
  state: PrinterState;
  /** Station time of the report (epoch ms). */
  at: number;
  pending?: number;
}

export interface StationLive {
  stationId: string;
  /** Station time of the newest heartbeat (epoch ms). */
  lastHeartbeatAt?: number;
  /** Hub time the newest heartbeat arrived (epoch ms): what online/offline is judged by. */
  heartbeatReceivedAt?: number;
  /** Hub time a change from this station last arrived (epoch ms). */
  lastSyncAt?: number;
  agentVersion?: string;
  /** Policy version the kiosk shows. */
  policyVersion?: string;
  /** Green-channel list versions the station applies, by group id. */
  greenLists?: Record<string, number>;
  /** Lists the station refuses (made with another deployment key). */
  greenListsRefused?: string[];
  queue?: { waiting: number; byService?: Record<string, number>; maxWaitMinutes?: number };
  printers: Record<string, PrinterLive>;
}

export type StationOnline = 'online' | 'offline' | 'never-seen';

export interface StationLiveView extends StationLive {
  online: StationOnline;
}

/** A station is online while its newest heartbeat arrived less than this long ago. */
export const ONLINE_WINDOW_MS = 90_000;

export function emptyStationLive(stationId: string): StationLive {
  return { stationId, printers: {} };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Folds one replicated document into the station's live state. Documents arrive validated by the
 * database, yet this stays defensive: a field of the wrong shape is ignored, never trusted.
 * Older heartbeats and printer reports (by their own time) do not overwrite newer ones.
 */
export function applyStationDoc(
  live: StationLive,
  doc: Record<string, unknown>,
  receivedAt: number,
): StationLive {
  const next: StationLive = { ...live, lastSyncAt: Math.max(live.lastSyncAt ?? 0, receivedAt) };
  if (doc._deleted === true) return next;
  if (doc.type === 'heartbeat' && isNumber(doc.at) && doc.at >= (live.lastHeartbeatAt ?? 0)) {
    next.lastHeartbeatAt = doc.at;
    next.heartbeatReceivedAt = receivedAt;
    if (typeof doc.agentVersion === 'string') next.agentVersion = doc.agentVersion;
    if (typeof doc.policyVersion === 'string') next.policyVersion = doc.policyVersion;
    next.greenLists = isRecord(doc.greenLists)
      ? Object.fromEntries(
          Object.entries(doc.greenLists).filter((entry): entry is [string, number] => isNumber(entry[1])),
        )
      : undefined;
    if (next.greenLists === undefined) delete next.greenLists;
    if (Array.isArray(doc.greenListsRefused))
      next.greenListsRefused = doc.greenListsRefused.filter((g): g is string => typeof g === 'string');
    else delete next.greenListsRefused;
    const queue = doc.queue;
    if (isRecord(queue) && isNumber(queue.waiting)) {
      next.queue = { waiting: queue.waiting };
      if (isNumber(queue.maxWaitMinutes)) next.queue.maxWaitMinutes = queue.maxWaitMinutes;
      if (isRecord(queue.byService)) {
        next.queue.byService = Object.fromEntries(
          Object.entries(queue.byService).filter((entry): entry is [string, number] => isNumber(entry[1])),
        );
      }
    }
  } else if (doc.type === 'printer-status' && typeof doc.printerId === 'string' && isNumber(doc.at)) {
    const previous = live.printers[doc.printerId];
    if (isOneOf(PRINTER_STATES, doc.state) && doc.at >= (previous?.at ?? 0)) {
      const printer: PrinterLive = { state: doc.state, at: doc.at };
      if (isNumber(doc.pending)) printer.pending = doc.pending;
      next.printers = { ...live.printers, [doc.printerId]: printer };
    }
  }
  return next;
}

export function onlineState(live: StationLive, now: number): StationOnline {
  const seen = live.heartbeatReceivedAt ?? live.lastSyncAt;
  if (seen === undefined) return 'never-seen';
  return now - seen < ONLINE_WINDOW_MS ? 'online' : 'offline';
}

export function viewOf(live: StationLive, now: number): StationLiveView {
  return { ...live, online: onlineState(live, now) };
}
