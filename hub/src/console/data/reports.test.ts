import { describe, expect, it } from 'vitest';
import {
  createCsvCounter,
  emptyNames,
  formatCell,
  labelOf,
  parseReportQuery,
  reportQuery,
} from './reports.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('report filters in the URL', () => {
  it('reads a shared view back as it was written', () => {
    const f = { from: '2026-11-01', to: '2026-11-30', stationId: 'demo-station', serviceId: 'permit' };
    expect(parseReportQuery(reportQuery(f), '2026-12-01')).toEqual(f);
  });
  it('without a valid period, covers the last seven days and today; bad ids are dropped', () => {
    expect(parseReportQuery('from=junk&stationId=../x', '2026-12-01')).toEqual({
      from: '2026-11-24',
      to: '2026-12-01',
    });
    expect(parseReportQuery('from=2026-12-05&to=2026-12-01', '2026-12-09').from).toBe('2026-11-24');
  });
});

describe('CSV rows counted as bytes arrive', () => {
  it('counts records after the header, across chunks, ignoring line breaks inside quotes', () => {
    const counter = createCsvCounter();
    const csv = '\uFEFF日期 Date,站点 Station\r\n2026-11-01,"a\r\nb"\r\n2026-11-02,"say ""hi"""\r\n';
    const all = bytes(csv);
    for (let i = 0; i < all.length; i += 7) counter.add(all.slice(i, i + 7));
    expect(counter.rows).toBe(2);
  });
});

describe('cells and labels', () => {
  it('shows rates in percent of the same number, none as a dash', () => {
    expect(formatCell('rate', 0.9234)).toBe('92.34%');
    expect(formatCell('seconds', 312.5)).toBe('312.5');
    expect(formatCell('count', null)).toBe('—');
    expect(formatCell('hour', 9)).toBe('09:00');
  });
  it('names codes in words, with the station id beside its name', () => {
    const names = { ...emptyNames(), stations: { s1: { zh: '一站', en: 'One' } } };
    expect(labelOf('stationId', 's1', names)).toEqual({ zh: '一站（s1）', en: 'One (s1)' });
    expect(labelOf('group', 'elderly', names)).toEqual({ zh: '老年人', en: 'Senior citizens' });
    expect(labelOf('group', 'normal', names).en).toBe('Normal tickets');
    expect(labelOf('indicator', 'attitude', names).zh).toBe('服务态度');
  });
});
