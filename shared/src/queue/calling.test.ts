import { describe, expect, it } from 'vitest';
import { chooseNext, defaultCallingPolicy, explainQueue, formatExplanation } from './calling.ts';
import type { TestCommand } from './testing.ts';
import { labelled, runCommands, sampleStationConfig, stationAt } from './testing.ts';
import type { CallingPolicy, CounterConfig, QueueCommand } from './types.ts';

const green = { groupId: 'elderly', how: 'id-age', needsConfirmation: false } as const;
const issue = (label: string, time: string, isGreen = false, serviceId = 'tax') =>
  labelled(label, {
    type: 'IssueTicket',
    data: { serviceId, at: stationAt(time), ...(isGreen ? { green } : {}) },
  });
const serve = (counterId: string, time: string): QueueCommand[] => [
  { type: 'CallNext', data: { counterId, at: stationAt(time), by: 's' } },
  { type: 'Finish', data: { counterId, at: stationAt(time), by: 's' } },
];

function station(calling: Partial<CallingPolicy> = {}, counters?: CounterConfig[]) {
  return sampleStationConfig({
    calling: { ...defaultCallingPolicy, ...calling },
    ...(counters ? { counters } : {}),
  });
}

describe('calling order', () => {
  it('fifo calls by arrival, strict calls green first', () => {
    const cmds = [issue('n1', '09:00'), issue('g1', '09:10', true)];
    const { state: fifo, id } = runCommands(station({ kind: 'fifo' }), cmds);
    expect(chooseNext(fifo, '1', stationAt('09:11'))).toMatchObject({ ticketId: id('n1'), rule: 'fifo' });
    const strict = runCommands(station({ kind: 'strict' }), cmds).state;
    expect(chooseNext(strict, '1', stationAt('09:11'))).toMatchObject({
      ticketId: id('g1'),
      rule: 'strict-priority',
      explanation: { key: 'call.rule.strict-priority', params: { group: 'elderly', minutes: 1 } },
    });
  });

  it('gives green tickets a head start, not unlimited priority', () => {
    const config = station({ greenHeadStartMinutes: 15, maxExtraWaitMinutes: 600 });
    const { state: near, id } = runCommands(config, [issue('n1', '09:00'), issue('g1', '09:10', true)]);
    expect(chooseNext(near, '1', stationAt('09:11'))).toMatchObject({
      ticketId: id('g1'),
      rule: 'green-first',
      explanation: { key: 'call.rule.green-first', params: { headStartMinutes: 15, minutes: 1 } },
    });
    const { state: far, id: farId } = runCommands(config, [issue('n1', '09:00'), issue('g1', '09:20', true)]);
    expect(chooseNext(far, '1', stationAt('09:21'))).toMatchObject({ ticketId: farId('n1'), rule: 'fifo' });
  });

  it('a green ticket first in line anyway is a plain fifo call', () => {
    const { state: s, id } = runCommands(station(), [issue('g1', '09:00', true), issue('n1', '09:01')]);
    expect(chooseNext(s, '1', stationAt('09:02'))).toMatchObject({ ticketId: id('g1'), rule: 'fifo' });
  });

  it('aging: a normal ticket waiting longer than the limit goes before green ones', () => {
    const config = station({ maxExtraWaitMinutes: 20 });
    const { state: s, id } = runCommands(config, [issue('n1', '09:00'), issue('g1', '09:15', true)]);
    expect(chooseNext(s, '1', stationAt('09:19'))).toMatchObject({ ticketId: id('g1'), rule: 'green-first' });
    expect(chooseNext(s, '1', stationAt('09:21'))).toMatchObject({
      ticketId: id('n1'),
      rule: 'aging',
      explanation: { key: 'call.rule.aging', params: { minutes: 21, threshold: 20 } },
    });
  });

  it('quota: after N green calls in a row, one normal ticket', () => {
    const config = station({ greenQuota: 2 });
    const cmds: TestCommand[] = [
      issue('n1', '09:00'),
      issue('g1', '09:01', true),
      issue('g2', '09:02', true),
      issue('g3', '09:03', true),
      ...serve('1', '09:04'),
      ...serve('1', '09:05'),
    ];
    const { state, events, id } = runCommands(config, cmds);
    const calledIds = events.filter((e) => e.type === 'TicketCalled').map((e) => e.data.ticketId);
    expect(calledIds).toEqual([id('g1'), id('g2')]);
    expect(state.greenStreak).toBe(2);
    expect(chooseNext(state, '1', stationAt('09:06'))).toMatchObject({
      ticketId: id('n1'),
      rule: 'green-quota',
      explanation: { params: { streak: 2, quota: 2 } },
    });
    const after = runCommands(config, [...cmds, ...serve('1', '09:06')]).state;
    expect(after.greenStreak).toBe(0);
    expect(chooseNext(after, '1', stationAt('09:07'))).toMatchObject({ ticketId: id('g3') });
  });

  it('a reserved counter serves its kind first and the other kind only when none waits', () => {
    const counters: CounterConfig[] = [
      { id: '1', services: ['tax'], reserved: 'normal' },
      { id: '2', services: ['tax', 'social', 'legal'], reserved: 'green' },
    ];
    const config = station({ kind: 'fifo' }, counters);
    const { state: s, id } = runCommands(config, [
      issue('g1', '09:00', true),
      issue('n1', '09:01'),
      issue('g2', '09:02', true),
    ]);
    expect(chooseNext(s, '1', stationAt('09:03'))).toMatchObject({
      ticketId: id('n1'),
      rule: 'reserved-counter',
    });
    expect(chooseNext(s, '2', stationAt('09:03'))).toMatchObject({ ticketId: id('g1'), rule: 'fifo' });
    const onlyGreen = runCommands(config, [issue('g1', '09:00', true)]).state;
    expect(chooseNext(onlyGreen, '1', stationAt('09:03'))).toMatchObject({ ticketId: id('g1') });
  });

  it('only calls tickets of services the counter serves', () => {
    const { state: s, id } = runCommands(station(), [issue('l1', '09:00', false, 'legal')]);
    expect(chooseNext(s, '1', stationAt('09:01'))).toBeNull();
    expect(chooseNext(s, '2', stationAt('09:01'))).toMatchObject({ ticketId: id('l1') });
  });

  it('explains the next call of every counter for the console', () => {
    const { state: s, id } = runCommands(station(), [
      issue('n1', '09:00'),
      issue('g1', '09:05', true),
      issue('l1', '09:06', false, 'legal'),
      { type: 'CallNext', data: { counterId: '2', at: stationAt('09:07'), by: 's' } },
    ]);
    const outlook = explainQueue(s, stationAt('09:10'));
    expect(outlook.counters).toEqual([
      { counterId: '1', next: expect.objectContaining({ ticketId: id('n1'), rule: 'fifo' }) },
      { counterId: '2', currentTicketId: id('g1'), next: expect.objectContaining({ ticketId: id('n1') }) },
    ]);
    expect(outlook.waiting.map((w) => [w.number, w.waitedMinutes, w.nextAt])).toEqual([
      ['A001', 10, ['1', '2']],
      ['C001', 4, []],
    ]);
    const text = formatExplanation({ key: 'call.rule.aging', params: { minutes: 31, threshold: 30 } }, 'en');
    expect(text).toBe('Normal ticket waited 31 min, over the 30 min limit: before green tickets');
    expect(formatExplanation({ key: 'call.rule.fifo', params: { minutes: 3 } }, 'zh')).toBe(
      '按取号先后，已等 3 分钟',
    );
  });
});
