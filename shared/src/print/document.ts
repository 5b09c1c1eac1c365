/**
 * The printed-slip document model: what a slip says, independent of any command language.
 *
 * A document is a list of blocks. Text blocks are single printed lines that already fit the
 * paper (layouts wrap with `wrapText`), so an encoder never has to reflow text. Widths are
 * counted in printer columns: an ASCII character takes one column, a CJK character two
 * (12×24 and 24×24 dots in Font A), times the horizontal magnification.
 */

export type Align = 'left' | 'center' | 'right';

/** Character magnification, 1 (normal) to 8. */
export type Magnification = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface TextBlock {
  readonly type: 'text';
  readonly text: string;
  readonly align: Align;
  readonly bold: boolean;
  /** White on black (GS B). Layouts pad inverted lines to the full width so the bar spans the paper. */
  readonly invert: boolean;
  readonly width: Magnification;
  readonly height: Magnification;
}

export interface QrBlock {
  readonly type: 'qr';
  readonly data: string;
  readonly align: Align;
}

export interface FeedBlock {
  readonly type: 'feed';
  readonly lines: number;
}

export interface CutBlock {
  readonly type: 'cut';
}

export type PrintBlock = TextBlock | QrBlock | FeedBlock | CutBlock;

export type PrintKind = 'ticket' | 'green-slip' | 'policy-slip' | 'request-receipt' | 'test-page';

export interface PrintDoc {
  readonly kind: PrintKind;
  /** Columns per line the document was laid out for. */
  readonly charsPerLine: number;
  readonly blocks: readonly PrintBlock[];
}

/** What a layout needs to know about the paper. */
export interface PrintTarget {
  readonly charsPerLine: number;
}

export type TextStyle = Partial<Pick<TextBlock, 'align' | 'bold' | 'invert' | 'width' | 'height'>>;

/** True for East Asian Wide and Fullwidth code points (two printer columns). */
export function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0x303e) ||
    (codePoint >= 0x3041 && codePoint <= 0x33ff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0xa000 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  );
}

/** Printer columns taken by `text` at magnification 1. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}

const CLOSING = /^[，。、；：！？）】」』》〉,.;:!?)\]]$/u;
const OPEN = '（(【[「《〈『';
const CLOSE = '）)】\\]」》〉』';
/** A bracketed group, e.g. （24小时自助）: kept on one line when it fits. */
const GROUP = `[${OPEN.replace('[', '\\[')}][^${OPEN.replace('[', '\\[')}${CLOSE}\\n]{0,80}[${CLOSE}]`;
const TOKENS = new RegExp(`${GROUP}|[\\u0021-\\u007e]+|\\s+|.`, 'gsu');
const PLAIN_TOKENS = /[\u0021-\u007e]+|\s+|./gsu;

/** Pieces of a Latin run too long for a line, broken after - / _ : . , so digit runs stay whole. */
function latinPieces(run: string): string[] {
  return run.match(/[^-/_:.,]+[-/_:.,]*|[-/_:.,]+/g) ?? [run];
}

/**
 * Wraps `text` into lines of at most `columns` printer columns. Latin words, numbers and
 * bracketed groups (（24小时自助）) are kept whole where they fit; CJK text breaks between any two
 * characters; a run longer than a line breaks after a dash, slash or dot, so numbers stay whole,
 * and only a single run longer than a whole line is broken inside. No line starts with closing
 * punctuation. Existing line breaks are kept.
 */
export function wrapText(text: string, columns: number): string[] {
  if (!Number.isInteger(columns) || columns < 1) throw new RangeError(`columns must be a positive integer`);
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    const tokens: string[] = [...(paragraph.match(TOKENS) ?? [])];
    let line = '';
    let width = 0;
    const flush = () => {
      out.push(line.trimEnd());
      line = '';
      width = 0;
    };
    while (tokens.length) {
      const token = tokens.shift() as string;
      if (/^\s+$/.test(token)) {
        if (width > 0 && width < columns) {
          line += ' ';
          width += 1;
        }
        continue;
      }
      const w = displayWidth(token);
      if (width + w <= columns) {
        line += token;
        width += w;
        continue;
      }
      if (w > columns && [...token].length > 1) {
        // Too wide for any line: a bracketed group wraps as plain text, a Latin run at its breaks.
        const isGroup = OPEN.includes(token[0]) && token.length > 1 && !/^[\u0021-\u007e]+$/.test(token);
        const parts = isGroup ? (token.match(PLAIN_TOKENS) ?? [token]) : latinPieces(token);
        if (parts.length > 1) {
          tokens.unshift(...parts);
          continue;
        }
      }
      if (width > 0) {
        // No closing punctuation at the start of a line: carry the last character down with it.
        const carried = CLOSING.test(token) && [...line].length > 1 ? [...line].pop()! : '';
        line = line.slice(0, line.length - carried.length);
        flush();
        line = carried;
        width = displayWidth(carried);
        if (width + w <= columns) {
          line += token;
          width += w;
          continue;
        }
        if (width > 0) flush();
      }
      if (w <= columns) {
        line = token;
        width = w;
        continue;
      }
      for (const ch of token) {
        const cw = displayWidth(ch);
        if (width + cw > columns) flush();
        line += ch;
        width += cw;
      }
    }
    if (width > 0 || out.length === 0 || paragraph.length === 0) flush();
  }
  return out;
}

/** Pads `text` with spaces on both sides to exactly `columns` printer columns (centred). */
export function padCenter(text: string, columns: number): string {
  const gap = Math.max(0, columns - displayWidth(text));
  const left = Math.floor(gap / 2);
  return ' '.repeat(left) + text + ' '.repeat(gap - left);
}

/** One or more text blocks for `text`, wrapped to the paper at the style's magnification. */
export function textBlocks(text: string, target: PrintTarget, style: TextStyle = {}): TextBlock[] {
  const width = style.width ?? 1;
  const height = style.height ?? 1;
  const invert = style.invert ?? false;
  const columns = Math.max(1, Math.floor(target.charsPerLine / width));
  return wrapText(text, columns).map((line) => ({
    type: 'text',
    text: invert ? padCenter(line, columns) : line,
    align: style.align ?? 'left',
    bold: style.bold ?? false,
    invert,
    width,
    height,
  }));
}

/** A horizontal rule across the paper. */
export function ruleBlock(target: PrintTarget, char = '-'): TextBlock {
  return {
    type: 'text',
    text: char.repeat(target.charsPerLine),
    align: 'left',
    bold: false,
    invert: false,
    width: 1,
    height: 1,
  };
}

/** "label  value" with the value pushed to the right edge; wraps when both do not fit. */
export function labelValueBlocks(label: string, value: string, target: PrintTarget): TextBlock[] {
  const gap = target.charsPerLine - displayWidth(label) - displayWidth(value);
  if (gap >= 1) return textBlocks(label + ' '.repeat(gap) + value, target);
  return [...textBlocks(label, target), ...textBlocks(value, target, { align: 'right' })];
}

/** Plain text of a document, one string per text line; QR codes appear as `[QR data]`. */
export function documentText(doc: PrintDoc): string[] {
  const lines: string[] = [];
  for (const block of doc.blocks) {
    switch (block.type) {
      case 'text':
        lines.push(block.text);
        break;
      case 'qr':
        lines.push(`[QR ${block.data}]`);
        break;
      case 'feed':
      case 'cut':
        break;
      default: {
        const never: never = block;
        throw new Error(`unknown block ${JSON.stringify(never)}`);
      }
    }
  }
  return lines;
}
