import { describe, expect, it } from 'vitest';
import {
  estimateForTicket,
  estimateFromTickets,
  estimateWait,
  serviceTimeStats,
  ticketsAhead,
} from './estimate.ts';
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

describe('wait estimate from the station day’s ticket documents', () => {
  const call = (counterId: string, time: string): QueueCommand => ({
    type: 'CallNext',
    data: { counterId, at: stationAt(time), by: 's' },
  });
  const finish = (counterId: string, time: string): QueueCommand => ({
    type: 'Finish',
    data: { counterId, at: stationAt(time), by: 's' },
  });

  it('is what the agent estimates from its queue, for every ticket of a busy morning', () => {
    const config = sampleStationConfig();
    const commands: QueueCommand[] = [];
    // Timed legal and tax services, then a queue of every kind on both counters.
    for (let i = 0; i < 4; i++) {
      commands.push(issue(`x${i}`, `08:${31 + i * 6}`, i % 2 ? 'tax' : 'legal'));
      commands.push(call('2', `08:${31 + i * 6}`), finish('2', `08:${35 + i * 6}`));
    }
    for (let i = 0; i < 12; i++) {
      const service = ['tax', 'social', 'legal'][i % 3];
      commands.push(issue(`q${i}`, `09:${String(10 + i).padStart(2, '0')}`, service, i % 5 === 2));
    }
    commands.push(call('2', '09:29'), call('1', '09:30'));
    commands.push({
      type: 'Transfer',
      data: { counterId: '1', toServiceId: 'legal', position: 'front', at: stationAt('09:31'), by: 's' },
    });
    const { state } = runCommands(config, commands);
    const day = [...state.tickets.values()];
    const at = stationAt('09:40');
    expect(day.filter((t) => t.status === 'waiting').length).toBeGreaterThan(8);
    expect(day.some((t) => t.front && t.status === 'waiting')).toBe(true);
    expect(day.some((t) => t.kind === 'green' && t.status === 'waiting')).toBe(true);
    for (const ticket of day) {
      // The documents carry the ticket's fields, nothing of the agent's state.
      const docs = day.map((t) => JSON.parse(JSON.stringify(t)));
      expect(estimateFromTickets(ticket, docs, config, at), ticket.number).toEqual(
        estimateForTicket(state, ticket, at),
      );
    }
    const waiting = day.filter((t) => t.status === 'waiting');
    expect(waiting.some((t) => estimateFromTickets(t, day, config, at).minMinutes > 0)).toBe(true);
  });

  it('is none once the ticket was called', () => {
    const { state, id } = runCommands(sampleStationConfig(), [issue('l1', '09:00'), call('2', '09:01')]);
    const called = state.tickets.get(id('l1'))!;
    expect(estimateFromTickets(called, [called], sampleStationConfig(), stationAt('09:02'))).toEqual({
      ahead: 0,
      minMinutes: 0,
      maxMinutes: 0,
    });
  });
});
