import { describe, expect, it } from 'vitest';
import { DomainError, ErrorCode } from '../errors.ts';
import { decide, evolve, evolveAll, initialState, serviceStatus } from './decider.ts';
import { labelled, runCommands, sampleStationConfig, stationAt } from './testing.ts';
import type { QueueCommand, StationQueueConfig } from './types.ts';

const issue = (label: string, serviceId: string, time: string, extra: object = {}) =>
  labelled(label, {
    type: 'IssueTicket',
    data: { serviceId, at: stationAt(time), ...extra },
  } as QueueCommand);
const callNext = (counterId: string, time: string): QueueCommand => ({
  type: 'CallNext',
  data: { counterId, at: stationAt(time), by: 'staff-7' },
});
const counterCmd = (
  type: 'Recall' | 'MarkNoShow' | 'Finish',
  counterId: string,
  time: string,
): QueueCommand => ({ type, data: { counterId, at: stationAt(time), by: 'staff-7' } }) as QueueCommand;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return undefined;
}

describe('issuing tickets', () => {
  it('numbers per service and day with the prefix', () => {
    const { events, state, id } = runCommands(sampleStationConfig(), [
      issue('t1', 'tax', '09:00'),
      issue('t2', 'social', '09:01'),
      issue('t3', 'tax', '09:02'),
    ]);
    expect(events.map((e) => (e.type === 'TicketIssued' ? e.data.number : e.type))).toEqual([
      'A001',
      'B001',
      'A002',
    ]);
    expect(state.tickets.get(id('t3'))).toMatchObject({
      number: 'A002',
      status: 'waiting',
      day: '2026-11-23',
      seq: 2,
    });
  });

  it('restarts numbering on the next station day, decided in station time', () => {
    // 00:10 in Shanghai is still the previous day in UTC: the number must restart anyway.
    const config = sampleStationConfig({ hours: [{ days: 'mon-sun', from: '00:00', to: '24:00' }] });
    const { events } = runCommands(config, [
      issue('t1', 'tax', '23:50'),
      {
        type: 'IssueTicket',
        data: { serviceId: 'tax', at: stationAt('00:10', '2026-11-24') },
      },
    ]);
    const issued = events.filter((e) => e.type === 'TicketIssued').map((e) => e.data);
    expect(issued.map((d) => [d.day, d.number])).toEqual([
      ['2026-11-23', 'A001'],
      ['2026-11-24', 'A001'],
    ]);
  });

  it('refuses outside opening hours, past the cap, without a counter, for unknown services', () => {
    const config = sampleStationConfig({
      services: sampleStationConfig().services.map((s) =>
        s.id === 'tax' ? { ...s, dailyCap: 2, warnAt: 1 } : s,
      ),
      counters: [{ id: '1', services: ['tax', 'social'] }],
    });
    const { state } = runCommands(config, [issue('t1', 'tax', '09:00'), issue('t2', 'tax', '09:01')]);
    expect(codeOf(() => decide(issue('x', 'tax', '07:59'), state))).toBe(ErrorCode.QueueClosed);
    expect(codeOf(() => decide(issue('x', 'tax', '17:30'), state))).toBe(ErrorCode.QueueClosed);
    expect(codeOf(() => decide(issue('x', 'tax', '10:00'), state))).toBe(ErrorCode.DailyCap);
    expect(codeOf(() => decide(issue('x', 'legal', '10:00'), state))).toBe(ErrorCode.NoCounter);
    expect(codeOf(() => decide(issue('x', 'tea', '10:00'), state))).toBe(ErrorCode.UnknownService);
    expect(serviceStatus(state, 'tax', stationAt('10:00'))).toEqual({
      open: false,
      closedReason: 'cap',
      waiting: 2,
      issuedToday: 2,
      nearCap: true,
    });
    expect(serviceStatus(state, 'social', stationAt('10:00'))).toMatchObject({ open: true, nearCap: false });
    expect(serviceStatus(state, 'social', stationAt('18:00'))).toMatchObject({
      open: false,
      closedReason: 'hours',
    });
  });

  it('follows working days from the calendar data', () => {
    const config = sampleStationConfig({
      hours: [{ days: 'working-days', from: '09:00', to: '17:00' }],
      calendar: { years: [2026], restDays: ['2026-10-01'], workDays: ['2026-10-10'] },
    });
    const state = initialState(config);
    const at = (day: string) => stationAt('10:00', day);
    expect(serviceStatus(state, 'tax', at('2026-11-23')).open).toBe(true); // Monday
    expect(serviceStatus(state, 'tax', at('2026-11-22')).open).toBe(false); // Sunday
    expect(serviceStatus(state, 'tax', at('2026-10-01')).open).toBe(false); // holiday on a Thursday
    expect(serviceStatus(state, 'tax', at('2026-10-10')).open).toBe(true); // adjusted working Saturday
    expect(codeOf(() => decide(issue('x', 'tax', '10:00'), state))).toBeUndefined();
  });

  it('keeps serving in a year without holiday data: Monday–Friday until the data arrives', () => {
    const config = sampleStationConfig({
      hours: [{ days: 'working-days', from: '09:00', to: '17:00' }],
      calendar: { years: [2026], restDays: [], workDays: [] },
    });
    const state = initialState(config);
    const at = (day: string) => stationAt('10:00', day);
    // 2027-01-01 is a Friday (a holiday, but the station cannot know it yet), 01-02 a Saturday.
    expect(serviceStatus(state, 'tax', at('2027-01-01')).open).toBe(true);
    expect(serviceStatus(state, 'tax', at('2027-01-02')).open).toBe(false);
    const nextYear = { type: 'IssueTicket', data: { serviceId: 'tax', at: at('2027-01-05') } };
    expect(codeOf(() => decide(nextYear as QueueCommand, state))).toBeUndefined();
    const loaded = initialState({
      ...config,
      calendar: { years: [2026, 2027], restDays: ['2027-01-01'], workDays: [] },
    });
    expect(serviceStatus(loaded, 'tax', at('2027-01-01')).open).toBe(false);
  });

  it('supports hours past midnight', () => {
    const state = initialState(
      sampleStationConfig({ hours: [{ days: 'mon-fri', from: '20:00', to: '02:00' }] }),
    );
    // Saturday 01:00 belongs to Friday evening's span; Sunday 01:00 to Saturday's (closed).
    expect(serviceStatus(state, 'tax', stationAt('01:00', '2026-11-28')).open).toBe(true);
    expect(serviceStatus(state, 'tax', stationAt('01:00', '2026-11-29')).open).toBe(false);
    expect(serviceStatus(state, 'tax', stationAt('21:00', '2026-11-27')).open).toBe(true);
  });

  it('issues once per idempotency key', () => {
    const { state, id } = runCommands(sampleStationConfig(), [
      issue('t1', 'tax', '09:00', { idempotencyKey: 'tap-0001' }),
    ]);
    expect(decide(issue('t2', 'tax', '09:00', { idempotencyKey: 'tap-0001' }), state)).toEqual([]);
    expect(state.idempotency.get('tap-0001')).toBe(id('t1'));
  });

  it('grants the green channel with the ticket', () => {
    const green = { groupId: 'elderly', how: 'id-age', needsConfirmation: false };
    const { events, state, id } = runCommands(sampleStationConfig(), [
      issue('g1', 'tax', '09:00', { green }),
    ]);
    expect(events.map((e) => e.type)).toEqual(['TicketIssued', 'GreenChannelGranted']);
    expect(state.tickets.get(id('g1'))).toMatchObject({ kind: 'green', green });
  });

  it('rejects bad input with a validation error naming the field', () => {
    const state = initialState(sampleStationConfig());
    const bad = { type: 'IssueTicket', data: { serviceId: '', at: stationAt('09:00') } };
    expect(() => decide(bad as QueueCommand, state)).toThrow(
      expect.objectContaining({ details: { field: 'serviceId' } }),
    );
    const badAt = { type: 'IssueTicket', data: { serviceId: 'tax', at: Number.NaN } };
    expect(codeOf(() => decide(badAt as QueueCommand, state))).toBe(ErrorCode.Validation);
    expect(codeOf(() => initialState({ ...sampleStationConfig(), timeZone: 'Nowhere/City' }))).toBe(
      ErrorCode.Validation,
    );
    const dupPrefix = sampleStationConfig();
    dupPrefix.services[1] = { ...dupPrefix.services[1]!, prefix: 'A' };
    expect(() => initialState(dupPrefix)).toThrow(/services\[1\]\.prefix/);
  });
});

describe('at the counter', () => {
  const base = (config: StationQueueConfig = sampleStationConfig()) =>
    runCommands(config, [issue('t1', 'tax', '09:00'), issue('t2', 'tax', '09:01'), callNext('1', '09:05')]);

  it('calls the next ticket and records the rule and explanation', () => {
    const { events, state, id } = base();
    const called = events.find((e) => e.type === 'TicketCalled');
    expect(called?.data).toMatchObject({
      ticketId: id('t1'),
      counterId: '1',
      by: 'staff-7',
      rule: 'fifo',
      explanation: { key: 'call.rule.fifo', params: { minutes: 5 } },
    });
    expect(state.counters['1']?.currentTicketId).toBe(id('t1'));
    expect(state.tickets.get(id('t1'))?.status).toBe('called');
  });

  it('refuses a second call while the current ticket is open, and counter actions when idle', () => {
    const { state } = base();
    expect(codeOf(() => decide(callNext('1', '09:06'), state))).toBe(ErrorCode.CounterBusy);
    expect(codeOf(() => decide(counterCmd('Finish', '2', '09:06'), state))).toBe(ErrorCode.CounterIdle);
    expect(codeOf(() => decide(callNext('9', '09:06'), state))).toBe(ErrorCode.NotFound);
  });

  it('finishes with the service time and remembers it for estimates', () => {
    const { state, id } = base();
    const events = decide(counterCmd('Finish', '1', '09:13'), state);
    expect(events).toEqual([
      {
        type: 'TicketServed',
        data: {
          ticketId: id('t1'),
          stationId: 'st-1',
          at: stationAt('09:13'),
          counterId: '1',
          by: 'staff-7',
          serviceSeconds: 480,
        },
      },
    ]);
    const after = events.reduce(evolve, state);
    expect(after.tickets.get(id('t1'))?.status).toBe('served');
    expect(after.counters['1']?.currentTicketId).toBeUndefined();
    expect(after.recentServiceSeconds.tax).toEqual([480]);
    // evolve never changes the state it was given
    expect(state.tickets.get(id('t1'))?.status).toBe('called');
  });

  it('recalls up to the limit, then returns the ticket to the queue once, then marks no-show', () => {
    const b = base();
    let state = b.state;
    const id = b.id;
    const step = (cmd: QueueCommand) => {
      const events = decide(cmd, state);
      state = events.reduce(evolve, state);
      return events.map((e) => e.type);
    };
    expect(step(counterCmd('Recall', '1', '09:06'))).toEqual(['TicketRecalled']);
    expect(step(counterCmd('Recall', '1', '09:07'))).toEqual(['TicketRecalled']);
    expect(state.tickets.get(id('t1'))?.recalls).toBe(2);
    expect(step(counterCmd('Recall', '1', '09:08'))).toEqual(['TicketReturnedToQueue']);
    expect(state.tickets.get(id('t1'))).toMatchObject({ status: 'waiting', queuedAt: stationAt('09:08') });
    // back of the queue: t2 (queued 09:01) comes first
    step(callNext('1', '09:09'));
    expect(state.counters['1']?.currentTicketId).toBe(id('t2'));
    step(counterCmd('Finish', '1', '09:10'));
    step(callNext('1', '09:11'));
    expect(state.counters['1']?.currentTicketId).toBe(id('t1'));
    step(counterCmd('Recall', '1', '09:12'));
    step(counterCmd('Recall', '1', '09:13'));
    const last = decide(counterCmd('Recall', '1', '09:14'), state);
    expect(last).toEqual([
      expect.objectContaining({
        type: 'TicketNoShow',
        data: expect.objectContaining({ reason: 'recall-limit' }),
      }),
    ]);
  });

  it('marks a no-show on staff request', () => {
    const { state, id } = base();
    const events = decide(counterCmd('MarkNoShow', '1', '09:09'), state);
    expect(events[0]).toMatchObject({ type: 'TicketNoShow', data: { reason: 'staff', ticketId: id('t1') } });
    expect(events.reduce(evolve, state).tickets.get(id('t1'))?.status).toBe('no-show');
  });

  it('calls a specific ticket by hand', () => {
    const { state, id } = runCommands(sampleStationConfig(), [
      issue('t1', 'tax', '09:00'),
      issue('t2', 'legal', '09:01'),
    ]);
    const cmd: QueueCommand = {
      type: 'CallTicket',
      data: { counterId: '2', ticketId: id('t2'), at: stationAt('09:02'), by: 's' },
    };
    expect(decide(cmd, state)[0]).toMatchObject({ data: { rule: 'manual', ticketId: id('t2') } });
    const wrongCounter: QueueCommand = {
      type: 'CallTicket',
      data: { ...cmd.data, counterId: '1' },
    } as QueueCommand;
    expect(codeOf(() => decide(wrongCounter, state))).toBe(ErrorCode.Conflict);
  });

  it('transfers to another service, to the front or the back', () => {
    const { state, id } = runCommands(sampleStationConfig(), [
      issue('s1', 'social', '08:50'),
      issue('t1', 'tax', '09:00'),
      callNext('1', '09:05'), // s1
    ]);
    const transfer = (position: 'front' | 'back'): QueueCommand => ({
      type: 'Transfer',
      data: { counterId: '1', toServiceId: 'tax', position, at: stationAt('09:10'), by: 's' },
    });
    const front = decide(transfer('front'), state).reduce(evolve, state);
    expect(front.tickets.get(id('s1'))).toMatchObject({
      serviceId: 'tax',
      status: 'waiting',
      number: 'B001',
      front: true,
    });
    expect(decide(callNext('2', '09:11'), front)[0]).toMatchObject({
      data: { ticketId: id('s1'), rule: 'transfer-front' },
    });
    const back = decide(transfer('back'), state).reduce(evolve, state);
    expect(decide(callNext('2', '09:11'), back)[0]).toMatchObject({ data: { ticketId: id('t1') } });
    const same: QueueCommand = {
      type: 'Transfer',
      data: { ...transfer('back').data, toServiceId: 'social' },
    } as QueueCommand;
    expect(codeOf(() => decide(same, state))).toBe(ErrorCode.Validation);
  });

  it('cancels waiting or called tickets, reprints open ones, records prints', () => {
    const { state, id } = base();
    const cancel: QueueCommand = {
      type: 'CancelTicket',
      data: { ticketId: id('t1'), reason: 'left', at: stationAt('09:06'), by: 's' },
    };
    const after = decide(cancel, state).reduce(evolve, state);
    expect(after.tickets.get(id('t1'))?.status).toBe('cancelled');
    expect(after.counters['1']?.currentTicketId).toBeUndefined();
    expect(codeOf(() => decide(cancel, after))).toBe(ErrorCode.Conflict);
    const reprint: QueueCommand = {
      type: 'Reprint',
      data: { ticketId: id('t2'), at: stationAt('09:07'), by: 's' },
    };
    expect(decide(reprint, after)[0]?.type).toBe('TicketReprinted');
    expect(codeOf(() => decide({ ...reprint, data: { ...reprint.data, ticketId: id('t1') } }, after))).toBe(
      ErrorCode.Conflict,
    );
    const printed: QueueCommand = {
      type: 'RecordPrinted',
      data: { ticketId: id('t2'), jobId: 'j1', reprint: true, at: 1 },
    };
    expect(decide(printed, after).reduce(evolve, after).tickets.get(id('t2'))?.printed).toBe(1);
  });

  it('confirms or declines a declared group when the ticket is called', () => {
    const declared = { groupId: 'pregnant', how: 'declared', needsConfirmation: true };
    const { state, id } = runCommands(sampleStationConfig(), [
      issue('n1', 'tax', '09:00'),
      issue('g1', 'tax', '09:05', { green: declared }),
      callNext('1', '09:06'),
    ]);
    expect(state.counters['1']?.currentTicketId).toBe(id('g1'));
    const confirm = (confirmed: boolean): QueueCommand => ({
      type: 'ConfirmGreen',
      data: { counterId: '1', confirmed, at: stationAt('09:07'), by: 's' },
    });
    const ok = decide(confirm(true), state).reduce(evolve, state);
    expect(ok.tickets.get(id('g1'))).toMatchObject({ kind: 'green', greenConfirmed: true, status: 'called' });
    expect(codeOf(() => decide(confirm(true), ok))).toBe(ErrorCode.Conflict);
    const no = decide(confirm(false), state).reduce(evolve, state);
    expect(no.tickets.get(id('g1'))).toMatchObject({
      kind: 'normal',
      greenConfirmed: false,
      status: 'waiting',
    });
    expect(no.counters['1']?.currentTicketId).toBeUndefined();
    // back at its own place: behind n1, which came first
    expect(decide(callNext('1', '09:08'), no)[0]).toMatchObject({ data: { ticketId: id('n1') } });
  });

  it('returns no event when nothing waits', () => {
    expect(decide(callNext('1', '09:00'), initialState(sampleStationConfig()))).toEqual([]);
  });
});

describe('numbering', () => {
  it('gives the ticket its id from the station, day, service and sequence', () => {
    const { events } = runCommands(sampleStationConfig(), [issue('t1', 'tax', '09:00')]);
    expect(events[0]?.data).toMatchObject({
      ticketId: 'ticket:st-1:2026-11-23:tax:001',
      seq: 1,
      number: 'A001',
    });
  });

  it('numbers a service added by a new configuration from 001', () => {
    const before = runCommands(sampleStationConfig(), [issue('t1', 'tax', '09:00')]);
    const config = sampleStationConfig();
    config.services.push({
      id: 'notary',
      prefix: 'Q',
      name: { zh: '公证', en: 'Notary' },
      avgMinutes: 10,
      dailyCap: 999,
      warnAt: 900,
    });
    config.counters[0]!.services.push('notary');
    // the agent replays the day's events under the new configuration
    const after = runCommands(config, [issue('q1', 'notary', '10:00'), issue('q2', 'notary', '10:01')], {
      ...before.state,
      config,
    });
    expect(after.events.filter((e) => e.type === 'TicketIssued').map((e) => e.data.ticketId)).toEqual([
      'ticket:st-1:2026-11-23:notary:001',
      'ticket:st-1:2026-11-23:notary:002',
    ]);
    expect(after.state.tickets.get(after.id('q2'))?.number).toBe('Q002');
  });

  it('resumes above 500 on the day the station started without its history, and after the highest', () => {
    const config = sampleStationConfig({ restoredWithoutHistory: '2026-11-23' });
    const { events } = runCommands(config, [issue('t1', 'tax', '09:00'), issue('t2', 'tax', '09:01')]);
    expect(events.map((e) => e.type === 'TicketIssued' && e.data.number)).toEqual(['A501', 'A502']);
    // the history arrives (A001–A007) and the day goes on: after the highest number
    const restored = runCommands(sampleStationConfig(), [
      ...Array.from({ length: 7 }, (_, i) => issue(`h${i}`, 'tax', '08:40')),
    ]);
    const merged = runCommands(sampleStationConfig(), [issue('t3', 'tax', '09:02')], {
      ...evolveAll(restored.state, events),
    });
    expect(merged.events[0]).toMatchObject({ data: { number: 'A503' } });
    // the next day starts at 001
    const tomorrow = decide(
      { type: 'IssueTicket', data: { serviceId: 'tax', at: stationAt('09:00', '2026-11-24') } },
      evolveAll(initialState(config), events),
    );
    expect(tomorrow[0]).toMatchObject({ data: { number: 'A001' } });
  });

  it('counts the daily cap in tickets, not in numbers', () => {
    const config = sampleStationConfig({ restoredWithoutHistory: '2026-11-23' });
    config.services[0] = { ...config.services[0]!, dailyCap: 2, warnAt: 1 };
    const { state } = runCommands(config, [issue('t1', 'tax', '09:00'), issue('t2', 'tax', '09:01')]);
    expect(codeOf(() => decide(issue('t3', 'tax', '09:02'), state))).toBe(ErrorCode.DailyCap);
    expect(serviceStatus(state, 'tax', stationAt('09:02'))).toMatchObject({
      issuedToday: 2,
      closedReason: 'cap',
    });
  });
});

describe('undoing a no-show', () => {
  const noShow = (config = sampleStationConfig()) =>
    runCommands(config, [
      issue('t1', 'tax', '09:00'),
      issue('t2', 'tax', '09:01'),
      issue('t3', 'tax', '09:02'),
      callNext('1', '09:05'),
      counterCmd('MarkNoShow', '1', '09:06'),
    ]);
  const restore = (ticketId: string, time: string): QueueCommand => ({
    type: 'RestoreNoShow',
    data: { ticketId, counterId: '1', at: stationAt(time), by: 'staff-7' },
  });

  it('given a ticket marked no-show by mistake, when staff restore it, then it waits again at its place', () => {
    const { state, id } = noShow();
    const events = decide(restore(id('t1'), '09:10'), state);
    expect(events).toEqual([
      {
        type: 'TicketRestored',
        data: {
          ticketId: id('t1'),
          stationId: 'st-1',
          at: stationAt('09:10'),
          counterId: '1',
          by: 'staff-7',
          noShowAt: stationAt('09:06'),
        },
      },
    ]);
    const after = evolveAll(state, events);
    expect(after.tickets.get(id('t1'))).toMatchObject({ status: 'waiting', queuedAt: stationAt('09:00') });
    expect(after.tickets.get(id('t1'))?.endedAt).toBeUndefined();
    // first in line again, before t2 and t3
    expect(decide(callNext('1', '09:11'), after)[0]).toMatchObject({ data: { ticketId: id('t1') } });
  });

  it('given the undo window has passed, when staff restore, then it is refused', () => {
    const { state, id } = noShow();
    expect(codeOf(() => decide(restore(id('t1'), '09:16'), state))).toBeUndefined();
    expect(codeOf(() => decide(restore(id('t1'), '09:16:01'), state))).toBe(ErrorCode.Conflict);
    const longer = noShow(sampleStationConfig({ noShowUndoMinutes: 30 }));
    expect(codeOf(() => decide(restore(longer.id('t1'), '09:30'), longer.state))).toBeUndefined();
  });

  it('given a ticket that is not a no-show, when staff restore it, then it is refused', () => {
    const { state, id } = noShow();
    expect(codeOf(() => decide(restore(id('t2'), '09:07'), state))).toBe(ErrorCode.Conflict);
    const restored = evolveAll(state, decide(restore(id('t1'), '09:07'), state));
    expect(codeOf(() => decide(restore(id('t1'), '09:08'), restored))).toBe(ErrorCode.Conflict);
    expect(codeOf(() => decide(restore('ticket:st-1:2026-11-23:tax:099', '09:08'), state))).toBe(
      ErrorCode.NotFound,
    );
  });
});
