import { describe, expect, it } from 'vitest';
import { canPrint, decodeStatus, decodeStatusBytes, isStatusByte } from './status.ts';

// Fixed bits of every DLE EOT answer: bit 1 and bit 4 set, bits 0 and 7 clear.
const BASE = 0b0001_0010;
const b = (...bits: number[]) => bits.reduce((v, n) => v | (1 << n), BASE);

describe('DLE EOT status decoding (Epson bit layout)', () => {
  it('recognises status bytes by their fixed bits', () => {
    expect(isStatusByte(0x12)).toBe(true);
    expect(isStatusByte(0x7e)).toBe(true);
    expect(isStatusByte(0x13)).toBe(false); // bit 0 set
    expect(isStatusByte(0x92)).toBe(false); // bit 7 set
    expect(isStatusByte(0x02)).toBe(false); // bit 4 clear
  });

  it('all clear is ready', () => {
    expect(decodeStatus([BASE, BASE, BASE, BASE]).state).toBe('ready');
  });

  it('n=1 bit 3 is offline', () => {
    expect(decodeStatusBytes(b(3), BASE, BASE, BASE).online).toBe(false);
    expect(decodeStatus([b(3), BASE, BASE, BASE]).state).toBe('offline');
  });

  it('n=2 bit 2 is cover open, bit 5 printing stopped by paper end, bit 6 error', () => {
    expect(decodeStatus([b(3), b(2), BASE, BASE]).state).toBe('cover-open');
    expect(decodeStatus([b(3), b(5), BASE, BASE]).state).toBe('paper-out');
    expect(decodeStatusBytes(BASE, b(6), BASE, BASE).errorOccurred).toBe(true);
    expect(decodeStatusBytes(BASE, b(3), BASE, BASE).feedButton).toBe(true);
  });

  it('n=3 bit 3 is an autocutter error, bits 5 and 6 other errors', () => {
    expect(decodeStatus([b(3), b(6), b(3), BASE]).state).toBe('cutter-error');
    expect(decodeStatus([b(3), b(6), b(5), BASE]).state).toBe('offline');
    expect(decodeStatusBytes(BASE, BASE, b(6), BASE).autoRecoverableError).toBe(true);
  });

  it('n=4 bits 2-3 are paper near end, bits 5-6 paper end', () => {
    expect(decodeStatus([BASE, BASE, BASE, b(2, 3)]).state).toBe('paper-near-end');
    expect(decodeStatus([BASE, BASE, BASE, b(5, 6)]).state).toBe('paper-out');
    expect(decodeStatus([BASE, BASE, BASE, b(2, 3, 5, 6)]).state).toBe('paper-out');
  });

  it('cover open wins over paper out; a short or malformed answer is offline', () => {
    expect(decodeStatus([b(3), b(2, 5), BASE, b(5, 6)]).state).toBe('cover-open');
    expect(decodeStatus([BASE, BASE, BASE]).state).toBe('offline');
    expect(decodeStatus([]).state).toBe('offline');
    expect(decodeStatus([0x00, BASE, BASE, BASE]).state).toBe('offline');
  });

  it('prints only when ready or near end', () => {
    expect(canPrint('ready')).toBe(true);
    expect(canPrint('paper-near-end')).toBe(true);
    for (const s of ['paper-out', 'cover-open', 'cutter-error', 'offline'] as const)
      expect(canPrint(s)).toBe(false);
  });
});
