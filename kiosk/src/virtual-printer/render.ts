/**
 * Text rendering of what the virtual printer printed, for the demo and for people reading
 * test output: the paper as a box, CJK counted as two columns, inverted lines as a dark bar,
 * double-width text spaced out, QR codes drawn with block characters.
 */
import { displayWidth } from '@xz/shared/print/document';
import QRCode from 'qrcode';
import type { PrintedItem } from './parser.ts';

export interface RenderOptions {
  /** Paper width in columns. */
  readonly charsPerLine?: number;
  /** Draw QR codes (true) or show their payload only (false). */
  readonly drawQr?: boolean;
}

function place(text: string, align: 'left' | 'center' | 'right', columns: number): string {
  const gap = Math.max(0, columns - displayWidth(text));
  const left = align === 'center' ? Math.floor(gap / 2) : align === 'right' ? gap : 0;
  return ' '.repeat(left) + text + ' '.repeat(gap - left);
}

function qrLines(data: string): string[] {
  const symbol = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const size = symbol.modules.size;
  const dark = (r: number, c: number) =>
    r >= 0 && c >= 0 && r < size && c < size && symbol.modules.get(r, c) === 1;
  const lines: string[] = [];
  for (let r = -1; r < size + 1; r += 2) {
    let line = '';
    for (let c = -1; c < size + 1; c++) {
      const top = dark(r, c);
      const bottom = dark(r + 1, c);
      line += top && bottom ? '█' : top ? '▀' : bottom ? '▄' : ' ';
    }
    lines.push(line);
  }
  return lines;
}

/** The job as text lines inside a paper-width box. */
export function renderItemsText(items: readonly PrintedItem[], options: RenderOptions = {}): string {
  const columns = options.charsPerLine ?? 48;
  const out: string[] = [`┌${'─'.repeat(columns)}┐`];
  const row = (content: string) => out.push(`│${content}│`);
  for (const item of items) {
    switch (item.type) {
      case 'text': {
        const spaced = item.width > 1 ? [...item.text].join(' '.repeat(item.width - 1)) : item.text;
        const clipped = displayWidth(spaced) > columns ? spaced.slice(0, columns) : spaced;
        let line = place(clipped, item.align, columns);
        if (item.invert) line = `\u001b[7m${line}\u001b[27m`;
        if (item.bold && !item.invert) line = `\u001b[1m${line}\u001b[22m`;
        for (let i = 1; i < item.height; i++) row(' '.repeat(columns));
        row(line);
        break;
      }
      case 'qr':
        if (options.drawQr === false || displayWidth(qrLines(item.data)[0]) > columns) {
          row(place(`[QR ${item.data}]`, item.align, columns).slice(0, columns));
        } else {
          for (const line of qrLines(item.data)) row(place(line, item.align, columns));
        }
        break;
      case 'image':
        row(place(`[image ${item.widthDots}×${item.heightDots} dots]`, item.align, columns));
        break;
      case 'feed':
        for (let i = 0; i < Math.min(item.lines, 4); i++) row(' '.repeat(columns));
        break;
      default: {
        const never: never = item;
        throw new Error(`unknown item ${JSON.stringify(never)}`);
      }
    }
  }
  out.push(`└${'─'.repeat(columns)}┘`);
  return out.join('\n');
}

/** Plain text of the job without terminal escapes (for files and assertions). */
export function stripTerminalCodes(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing ANSI escapes
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
