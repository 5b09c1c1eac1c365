/**
 * PrintDoc → ESC/POS bytes for one printer profile.
 *
 * node-thermal-printer supplies the mode commands it gets right (ESC @, ESC a, ESC E, GS B,
 * GS !). The rest is built here, because the library gets it wrong for this printer class:
 * Chinese text is FS & + GB18030 + FS . (its CHINA code page emits GB2312 through ESC R), a QR
 * code's GS ( k length counts bytes, not UTF-16 units, and the cut must not be followed by the
 * ESC @ the library appends.
 */
import type { PrinterProfile } from '@xz/firmware-config/schemas';
import type { PrintBlock, PrintDoc } from '@xz/shared/print/document';
import { layoutPrintRequest } from '@xz/shared/print/layouts';
import type { PrintRequest } from '@xz/shared/print/schemas';
import iconv from 'iconv-lite';
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import QRCode from 'qrcode';

export const XZ_ERR_PRINT_JOB_TOO_LARGE = 'XZ_ERR_PRINT_JOB_TOO_LARGE';
export const XZ_ERR_PRINT_QR_TOO_LONG = 'XZ_ERR_PRINT_QR_TOO_LONG';

export class PrintEncodeError extends Error {
  readonly code: typeof XZ_ERR_PRINT_JOB_TOO_LARGE | typeof XZ_ERR_PRINT_QR_TOO_LONG;
  constructor(code: PrintEncodeError['code'], message: string) {
    super(message);
    this.name = 'PrintEncodeError';
    this.code = code;
  }
}

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const EOT = 0x04;

/** ESC @: initialise the printer. */
export const INIT = Uint8Array.of(ESC, 0x40);
/** FS &: select Kanji (here GB18030) character mode. */
export const KANJI_ON = Uint8Array.of(FS, 0x26);
/** FS .: cancel Kanji character mode. */
export const KANJI_OFF = Uint8Array.of(FS, 0x2e);

/** DLE EOT n: real-time status request (1 printer, 2 offline cause, 3 error cause, 4 paper sensor). */
export function statusRequest(n: 1 | 2 | 3 | 4): Uint8Array {
  return Uint8Array.of(DLE, EOT, n);
}

/** The four DLE EOT requests in one write; the printer answers four bytes, in order. */
export const STATUS_QUERY_ALL = Uint8Array.of(DLE, EOT, 1, DLE, EOT, 2, DLE, EOT, 3, DLE, EOT, 4);

/** GS V: cut (0 full, 1 partial). */
export function cutCommand(kind: 'full' | 'partial'): Uint8Array {
  return Uint8Array.of(GS, 0x56, kind === 'full' ? 0x00 : 0x01);
}

/** ESC d n: print and feed n lines. */
export function feedCommand(lines: number): Uint8Array {
  return Uint8Array.of(ESC, 0x64, Math.max(0, Math.min(255, Math.trunc(lines))));
}

const MAX_QR_BYTES = 700;

function gsK(cn: number, fn: number, params: ArrayLike<number>): Uint8Array {
  const len = params.length + 2;
  return Uint8Array.of(GS, 0x28, 0x6b, len & 0xff, (len >> 8) & 0xff, cn, fn, ...Array.from(params));
}

/**
 * GS ( k sequence for a native QR code: model, module size, error correction, store
 * (pL pH = byte length + 3), print.
 */
export function qrCommand(data: string, qr: PrinterProfile['qr']): Uint8Array {
  const bytes = Buffer.from(data, 'utf8');
  if (bytes.length === 0 || bytes.length > MAX_QR_BYTES) {
    throw new PrintEncodeError(
      XZ_ERR_PRINT_QR_TOO_LONG,
      `QR data is ${bytes.length} bytes (1-${MAX_QR_BYTES})`,
    );
  }
  const ec = { L: 48, M: 49, Q: 50, H: 51 }[qr.errorCorrection];
  const store = bytes.length + 3;
  return Buffer.concat([
    gsK(0x31, 0x41, [qr.model === 1 ? 49 : 50, 0]),
    gsK(0x31, 0x43, [qr.moduleSize]),
    gsK(0x31, 0x45, [ec]),
    Uint8Array.of(GS, 0x28, 0x6b, store & 0xff, (store >> 8) & 0xff, 0x31, 0x50, 0x30),
    bytes,
    gsK(0x31, 0x51, [0x30]),
  ]);
}

/** A QR code as a raster image (GS v 0), for printers without GS ( k. */
export function qrRasterCommand(data: string, profile: PrinterProfile): Uint8Array {
  const bytes = Buffer.from(data, 'utf8');
  if (bytes.length === 0 || bytes.length > MAX_QR_BYTES) {
    throw new PrintEncodeError(
      XZ_ERR_PRINT_QR_TOO_LONG,
      `QR data is ${bytes.length} bytes (1-${MAX_QR_BYTES})`,
    );
  }
  const symbol = QRCode.create(data, { errorCorrectionLevel: profile.qr.errorCorrection });
  const quiet = 4;
  const modules = symbol.modules.size + quiet * 2;
  const scale = Math.max(1, Math.min(profile.qr.moduleSize, Math.floor(profile.dotsPerLine / modules)));
  const dots = modules * scale;
  const rowBytes = Math.ceil(dots / 8);
  const image = Buffer.alloc(rowBytes * dots);
  for (let y = 0; y < dots; y++) {
    const my = Math.floor(y / scale) - quiet;
    for (let x = 0; x < dots; x++) {
      const mx = Math.floor(x / scale) - quiet;
      const inside = mx >= 0 && my >= 0 && mx < symbol.modules.size && my < symbol.modules.size;
      if (inside && symbol.modules.get(my, mx)) image[y * rowBytes + (x >> 3)] |= 0x80 >> (x & 7);
    }
  }
  return Buffer.concat([
    Uint8Array.of(GS, 0x76, 0x30, 0, rowBytes & 0xff, rowBytes >> 8, dots & 0xff, dots >> 8),
    image,
  ]);
}

/** Text bytes: ASCII as is; anything else inside FS & … FS . as GB18030. Control characters become spaces. */
export function textBytes(text: string): Uint8Array {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters must never reach the printer
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  if (/^[\u0020-\u007e]*$/.test(clean)) return Buffer.from(clean, 'ascii');
  return Buffer.concat([KANJI_ON, iconv.encode(clean, 'gb18030'), KANJI_OFF]);
}

type Mode = { align: string; bold: boolean; invert: boolean; width: number; height: number };

/** A fresh node-thermal-printer used only as a byte builder (never executes). */
function byteBuilder(profile: PrinterProfile): ThermalPrinter {
  return new ThermalPrinter({
    type: PrinterTypes.EPSON,
    width: profile.charsPerLine,
    // Never used: bytes leave through the print queue's transport.
    interface: {
      execute: async () => {
        throw new Error('the encoder never executes');
      },
      isPrinterConnected: async () => false,
    } as unknown as string,
  });
}

function applyMode(printer: ThermalPrinter, current: Mode, wanted: Mode): void {
  if (wanted.align !== current.align) {
    if (wanted.align === 'center') printer.alignCenter();
    else if (wanted.align === 'right') printer.alignRight();
    else printer.alignLeft();
  }
  if (wanted.bold !== current.bold) printer.bold(wanted.bold);
  if (wanted.invert !== current.invert) printer.invert(wanted.invert);
  if (wanted.width !== current.width || wanted.height !== current.height) {
    // node-thermal-printer's setTextSize(a, b) writes GS ! with a in the high nibble, which the
    // Epson spec defines as the width (bits 4-7) and b as the height (bits 0-3).
    printer.setTextSize(wanted.width - 1, wanted.height - 1);
  }
  Object.assign(current, wanted);
}

/** ESC/POS bytes of a document for a profile. Throws PrintEncodeError when over profile.maxJobBytes. */
export function encodeDocument(doc: PrintDoc, profile: PrinterProfile): Buffer {
  const printer = byteBuilder(profile);
  printer.add(Buffer.from(INIT));
  const mode: Mode = { align: 'left', bold: false, invert: false, width: 1, height: 1 };
  const encodeBlock = (block: PrintBlock) => {
    switch (block.type) {
      case 'text': {
        applyMode(printer, mode, {
          align: block.align,
          bold: block.bold,
          invert: block.invert,
          width: block.width,
          height: block.height,
        });
        // Inverted lines keep their padding: it is the black bar.
        printer.add(Buffer.from(textBytes(block.invert ? block.text : block.text.trimEnd())));
        printer.newLine();
        return;
      }
      case 'qr':
        applyMode(printer, mode, { ...mode, align: block.align, invert: false });
        printer.add(
          Buffer.from(
            profile.qr.native ? qrCommand(block.data, profile.qr) : qrRasterCommand(block.data, profile),
          ),
        );
        return;
      case 'feed':
        printer.add(Buffer.from(feedCommand(block.lines)));
        return;
      case 'cut':
        if (profile.cutter !== 'none') printer.add(Buffer.from(cutCommand(profile.cutter)));
        return;
      default: {
        const never: never = block;
        throw new Error(`unknown block ${JSON.stringify(never)}`);
      }
    }
  };
  for (const block of doc.blocks) encodeBlock(block);
  const bytes = printer.getBuffer();
  if (bytes.length > profile.maxJobBytes) {
    throw new PrintEncodeError(
      XZ_ERR_PRINT_JOB_TOO_LARGE,
      `${doc.kind} is ${bytes.length} bytes, profile ${profile.id} takes at most ${profile.maxJobBytes}`,
    );
  }
  return bytes;
}

/** Lays out and encodes a print request; `reprint` adds the 补打/REPRINT mark. */
export function encodePrintRequest(
  request: PrintRequest,
  profile: PrinterProfile,
  options: { reprint?: boolean } = {},
): Buffer {
  return encodeDocument(layoutPrintRequest(request, profile, options), profile);
}
