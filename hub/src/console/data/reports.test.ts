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
  it('names a counter as its own station does, else by its number', () => {
    const names = {
      ...emptyNames(),
      counters: { '2': { zh: '二号台', en: 'Desk 2' } },
      stationCounters: {
        's1/2': { zh: '2号窗口', en: 'Counter 2' },
        's2/2': { zh: '综合窗口', en: 'Front desk' },
      },
    };
    expect(labelOf('counterId', '2', names, { stationId: 's2', counterId: '2' }).zh).toBe('综合窗口');
    expect(labelOf('counterId', '2', names, { stationId: 's1', counterId: '2' }).zh).toBe('2号窗口');
    expect(labelOf('counterId', '2', names).zh).toBe('二号台');
    expect(labelOf('counterId', '7', names, { stationId: 's1', counterId: '7' })).toEqual({
      zh: '7 号窗口',
      en: 'Counter 7',
    });
  });
  it('names departments from the case settings, requests not routed in words', () => {
    const names = { ...emptyNames(), departments: { tax: { zh: '税务局', en: 'Tax Bureau' } } };
    expect(labelOf('department', 'tax', names).en).toBe('Tax Bureau');
    expect(labelOf('department', 'unrouted', names).zh).toBe('未分派');
    expect(labelOf('department', 'gone', names).zh).toBe('其他部门');
  });
});
