import { loadProfile } from '@xz/firmware-config/config';
import { describe, expect, it } from 'vitest';
import { encodePrintRequest } from '../printer/encoder.ts';
import { decodeStatus } from '../printer/status.ts';
import { statusBytesFor } from './device.ts';
import { createEscPosParser, type ParsedJob } from './parser.ts';

const request = {
  kind: 'green-slip' as const,
  lang: 'zh' as const,
  data: {
    number: 'A007',
    service: { zh: '企业开办', en: 'Business registration' },
    issuedAt: '2026-03-02 09:15',
    ahead: 0,
    waitMinutes: { min: 0, max: 5 },
    counters: '1',
    statusUrl: 'https://hub.example.cn/t/A007',
    station: { zh: '灵珠山小站', en: 'Lingzhushan station' },
    reason: { code: 'ELDERLY', zh: '老年人', en: 'Senior citizen' },
  },
};

function parseAll(chunks: Uint8Array[]) {
  const jobs: ParsedJob[] = [];
  const status: number[] = [];
  const parser = createEscPosParser({ onJob: (j) => jobs.push(j), onStatusRequest: (n) => status.push(n) });
  for (const c of chunks) parser.feed(c);
  return { jobs, status, parser };
}

describe('ESC/POS parser', () => {
  const bytes = encodePrintRequest(request, loadProfile('generic-80'));

  it('decodes what the encoder wrote: GB18030 text, styles, QR payload, cut', () => {
    const { jobs } = parseAll([bytes]);
    expect(jobs).toHaveLength(1);
    const [job] = jobs;
    expect(job.bytes.equals(bytes)).toBe(true);
    expect(job.cut).toBe('full');
    expect(job.qr).toEqual(['https://hub.example.cn/t/A007']);
    expect(job.unknown).toEqual([]);
    const lines = job.items.filter((i) => i.type === 'text');
    expect(lines.find((l) => l.text.includes('绿色通道'))).toMatchObject({ invert: true, bold: true });
    expect(lines.find((l) => l.text === 'A007')).toMatchObject({ width: 2, height: 2 });
    expect(lines.some((l) => l.text.includes('老年人 (ELDERLY)'))).toBe(true);
  });

  it('gives the same result whatever the chunking, one byte at a time included', () => {
    const whole = parseAll([bytes]).jobs[0];
    const bytewise = parseAll([...bytes].map((b) => Uint8Array.of(b))).jobs[0];
    expect(bytewise.items).toEqual(whole.items);
    expect(bytewise.bytes.equals(bytes)).toBe(true);
  });

  it('answers DLE EOT between jobs without counting it as job bytes', () => {
    const { jobs, status } = parseAll([bytes, Uint8Array.of(0x10, 0x04, 0x01, 0x10, 0x04, 0x04), bytes]);
    expect(status).toEqual([1, 4]);
    expect(jobs).toHaveLength(2);
    expect(jobs[1].bytes.equals(bytes)).toBe(true);
  });

  it('ends a job without a cut at the next ESC @ or on flush', () => {
    const noCut = encodePrintRequest(request, loadProfile('generic-58'));
    const { jobs, parser } = parseAll([noCut, noCut]);
    expect(jobs).toHaveLength(1);
    expect(jobs[0].cut).toBe('none');
    expect(parser.flush()).toBe(true);
    expect(jobs).toHaveLength(2);
    expect(parser.flush()).toBe(false);
  });

  it('answers per mode with bytes that decode back to the mode', () => {
    expect(decodeStatus(statusBytesFor('ready')).state).toBe('ready');
    expect(decodeStatus(statusBytesFor('paper-near-end')).state).toBe('paper-near-end');
    expect(decodeStatus(statusBytesFor('paper-out')).state).toBe('paper-out');
    expect(decodeStatus(statusBytesFor('cover-open')).state).toBe('cover-open');
    expect(decodeStatus(statusBytesFor('cutter-error')).state).toBe('cutter-error');
  });
});
