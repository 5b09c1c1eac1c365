import { describe, expect, it } from 'vitest';
import { displayWidth, documentText } from './document.ts';
import {
  GREEN_CHANNEL_MARK,
  greenSlipLayout,
  layoutPrintRequest,
  policySlipLayout,
  REPRINT_MARK,
  requestReceiptLayout,
  testPageLayout,
  ticketLayout,
} from './layouts.ts';
import { checkPrintRequest, type TicketPrintInput } from './schemas.ts';

const ticket: TicketPrintInput = {
  number: 'A001',
  service: { zh: '企业开办', en: 'Business registration' },
  issuedAt: '2026-03-02 09:15',
  ahead: 3,
  waitMinutes: { min: 10, max: 20 },
  counters: '1-3',
  statusUrl: 'https://hub.example.cn/t/xhd-lingzhu-01/A001',
  station: { zh: '灵珠山街道营商环境服务小站', en: 'Lingzhushan service station' },
};
const w80 = { charsPerLine: 48 };
const w58 = { charsPerLine: 32 };

describe('ticketLayout', () => {
  it('shows number double size, service, time, ahead, wait range, counters and a QR to the status page', () => {
    const doc = ticketLayout(ticket, 'zh', w80);
    const number = doc.blocks.find((b) => b.type === 'text' && b.text === 'A001');
    expect(number).toMatchObject({ width: 2, height: 2, bold: true, align: 'center' });
    const text = documentText(doc).join('\n');
    for (const part of ['企业开办', '2026-03-02 09:15', '3 人', '10-20 分钟', '1-3 号窗口']) {
      expect(text).toContain(part);
    }
    expect(doc.blocks.filter((b) => b.type === 'qr')).toEqual([
      { type: 'qr', data: ticket.statusUrl, align: 'center' },
    ]);
    expect(doc.blocks.at(-1)).toEqual({ type: 'cut' });
    expect(text).not.toContain('REPRINT');
  });

  it('prints English labels in English and fits 58 mm paper', () => {
    const doc = ticketLayout(ticket, 'en', w58);
    const text = documentText(doc);
    expect(text.join('\n')).toContain('10-20 min');
    for (const block of doc.blocks) {
      if (block.type === 'text') expect(displayWidth(block.text) * block.width).toBeLessThanOrEqual(32);
    }
  });

  it('marks a reprint with 补打/REPRINT and keeps the number', () => {
    const doc = layoutPrintRequest({ kind: 'ticket', lang: 'zh', data: ticket }, w80, { reprint: true });
    const text = documentText(doc).map((l) => l.trim());
    expect(text).toContain(REPRINT_MARK);
    expect(text).toContain('A001');
  });
});

describe('other slips', () => {
  it('green slip has an inverted GREEN CHANNEL bar and the reason code', () => {
    const doc = greenSlipLayout(
      { ...ticket, reason: { code: 'ELDERLY', zh: '老年人（65岁以上）', en: 'Senior citizen (65+)' } },
      'zh',
      w80,
    );
    const bar = doc.blocks.find((b) => b.type === 'text' && b.text.includes(GREEN_CHANNEL_MARK));
    expect(bar).toMatchObject({ invert: true });
    expect(documentText(doc).join('\n')).toContain('(ELDERLY)');
  });

  it('policy slip carries title, facts and QR; request receipt its number and tracking QR', () => {
    const policy = policySlipLayout(
      {
        title: '小微企业房租补贴',
        facts: [{ label: '申报截止', value: '2026-06-30' }],
        url: 'https://hub.example.cn/p/42',
        printedAt: '2026-03-02 09:15',
        station: ticket.station,
      },
      'zh',
      w80,
    );
    expect(documentText(policy).join('\n')).toMatch(/小微企业房租补贴[\s\S]*申报截止[\s\S]*2026-06-30/);
    const receipt = requestReceiptLayout(
      {
        requestNumber: 'R20260302-0007',
        submittedAt: '2026-03-02 09:15',
        trackUrl: 'https://hub.example.cn/r/R20260302-0007',
        station: ticket.station,
      },
      'en',
      w80,
    );
    expect(documentText(receipt)).toContain('[QR https://hub.example.cn/r/R20260302-0007]');
  });

  it('test page names the profile and has a full-width ruler', () => {
    const doc = testPageLayout(
      {
        profile: {
          id: 'generic-58',
          model: 'm',
          paperWidthMm: 58,
          charsPerLine: 32,
          codePage: 'gb18030',
          baudRate: 9600,
          flowControl: 'none',
          qrNative: true,
          cutter: 'none',
        },
        printedAt: '2026-03-02 09:15',
      },
      'zh',
      w58,
    );
    const text = documentText(doc);
    expect(text.some((l) => l.includes('generic-58'))).toBe(true);
    expect(text).toContain('12345678901234567890123456789012');
  });
});

describe('checkPrintRequest', () => {
  it('accepts a valid ticket and names the bad field otherwise', () => {
    expect(checkPrintRequest({ kind: 'ticket', lang: 'zh', data: ticket })).toEqual([]);
    expect(checkPrintRequest({ kind: 'ticket', lang: 'zh', data: { ...ticket, number: 'a1' } })[0].path).toBe(
      '/data/number',
    );
    expect(
      checkPrintRequest({ kind: 'ticket', lang: 'zh', data: { ...ticket, waitMinutes: { min: 9, max: 3 } } }),
    ).toEqual([{ path: '/data/waitMinutes/min', message: 'min exceeds max' }]);
    expect(checkPrintRequest({ kind: 'fax', lang: 'zh', data: {} })[0].path).toBe('/kind');
    expect(checkPrintRequest({ kind: 'ticket', lang: 'fr', data: ticket })[0].path).toBe('/lang');
    expect(
      checkPrintRequest({ kind: 'ticket', lang: 'zh', data: { ...ticket, statusUrl: 'javascript:x' } })[0]
        .path,
    ).toBe('/data/statusUrl');
  });
});
