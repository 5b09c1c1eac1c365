import { loadProfile } from '@xz/firmware-config/config';
import type { PrintDoc } from '@xz/shared/print/document';
import { describe, expect, it } from 'vitest';
import {
  encodeDocument,
  encodePrintRequest,
  qrCommand,
  STATUS_QUERY_ALL,
  statusRequest,
  textBytes,
  XZ_ERR_PRINT_JOB_TOO_LARGE,
} from './encoder.ts';

const g80 = loadProfile('generic-80');
const g58 = loadProfile('generic-58');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const doc = (blocks: PrintDoc['blocks']): PrintDoc => ({ kind: 'ticket', charsPerLine: 48, blocks });
const text = (t: string, extra: object = {}) => ({
  type: 'text' as const,
  text: t,
  align: 'left' as const,
  bold: false,
  invert: false,
  width: 1 as const,
  height: 1 as const,
  ...extra,
});

describe('ESC/POS encoding', () => {
  it('starts with ESC @ and ends a job with GS V per the profile cutter', () => {
    const full = encodeDocument(doc([text('hi'), { type: 'cut' }]), g80);
    expect(hex(full)).toBe('1b40' + '68690a' + '1d5600');
    const partial = encodeDocument(doc([{ type: 'cut' }]), loadProfile('epson-tm-t88'));
    expect(hex(partial)).toBe('1b40' + '1d5601');
    // 58 mm profile has no cutter: no GS V at all.
    expect(hex(encodeDocument(doc([{ type: 'feed', lines: 3 }, { type: 'cut' }]), g58))).toBe(
      '1b40' + '1b6403',
    );
  });

  it('writes Chinese as FS & + GB18030 bytes + FS .', () => {
    // 企业开办 in GB18030 (GB2312 range): C6F3 D2B5 BFAA B0EC.
    expect(hex(textBytes('企业开办'))).toBe('1c26' + 'c6f3d2b5bfaab0ec' + '1c2e');
    // A character outside GB2312 takes GB18030's four-byte form: 𠀀 U+20000 → 95 32 82 36.
    expect(hex(textBytes('𠀀'))).toBe('1c26' + '95328236' + '1c2e');
    expect(hex(textBytes('A001'))).toBe('41303031');
    // Control characters never reach the printer as commands.
    expect(hex(textBytes('a\u001b@b'))).toBe('61204062');
  });

  it('builds GS ( k with byte lengths (pL pH = UTF-8 bytes + 3)', () => {
    const url = 'https://x.cn/t/A001';
    expect(hex(qrCommand(url, g80.qr))).toBe(
      '1d286b0400314132001d286b0300314306' +
        '1d286b0300314531' +
        `1d286b${(url.length + 3).toString(16).padStart(2, '0')}00315030${Buffer.from(url).toString('hex')}` +
        '1d286b0300315130',
    );
    // Non-ASCII data: lengths count bytes (6 for 二维), not characters (2).
    const cmd = Buffer.from(qrCommand('二维', g80.qr));
    const store = cmd.indexOf(Buffer.from('1d286b', 'hex'), 24);
    expect([...cmd.subarray(store + 3, store + 5)]).toEqual([6 + 3, 0]);
    const long = 'x'.repeat(300);
    const longCmd = Buffer.from(qrCommand(long, g80.qr));
    const at = longCmd.indexOf(Buffer.from('1d286b', 'hex'), 24);
    expect([...longCmd.subarray(at + 3, at + 5)]).toEqual([303 & 0xff, 303 >> 8]);
  });

  it('sets double size with GS ! 0x11 and back with GS ! 0x00; width is the high nibble', () => {
    const bytes = encodeDocument(doc([text('A001', { width: 2, height: 2 }), text('x')]), g80);
    expect(hex(bytes)).toBe('1b40' + '1d2111' + '413030310a' + '1d2100' + '780a');
    const wide = encodeDocument(doc([text('W', { width: 2, height: 1 })]), g80);
    expect(hex(wide)).toContain('1d2110');
  });

  it('uses ESC a, ESC E and GS B for alignment, bold and inversion, only when they change', () => {
    const bytes = encodeDocument(
      doc([
        text('a', { align: 'center', bold: true }),
        text('b', { align: 'center', bold: true, invert: true }),
      ]),
      g80,
    );
    expect(hex(bytes)).toBe('1b40' + '1b6101' + '1b4501' + '610a' + '1d4201' + '620a');
  });

  it('asks for status with DLE EOT n', () => {
    expect(hex(statusRequest(4))).toBe('100404');
    expect(hex(STATUS_QUERY_ALL)).toBe('100401100402100403100404');
  });

  it('keeps a Chinese ticket with a native QR under 1 KB on both paper widths', () => {
    const request = {
      kind: 'ticket' as const,
      lang: 'zh' as const,
      data: {
        number: 'J123',
        service: { zh: '综合受理（一窗通办）', en: 'General intake (one window)' },
        issuedAt: '2026-03-02 09:15',
        ahead: 27,
        waitMinutes: { min: 35, max: 60 },
        counters: '1-3',
        statusUrl: 'https://hub.example.cn/t/xhd-lingzhu-01/2026-03-02/J123',
        station: {
          zh: '西海岸新区灵珠山街道营商环境服务小站（24小时自助）',
          en: 'Lingzhushan Street business service station, West Coast New Area (24-hour self-service)',
        },
      },
    };
    for (const profile of [g80, g58]) {
      const bytes = encodePrintRequest(request, profile, { reprint: true });
      expect(bytes.length).toBeLessThan(1024);
      expect(bytes.includes(Buffer.from('1d286b', 'hex'))).toBe(true);
      expect(bytes.includes(Buffer.from('1c26', 'hex'))).toBe(true);
    }
  });

  it('refuses a job larger than the profile allows', () => {
    const blocks = Array.from({ length: 200 }, () => text('企业开办企业开办企业开办企业开办'));
    expect(() => encodeDocument(doc(blocks), g58)).toThrowError(
      expect.objectContaining({ code: XZ_ERR_PRINT_JOB_TOO_LARGE }),
    );
  });

  it('falls back to a raster QR (GS v 0) for a printer without GS ( k', () => {
    const noQr = { ...g80, qr: { ...g80.qr, native: false, moduleSize: 4 } };
    const bytes = encodeDocument(doc([{ type: 'qr', data: 'https://x.cn/1', align: 'center' }]), noQr);
    expect(hex(bytes.subarray(0, 5))).toBe('1b401b6101');
    expect(bytes.includes(Buffer.from('1d7630', 'hex'))).toBe(true);
    expect(bytes.includes(Buffer.from('1d286b', 'hex'))).toBe(false);
  });
});
