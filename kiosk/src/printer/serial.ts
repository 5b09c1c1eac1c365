/**
 * Serial transport to an ESC/POS printer through `serialport`: baud rate and flow control
 * from the printer profile, one writer at a time, every write drained before it resolves.
 */
import type { PrinterProfile } from '@xz/firmware-config/schemas';
import { SerialPort } from 'serialport';
import { createSerialLock, PrinterPortError, type PrinterTransport } from './transport.ts';

export interface SerialTransportOptions {
  /** Device path, e.g. /dev/xz-printer or the virtual printer's pty link. */
  readonly path: string;
  readonly profile: Pick<PrinterProfile, 'baudRate' | 'flowControl'>;
}

export interface SerialTransport extends PrinterTransport {
  readonly path: string;
  /** True while the port is open. */
  isOpen(): boolean;
}

/** Opens the serial port; rejects with PrinterPortError when it cannot be opened. */
export async function openSerialTransport(options: SerialTransportOptions): Promise<SerialTransport> {
  const port = new SerialPort({
    path: options.path,
    baudRate: options.profile.baudRate,
    rtscts: options.profile.flowControl === 'rtscts',
    hupcl: false,
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) =>
    port.open((err) =>
      err
        ? reject(new PrinterPortError(`cannot open ${options.path}: ${err.message}`, { cause: err }))
        : resolve(),
    ),
  );
  // Errors surface through write/request; keep the emitter from throwing.
  port.on('error', () => undefined);

  const exclusive = createSerialLock();
  let received: number[] = [];
  let onData: (() => void) | undefined;
  port.on('data', (chunk: Buffer) => {
    for (const byte of chunk) received.push(byte);
    onData?.();
  });

  const writeNow = (bytes: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      if (!port.isOpen) {
        reject(new PrinterPortError(`${options.path} is closed`));
        return;
      }
      port.write(Buffer.from(bytes), (err) => {
        if (err)
          reject(new PrinterPortError(`write to ${options.path} failed: ${err.message}`, { cause: err }));
      });
      port.drain((err) =>
        err
          ? reject(new PrinterPortError(`drain on ${options.path} failed: ${err.message}`, { cause: err }))
          : resolve(),
      );
    });

  return {
    path: options.path,
    isOpen: () => port.isOpen,
    write: (bytes) => exclusive(() => writeNow(bytes)),
    request: (bytes, expectBytes, timeoutMs) =>
      exclusive(async () => {
        received = [];
        await writeNow(bytes);
        if (received.length < expectBytes) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, timeoutMs);
            function done() {
              clearTimeout(timer);
              onData = undefined;
              resolve();
            }
            onData = () => {
              if (received.length >= expectBytes) done();
            };
          });
        }
        const answer = Uint8Array.from(received.slice(0, expectBytes));
        received = [];
        return answer;
      }),
    close: () =>
      exclusive(
        () =>
          new Promise<void>((resolve) => {
            if (!port.isOpen) resolve();
            else port.close(() => resolve());
          }),
      ),
  };
}
