/**
 * Printer status through DLE EOT (Epson ESC/POS real-time status), decoded per the Epson bit
 * layout, and a monitor that polls it and reports changes.
 *
 * Every status byte has bits 0 and 7 clear and bits 1 and 4 set (0b0xx1xx10).
 *  n=1 printer:   bit 3 offline.
 *  n=2 offline:   bit 2 cover open, bit 3 paper fed by the feed button, bit 5 printing stopped
 *                 by paper end, bit 6 error.
 *  n=3 error:     bit 2 recoverable error, bit 3 autocutter error, bit 5 unrecoverable error,
 *                 bit 6 automatically recoverable error.
 *  n=4 paper:     bits 2-3 roll paper near end, bits 5-6 roll paper end.
 */
import type { PrinterState } from '@xz/shared/contract/state-names';
import { STATUS_QUERY_ALL } from './encoder.ts';
import type { PrinterTransport } from './transport.ts';

export type { PrinterState };

/** States in which bytes may be sent. */
export function canPrint(state: PrinterState): boolean {
  switch (state) {
    case 'ready':
    case 'paper-near-end':
      return true;
    case 'paper-out':
    case 'cover-open':
    case 'cutter-error':
    case 'offline':
      return false;
    default: {
      const never: never = state;
      throw new Error(`unknown printer state ${never}`);
    }
  }
}

export interface StatusDetail {
  readonly online: boolean;
  readonly coverOpen: boolean;
  readonly feedButton: boolean;
  readonly stoppedByPaperEnd: boolean;
  readonly errorOccurred: boolean;
  readonly recoverableError: boolean;
  readonly cutterError: boolean;
  readonly unrecoverableError: boolean;
  readonly autoRecoverableError: boolean;
  readonly paperNearEnd: boolean;
  readonly paperEnd: boolean;
}

export interface StatusReport {
  readonly state: PrinterState;
  /** Absent when the printer did not answer (offline). */
  readonly detail?: StatusDetail;
  /** The raw answer bytes (n=1..4), as received. */
  readonly raw: readonly number[];
}

/** True if `byte` has the fixed bits of a DLE EOT answer. */
export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

const bit = (byte: number, n: number) => (byte & (1 << n)) !== 0;

/** Decodes the four answers to DLE EOT 1, 2, 3, 4. */
export function decodeStatusBytes(
  printer: number,
  offline: number,
  error: number,
  paper: number,
): StatusDetail {
  return {
    online: !bit(printer, 3),
    coverOpen: bit(offline, 2),
    feedButton: bit(offline, 3),
    stoppedByPaperEnd: bit(offline, 5),
    errorOccurred: bit(offline, 6),
    recoverableError: bit(error, 2),
    cutterError: bit(error, 3),
    unrecoverableError: bit(error, 5),
    autoRecoverableError: bit(error, 6),
    paperNearEnd: bit(paper, 2) || bit(paper, 3),
    paperEnd: bit(paper, 5) || bit(paper, 6),
  };
}

/** The one state a citizen and staff need to know, most pressing first. */
export function stateOf(detail: StatusDetail): PrinterState {
  if (detail.coverOpen) return 'cover-open';
  if (detail.paperEnd || detail.stoppedByPaperEnd) return 'paper-out';
  if (detail.cutterError) return 'cutter-error';
  if (!detail.online || detail.unrecoverableError || detail.autoRecoverableError || detail.recoverableError) {
    return 'offline';
  }
  if (detail.paperNearEnd) return 'paper-near-end';
  return 'ready';
}

/** Decodes a full answer; anything short or malformed counts as offline. */
export function decodeStatus(raw: ArrayLike<number>): StatusReport {
  const bytes = Array.from(raw);
  if (bytes.length < 4 || !bytes.slice(0, 4).every(isStatusByte)) return { state: 'offline', raw: bytes };
  const detail = decodeStatusBytes(bytes[0], bytes[1], bytes[2], bytes[3]);
  return { state: stateOf(detail), detail, raw: bytes };
}

/** Asks the printer (DLE EOT 1-4); no full answer within `timeoutMs` → offline. */
export async function queryStatus(transport: PrinterTransport, timeoutMs: number): Promise<StatusReport> {
  try {
    return decodeStatus(await transport.request(STATUS_QUERY_ALL, 4, timeoutMs));
  } catch {
    return { state: 'offline', raw: [] };
  }
}

export interface StatusMonitorOptions {
  readonly transport: PrinterTransport;
  /** Poll interval in ms. */
  readonly pollMs: number;
  /** How long to wait for an answer, in ms. */
  readonly timeoutMs: number;
  readonly now?: () => number;
  /** Called with every change of state (not with every poll). */
  readonly onChange?: (report: StatusReport, previous: PrinterState | undefined) => void;
}

export interface StatusMonitor {
  start(): void;
  stop(): Promise<void>;
  /** The last report, or undefined before the first answer. */
  current(): StatusReport | undefined;
  /** When the last report was taken (by `now`). */
  checkedAt(): number | undefined;
  /** Polls now and returns the fresh report (and reports a change). */
  refresh(): Promise<StatusReport>;
  /** Records a report obtained elsewhere (e.g. right after a job) as the current one. */
  record(report: StatusReport): void;
}

export function createStatusMonitor(options: StatusMonitorOptions): StatusMonitor {
  const now = options.now ?? Date.now;
  let last: StatusReport | undefined;
  let lastAt: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let inFlight: Promise<StatusReport> | undefined;

  const record = (report: StatusReport) => {
    const previous = last?.state;
    last = report;
    lastAt = now();
    if (previous !== report.state) options.onChange?.(report, previous);
  };
  const refresh = () => {
    inFlight ??= queryStatus(options.transport, options.timeoutMs)
      .then((report) => {
        record(report);
        return report;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  const loop = async () => {
    if (!running) return;
    await refresh();
    if (running) timer = setTimeout(loop, options.pollMs);
  };
  return {
    start() {
      if (running) return;
      running = true;
      void loop();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await inFlight;
    },
    current: () => last,
    checkedAt: () => lastAt,
    refresh,
    record,
  };
}
