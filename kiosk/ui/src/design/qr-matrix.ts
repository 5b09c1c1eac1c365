/**
 * QR code matrix from the `qrcode` package's core encoder only (no canvas or string renderers),
 * drawn by xz-qr as one SVG path. Runs locally: no network.
 */
// @ts-expect-error: the core module ships without its own declaration file
import { create } from 'qrcode/lib/core/qrcode.js';

interface QrCore {
  modules: { size: number; data: Uint8Array };
}

/** The modules of a QR code for `text` (error correction M), as an SVG path in module units. */
export function qrPath(text: string): { size: number; d: string } {
  const qr = (create as (t: string, o: object) => QrCore)(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  let d = '';
  for (let y = 0; y < size; y++) {
    let run = 0;
    for (let x = 0; x <= size; x++) {
      const dark = x < size && data[y * size + x] === 1;
      if (dark) run++;
      else if (run) {
        d += `M${x - run} ${y}h${run}v1h-${run}z`;
        run = 0;
      }
    }
  }
  return { size, d };
}
