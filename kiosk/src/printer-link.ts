/**
 * The agent's connection to its printer's serial port that survives the port being absent or
 * unplugged: while closed, writes fail and status requests get no answer (the printer reads as
 * offline), and the port is opened again on the next use after a short pause.
 */
import type { PrinterProfile } from '@xz/firmware-config/schemas';
import { openSerialTransport, type SerialTransport } from './printer/serial.ts';
import { PrinterPortError, type PrinterTransport } from './printer/transport.ts';

const REOPEN_AFTER_MS = 3000;

export function createPrinterLink(path: string, profile: PrinterProfile): PrinterTransport {
  let port: SerialTransport | undefined;
  let opening: Promise<SerialTransport | undefined> | undefined;
  let lastTry = 0;
  let closed = false;

  async function current(): Promise<SerialTransport | undefined> {
    if (closed) return undefined;
    if (port?.isOpen()) return port;
    if (opening) return opening;
    if (Date.now() - lastTry < REOPEN_AFTER_MS) return undefined;
    lastTry = Date.now();
    opening = openSerialTransport({ path, profile })
      .then((p) => {
        port = p;
        return p;
      })
      .catch(() => undefined)
      .finally(() => {
        opening = undefined;
      });
    return opening;
  }

  return {
    async write(bytes) {
      const p = await current();
      if (!p) throw new PrinterPortError(`${path} is not open`);
      await p.write(bytes);
    },
    async request(bytes, expectBytes, timeoutMs) {
      const p = await current();
      if (!p) {
        await new Promise((r) => setTimeout(r, Math.min(timeoutMs, 200)));
        return new Uint8Array();
      }
      return p.request(bytes, expectBytes, timeoutMs);
    },
    async close() {
      closed = true;
      await port?.close();
    },
  };
}
