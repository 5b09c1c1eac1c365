/**
 * A streaming ESC/POS parser: the brain of the virtual printer. Bytes go in as they arrive (in
 * chunks of any size); out come status requests (to be answered at once) and finished jobs.
 * A job ends at a cut (GS V), or at ESC @ / idle time when something was printed without a cut.
 * Status requests are not part of a job's bytes.
 */
import iconv from 'iconv-lite';

export type PrintedAlign = 'left' | 'center' | 'right';

export type PrintedItem =
  | {
      readonly type: 'text';
      readonly text: string;
      readonly align: PrintedAlign;
      readonly bold: boolean;
      readonly invert: boolean;
      readonly width: number;
      readonly height: number;
    }
  | { readonly type: 'qr'; readonly data: string; readonly align: PrintedAlign; readonly moduleSize: number }
  | {
      readonly type: 'image';
      readonly widthDots: number;
      readonly heightDots: number;
      readonly align: PrintedAlign;
    }
  | { readonly type: 'feed'; readonly lines: number };

export interface ParsedJob {
  /** The job's bytes as received (status requests excluded). */
  readonly bytes: Buffer;
  readonly items: readonly PrintedItem[];
  /** Payloads of the QR codes printed, in order. */
  readonly qr: readonly string[];
  readonly cut: 'full' | 'partial' | 'none';
  /** Commands the device did not know, as hex, for diagnosis. */
  readonly unknown: readonly string[];
}

export interface EscPosParserEvents {
  /** DLE EOT n (n = 1..4). */
  onStatusRequest(n: number): void;
  /** GS r n (transmit status, n = 1 paper sensor, 2 drawer). */
  onTransmitStatus?(n: number): void;
  onJob(job: ParsedJob): void;
}

export interface EscPosParser {
  feed(chunk: Uint8Array): void;
  /** Ends the current job if anything was printed in it (used on idle). Returns whether it did. */
  flush(): boolean;
}

interface Style {
  align: PrintedAlign;
  bold: boolean;
  invert: boolean;
  width: number;
  height: number;
}

const initialStyle = (): Style => ({ align: 'left', bold: false, invert: false, width: 1, height: 1 });

const alignOf = (n: number): PrintedAlign =>
  n === 1 || n === 49 ? 'center' : n === 2 || n === 50 ? 'right' : 'left';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** Bytes a command needs at `i` (including the command bytes), or 0 if more must arrive first. */
type Need = number;

export function createEscPosParser(events: EscPosParserEvents): EscPosParser {
  let pending = Buffer.alloc(0);
  let jobBytes: Buffer[] = [];
  let items: PrintedItem[] = [];
  let qr: string[] = [];
  let unknown: string[] = [];
  let style = initialStyle();
  let kanji = false;
  let segments: { kanji: boolean; bytes: number[] }[] = [];
  let lineStyle: Style | undefined;
  let qrStore = '';
  let qrModuleSize = 3;

  const hasText = () => segments.some((s) => s.bytes.length > 0);
  const addText = (byte: number) => {
    if (!lineStyle) lineStyle = { ...style };
    const last = segments.at(-1);
    if (last && last.kanji === kanji) last.bytes.push(byte);
    else segments.push({ kanji, bytes: [byte] });
  };
  const commitLine = (force: boolean) => {
    if (!force && !hasText()) return;
    const text = segments
      .map((s) =>
        s.kanji
          ? iconv.decode(Buffer.from(s.bytes), 'gb18030')
          : Buffer.from(s.bytes.map((b) => (b < 0x80 ? b : 0x3f))).toString('latin1'),
      )
      .join('');
    const st = lineStyle ?? style;
    items.push({ type: 'text', text, ...st });
    segments = [];
    lineStyle = undefined;
  };
  const printedSomething = () => items.length > 0 || hasText();
  const endJob = (cut: ParsedJob['cut']) => {
    commitLine(false);
    const job: ParsedJob = { bytes: Buffer.concat(jobBytes), items, qr, cut, unknown };
    jobBytes = [];
    items = [];
    qr = [];
    unknown = [];
    events.onJob(job);
  };

  /** Parses one command at the start of `buf`; returns bytes consumed, or 0 when incomplete. */
  const step = (buf: Buffer): Need => {
    const b0 = buf[0];
    const need = (n: number) => (buf.length >= n ? n : 0);
    if (b0 === 0x0a) {
      commitLine(true);
      return 1;
    }
    if (b0 === 0x0d) return 1;
    if (b0 === 0x09) {
      addText(0x20);
      return 1;
    }
    if (b0 === 0x10) {
      if (buf.length < 2) return 0;
      if (buf[1] === 0x04) return need(3);
      if (buf[1] === 0x14) return need(5);
      unknown.push(hex(buf.subarray(0, 2)));
      return 2;
    }
    if (b0 === 0x1b) {
      if (buf.length < 2) return 0;
      const c = buf[1];
      switch (c) {
        case 0x40: // ESC @
          return 2;
        case 0x32: // ESC 2
        case 0x3c:
          return 2;
        case 0x70: // ESC p m t1 t2
          return need(5);
        case 0x24: // ESC $ nL nH
        case 0x42: // ESC B n t
          return need(4);
        case 0x63: // ESC c 3/4/5 n
          return need(4);
        case 0x2a: {
          // ESC * m nL nH d…
          if (buf.length < 5) return 0;
          const dots = buf[3] + buf[4] * 256;
          return need(5 + dots * (buf[2] < 2 ? 1 : 3));
        }
        default:
          // ESC a/E/!/d/-/3/R/t/M/G/J/V/{/SP/U n: three bytes.
          if ('aE!d-3RtMGJV{ UrS'.includes(String.fromCharCode(c))) return need(3);
          unknown.push(hex(buf.subarray(0, 2)));
          return 2;
      }
    }
    if (b0 === 0x1d) {
      if (buf.length < 2) return 0;
      const c = buf[1];
      if (c === 0x56) {
        if (buf.length < 3) return 0;
        return [0x41, 0x42, 0x61, 0x62, 0x67, 0x68].includes(buf[2]) ? need(4) : 3;
      }
      if (c === 0x28) {
        if (buf.length < 5) return 0;
        return need(5 + buf[3] + buf[4] * 256);
      }
      if (c === 0x76) {
        if (buf.length < 8) return 0;
        return need(8 + (buf[4] + buf[5] * 256) * (buf[6] + buf[7] * 256));
      }
      if (c === 0x6b) {
        if (buf.length < 3) return 0;
        if (buf[2] >= 65) return buf.length < 4 ? 0 : need(4 + buf[3]);
        const end = buf.indexOf(0, 3);
        return end < 0 ? 0 : end + 1;
      }
      if (c === 0x4c || c === 0x57 || c === 0x50 || c === 0x24 || c === 0x5c) return need(4);
      if ('!BHfhwarIb'.includes(String.fromCharCode(c))) return need(3);
      unknown.push(hex(buf.subarray(0, 2)));
      return 2;
    }
    if (b0 === 0x1c) {
      if (buf.length < 2) return 0;
      const c = buf[1];
      if (c === 0x26 || c === 0x2e) return 2;
      if (c === 0x53 || c === 0x70) return need(4);
      if ('!CW-'.includes(String.fromCharCode(c))) return need(3);
      unknown.push(hex(buf.subarray(0, 2)));
      return 2;
    }
    if (b0 < 0x20 || b0 === 0x7f) {
      unknown.push(hex(buf.subarray(0, 1)));
      return 1;
    }
    let run = 1;
    while (run < buf.length && buf[run] >= 0x20 && buf[run] !== 0x7f) run++;
    return run;
  };

  /** Carries out a complete command (its bytes in `cmd`). */
  const apply = (cmd: Buffer) => {
    const b0 = cmd[0];
    if (b0 === 0x10) {
      if (cmd[1] === 0x04) events.onStatusRequest(cmd[2]);
      return;
    }
    jobBytes.push(cmd);
    if (b0 === 0x0a || b0 === 0x0d || b0 === 0x09) return;
    if (b0 === 0x1b) {
      const n = cmd[2];
      switch (cmd[1]) {
        case 0x40:
          if (printedSomething()) {
            // A new job started without a cut: the previous one is complete.
            jobBytes.pop();
            endJob('none');
            jobBytes.push(cmd);
          }
          style = initialStyle();
          kanji = false;
          return;
        case 0x61:
          style.align = alignOf(n);
          return;
        case 0x45:
          style.bold = (n & 1) === 1;
          return;
        case 0x21:
          style.bold = (n & 0x08) !== 0;
          style.height = n & 0x10 ? 2 : 1;
          style.width = n & 0x20 ? 2 : 1;
          return;
        case 0x64:
          commitLine(false);
          items.push({ type: 'feed', lines: n });
          return;
        default:
          return;
      }
    }
    if (b0 === 0x1d) {
      switch (cmd[1]) {
        case 0x21:
          style.width = (cmd[2] >> 4) + 1;
          style.height = (cmd[2] & 0x0f) + 1;
          return;
        case 0x42:
          style.invert = (cmd[2] & 1) === 1;
          return;
        case 0x56: {
          const m = cmd[2];
          endJob(m === 0 || m === 48 || m === 0x41 || m === 0x61 ? 'full' : 'partial');
          return;
        }
        case 0x28:
          if (cmd[2] === 0x6b && cmd[5] === 0x31) {
            const fn = cmd[6];
            if (fn === 0x50) qrStore = iconv.decode(cmd.subarray(8), 'utf8');
            if (fn === 0x43) qrModuleSize = cmd[7];
            if (fn === 0x51) {
              commitLine(false);
              items.push({ type: 'qr', data: qrStore, align: style.align, moduleSize: qrModuleSize });
              qr.push(qrStore);
            }
          }
          return;
        case 0x76:
          commitLine(false);
          items.push({
            type: 'image',
            widthDots: (cmd[4] + cmd[5] * 256) * 8,
            heightDots: cmd[6] + cmd[7] * 256,
            align: style.align,
          });
          return;
        case 0x72:
          events.onTransmitStatus?.(cmd[2]);
          jobBytes.pop();
          return;
        default:
          return;
      }
    }
    if (b0 === 0x1c) {
      if (cmd[1] === 0x26) kanji = true;
      if (cmd[1] === 0x2e) kanji = false;
      return;
    }
    if (b0 >= 0x20 && b0 !== 0x7f) for (const byte of cmd) addText(byte);
  };

  return {
    feed(chunk) {
      pending = pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([pending, chunk]);
      let offset = 0;
      while (offset < pending.length) {
        const rest = pending.subarray(offset);
        const used = step(rest);
        if (used === 0) break;
        apply(Buffer.from(rest.subarray(0, used)));
        offset += used;
      }
      pending = Buffer.from(pending.subarray(offset));
    },
    flush() {
      if (!printedSomething()) return false;
      endJob('none');
      return true;
    },
  };
}
