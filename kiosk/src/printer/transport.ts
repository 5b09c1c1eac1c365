/** What the print queue and the status monitor need from a printer connection. */
export interface PrinterTransport {
  /** Writes bytes and resolves once they have left the process (drained). One writer at a time. */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * Writes a request and collects the answer: resolves with the bytes received, up to
   * `expectBytes`, or fewer (possibly none) when `timeoutMs` passes first. Requests and writes
   * never interleave.
   */
  request(bytes: Uint8Array, expectBytes: number, timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export const XZ_ERR_PRINTER_PORT = 'XZ_ERR_PRINTER_PORT';

export class PrinterPortError extends Error {
  readonly code = XZ_ERR_PRINTER_PORT;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PrinterPortError';
  }
}

/** Runs async tasks one after another, in call order. */
export function createSerialLock(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
