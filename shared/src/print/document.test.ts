import { describe, expect, it } from 'vitest';
import { displayWidth, padCenter, textBlocks, wrapText } from './document.ts';

describe('displayWidth', () => {
  it('counts CJK and fullwidth characters as two columns', () => {
    expect(displayWidth('A001')).toBe(4);
    expect(displayWidth('企业开办')).toBe(8);
    expect(displayWidth('（24小时）')).toBe(10);
  });
});

describe('wrapText', () => {
  it('never exceeds the column count, for Chinese and Latin text', () => {
    const text =
      '西海岸新区灵珠山街道营商环境服务小站（24小时自助） Lingzhushan Street business service station';
    for (const columns of [16, 32, 42, 48]) {
      const lines = wrapText(text, columns);
      for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(columns);
      expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
    }
  });

  it('keeps Latin words and bracketed groups whole, closing punctuation off the start of a line', () => {
    expect(wrapText('Business registration services', 22)).toEqual(['Business registration', 'services']);
    const name = '西海岸新区灵珠山街道营商环境服务小站（24小时自助）';
    expect(wrapText(name, 48)).toEqual(['西海岸新区灵珠山街道营商环境服务小站', '（24小时自助）']);
    expect(wrapText(name, 32)).toEqual(['西海岸新区灵珠山街道营商环境服务', '小站（24小时自助）']);
    expect(wrapText('Area (24-hour self-service) station', 28)).toEqual([
      'Area (24-hour self-service)',
      'station',
    ]);
    expect(wrapText('办理完毕。谢谢', 8)).toEqual(['办理完', '毕。谢谢']);
  });

  it('breaks a run longer than a line after a dash, slash or dot, so numbers stay whole', () => {
    expect(wrapText('XHD-LINGZHU-01-20261201-0001', 24)).toEqual(['XHD-LINGZHU-01-20261201-', '0001']);
    expect(wrapText('XHD-LINGZHU-01-20261201-0001', 16)).toEqual(['XHD-LINGZHU-01-', '20261201-0001']);
    expect(wrapText('https://example.cn/abcdefghij', 10)).toEqual([
      'https://',
      'example.',
      'cn/',
      'abcdefghij',
    ]);
    // Only a single run wider than a whole line is cut inside.
    expect(wrapText('12345678901234', 10)).toEqual(['1234567890', '1234']);
  });
});

describe('textBlocks', () => {
  it('wraps at the magnified width and pads inverted lines to the full bar', () => {
    const big = textBlocks('ABCDEFGHIJ', { charsPerLine: 16 }, { width: 2, height: 2 });
    expect(big.map((b) => b.text)).toEqual(['ABCDEFGH', 'IJ']);
    const [bar] = textBlocks('补打 REPRINT', { charsPerLine: 32 }, { invert: true });
    expect(displayWidth(bar.text)).toBe(32);
    expect(bar.text.trim()).toBe('补打 REPRINT');
    expect(padCenter('ab', 6)).toBe('  ab  ');
  });
});
