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

  it('keeps Latin words whole and closing punctuation off the start of a line', () => {
    expect(wrapText('Business registration services', 22)).toEqual(['Business registration', 'services']);
    const lines = wrapText('西海岸新区灵珠山街道营商环境服务小站（24小时自助）', 48);
    expect(lines).toEqual(['西海岸新区灵珠山街道营商环境服务小站（24小时自', '助）']);
  });

  it('breaks a word longer than a line', () => {
    expect(wrapText('https://example.cn/abcdefghij', 10)).toEqual(['https://ex', 'ample.cn/a', 'bcdefghij']);
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
