import { describe, expect, it } from 'vitest';
import { estimateForTicket, estimateWait, serviceTimeStats, ticketsAhead } from './estimate.ts';
import { labelled, runCommands, sampleStationConfig, stationAt } from './testing.ts';
import type { QueueCommand } from './types.ts';

const issue = (label: string, time: string, serviceId = 'legal', green = false) =>
  labelled(label, {
    type: 'IssueTicket',
    data: {
      serviceId,
      at: stationAt(time),
      ...(green ? { green: { groupId: 'elderly', how: 'id-age', needsConfirmation: false } } : {}),
    },
  } as QueueCommand);

describe('wait estimate', () => {
  it('is zero with nobody ahead and a free counter', () => {
    const { state } = runCommands(sampleStationConfig(), []);
    expect(estimateWait(state, 'legal', 'normal', stationAt('09:00'))).toEqual({
      ahead: 0,
      minMinutes: 0,
      maxMinutes: 0,
    });
  });

  it('uses the configured mean until services were timed, then recent service times', () => {
    // legal: avg 20 min, one counter (2)
    const waiting = runCommands(sampleStationConfig(), [issue('l1', '09:00'), issue('l2', '09:01')]).state;
    const before = estimateWait(waiting, 'legal', 'normal', stationAt('09:02'));
    expect(before.ahead).toBe(2);
    expect(before.minMinutes).toBe(32); // 2 × 16 min (0.8 × 20)
    expect(before.maxMinutes).toBe(50); // 2 × 25 min (1.25 × 20)

    const cmds: QueueCommand[] = [];
    for (let i = 0; i < 4; i++) {
      const m = 10 + i * 6;
      cmds.push(issue(`x${i}`, `09:${m}`));
      cmds.push({ type: 'CallNext', data: { counterId: '2', at: stationAt(`09:${m}`), by: 's' } });
      cmds.push({ type: 'Finish', data: { counterId: '2', at: stationAt(`09:${m + 5}`), by: 's' } });
    }
    const timed = runCommands(sampleStationConfig(), [
      ...cmds,
      issue('l1', '09:40'),
      issue('l2', '09:41'),
    ]).state;
    expect(serviceTimeStats(timed, 'legal')).toMatchObject({ mean: 300, samples: 4 });
    const after = estimateWait(timed, 'legal', 'normal', stationAt('09:42'));
    // 2 × 5 min on one counter; the range is at least one minute wide
    expect(after).toEqual({ ahead: 2, minMinutes: 10, maxMinutes: 11 });
  });

  it('counts fewer tickets ahead for a green ticket', () => {
    const { state } = runCommands(sampleStationConfig(), [
      issue('l1', '08:40'),
      issue('l2', '09:50'),
      issue('g', '09:55', 'legal', true),
    ]);
    const at = stationAt('10:00');
    expect(estimateWait(state, 'legal', 'normal', at).ahead).toBe(3);
    // default policy: head start 60 min, so only l1 (waiting 80 min) and the green ticket come first
    expect(estimateWait(state, 'legal', 'green', at).ahead).toBe(2);
  });

  it('shares counters between services and narrows to open counters', () => {
    const { state } = runCommands(sampleStationConfig(), [
      issue('t1', '09:00', 'tax'),
      issue('t2', '09:00', 'tax'),
    ]);
    const both = estimateWait(state, 'tax', 'normal', stationAt('09:01'));
    const one = estimateWait(state, 'tax', 'normal', stationAt('09:01'), ['1']);
    expect(both.ahead).toBe(2);
    expect(one.maxMinutes).toBeGreaterThan(both.maxMinutes);
    expect(one.minMinutes).toBeGreaterThanOrEqual(both.minMinutes);
  });
});

describe('wait estimate of a waiting ticket', () => {
  it('counts only the tickets queued before it and scales the range to them', () => {
    const { state, id } = runCommands(sampleStationConfig(), [
      issue('l1', '09:00'),
      issue('l2', '09:01'),
      issue('l3', '09:02'),
    ]);
    const at = stationAt('09:03');
    const first = estimateForTicket(state, state.tickets.get(id('l1'))!, at);
    const last = estimateForTicket(state, state.tickets.get(id('l3'))!, at);
    expect(first.ahead).toBe(0);
    expect(first.minMinutes).toBe(0);
    expect(last.ahead).toBe(2);
    expect(last.minMinutes).toBeGreaterThan(first.minMinutes);
    expect(last.maxMinutes).toBeGreaterThan(first.maxMinutes);
    expect(ticketsAhead(state, state.tickets.get(id('l2'))!)).toBe(1);
  });
});
