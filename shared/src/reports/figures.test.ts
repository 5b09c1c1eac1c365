/**
 * Report figures from hand-built station days: given commands run through the queue decider (the
 * events a real station writes), when they are folded and aggregated, then the figures are what
 * a district operator would count by hand.
 */
import { describe, expect, it } from 'vitest';
import { labelled, runCommands, sampleStationConfig, stationAt } from '../queue/testing.ts';
import type { QueueCommand, QueueEvent } from '../queue/types.ts';
import { addDay, type DayAggregate, emptyTotals, summaryOf } from './aggregate.ts';
import { aggregateStationDays } from './days.ts';
import type { FollowUpFacts, RatingFacts, RequestFacts } from './facts.ts';
import { rowOfDay, tableBuilder } from './tables.ts';

const DAY = '2026-11-23';
const at = (time: string, day = DAY) => stationAt(time, day);
const by = 'staff-7';
const issue = (label: string, serviceId: string, time: string, extra: object = {}, day = DAY) =>
  labelled(label, { type: 'IssueTicket', data: { serviceId, at: at(time, day), ...extra } } as QueueCommand);
const callTicket = (counterId: string, ticketId: string, time: string, day = DAY): QueueCommand => ({
  type: 'CallTicket',
  data: { counterId, ticketId, at: at(time, day), by },
});
const counter = (
  type: 'Recall' | 'MarkNoShow' | 'Finish',
  counterId: string,
  time: string,
  day = DAY,
): QueueCommand => ({ type, data: { counterId, at: at(time, day), by } }) as QueueCommand;

const config = sampleStationConfig();

/** The single day's aggregate of events (and ratings / requests). */
function dayOf(
  events: readonly QueueEvent[],
  extra: { ratings?: Map<string, Partial<RatingFacts>>; requests?: Map<string, RequestFacts> } = {},
): DayAggregate {
  const days = aggregateStationDays({ stationId: 'st-1', timeZone: 'Asia/Shanghai', events, ...extra });
  expect(days).toHaveLength(1);
  return days[0];
}

const summary = (days: DayAggregate[], asOf = at('23:00'), serviceId?: string) =>
  summaryOf(
    days.reduce((t, d) => addDay(t, d, serviceId), emptyTotals()),
    asOf,
  );

/** Runs commands where some need the id of a ticket issued earlier in the same run. */
function run(build: (id: (label: string) => string) => QueueCommand[]) {
  // Two passes: the first gives the ids (the decider numbers deterministically).
  const first = runCommands(
    config,
    build(() => 'ticket:st-1:2026-11-23:tax:001').filter((c) => c.type === 'IssueTicket'),
  );
  return runCommands(config, build(first.id));
}

describe('waits and service times', () => {
  it('waits from issue to first call, service times from the finishing call; mean, p90, max', () => {
    const { events } = run((id) => [
      issue('a', 'tax', '09:00'),
      issue('b', 'tax', '09:05'),
      issue('c', 'social', '09:06'),
      callTicket('1', id('a'), '09:10'),
      counter('Finish', '1', '09:20'),
      callTicket('1', id('b'), '09:20'),
      counter('Finish', '1', '09:25'),
      callTicket('2', id('c'), '09:36'),
      counter('Finish', '2', '09:38'),
    ]);
    const s = summary([dayOf(events)]);
    expect(s.tickets).toMatchObject({ issued: 3, served: 3, noShow: 0, open: 0 });
    // Waits 600, 900, 1800 s; service 600, 300, 120 s.
    expect(s.waitSeconds).toEqual({ mean: 1100, p90: 1800, max: 1800 });
    expect(s.serviceSeconds).toEqual({ mean: 340, p90: 600 });
    expect(summary([dayOf(events)], at('23:00'), 'tax').waitSeconds).toEqual({
      mean: 750,
      p90: 900,
      max: 900,
    });
  });

  it('counts a ticket never called as issued and open, without a wait', () => {
    const { events } = run(() => [issue('a', 'tax', '09:00')]);
    const s = summary([dayOf(events)]);
    expect(s.tickets).toMatchObject({ issued: 1, served: 0, open: 1 });
    expect(s.waitSeconds).toEqual({ mean: null, p90: null, max: null });
  });

  it('names the busiest hours of issue', () => {
    const { events } = run(() => [
      issue('a', 'tax', '09:00'),
      issue('b', 'tax', '10:05'),
      issue('c', 'tax', '10:06'),
      issue('d', 'social', '14:00'),
    ]);
    expect(summary([dayOf(events)]).busiestHours).toEqual([
      { hour: 10, issued: 2 },
      { hour: 9, issued: 1 },
      { hour: 14, issued: 1 },
    ]);
  });
});

describe('no-shows, recalls and transfers', () => {
  it('counts a recalled, returned and transferred ticket once, under the service it was issued for', () => {
    const { events } = run((id) => [
      issue('a', 'tax', '09:00'),
      callTicket('1', id('a'), '09:02'),
      counter('Recall', '1', '09:03'),
      counter('Recall', '1', '09:04'),
      // Third recall: back to the queue once.
      counter('Recall', '1', '09:05'),
      callTicket('1', id('a'), '09:10'),
      {
        type: 'Transfer',
        data: { counterId: '1', toServiceId: 'social', position: 'front', at: at('09:12'), by },
      },
      callTicket('2', id('a'), '09:15'),
      counter('Finish', '2', '09:20'),
    ]);
    const day = dayOf(events);
    const s = summary([day]);
    expect(s.tickets).toMatchObject({ issued: 1, served: 1, noShow: 0, transferred: 1, recalled: 1 });
    // The wait is to the first call; service is the finishing call's 5 minutes.
    expect(s.waitSeconds.mean).toBe(120);
    expect(s.serviceSeconds.mean).toBe(300);
    expect(Object.keys(day.services)).toEqual(['tax']);
    expect(Object.keys(day.services.tax.counters)).toEqual(['2']);
  });

  it('counts no-shows (staff and recall limit), but not one restored and then served', () => {
    const { events } = run((id) => [
      issue('a', 'tax', '09:00'),
      issue('b', 'tax', '09:01'),
      issue('c', 'tax', '09:02'),
      callTicket('1', id('a'), '09:05'),
      counter('MarkNoShow', '1', '09:06'),
      { type: 'RestoreNoShow', data: { ticketId: id('a'), counterId: '1', at: at('09:08'), by } },
      callTicket('1', id('b'), '09:09'),
      counter('MarkNoShow', '1', '09:10'),
      callTicket('1', id('a'), '09:11'),
      counter('Finish', '1', '09:15'),
      callTicket('1', id('c'), '09:16'),
      counter('Recall', '1', '09:17'),
      counter('Recall', '1', '09:18'),
      counter('Recall', '1', '09:19'),
      callTicket('1', id('c'), '09:20'),
      counter('Recall', '1', '09:21'),
      counter('Recall', '1', '09:22'),
      counter('Recall', '1', '09:23'),
    ]);
    const s = summary([dayOf(events)]);
    expect(s.tickets).toMatchObject({ issued: 3, served: 1, noShow: 2, cancelled: 0, open: 0 });
    expect(s.tickets.noShowRate).toBeCloseTo(2 / 3, 4);
    // Each ticket's wait once: 5, 8 and 14 minutes.
    expect(s.waitSeconds).toEqual({ mean: 540, p90: 840, max: 840 });
  });

  it('counts a cancelled ticket as cancelled', () => {
    const { events } = run((id) => [
      issue('a', 'tax', '09:00'),
      { type: 'CancelTicket', data: { ticketId: id('a'), reason: 'left', at: at('09:30'), by } },
    ]);
    expect(summary([dayOf(events)]).tickets).toMatchObject({ issued: 1, cancelled: 1, open: 0 });
  });
});

describe('green channel', () => {
  it('shows green tickets by group beside normal ones; a declined declaration counts as normal', () => {
    const green = (groupId: string, how = 'id-age', needsConfirmation = false) => ({
      green: { groupId, how, needsConfirmation },
    });
    const { events } = run((id) => [
      issue('n1', 'tax', '09:00'),
      issue('n2', 'tax', '09:00'),
      issue('g1', 'tax', '09:10', green('elderly')),
      issue('g2', 'tax', '09:20', green('pregnant', 'declared', true)),
      callTicket('1', id('g1'), '09:12'),
      counter('Finish', '1', '09:15'),
      callTicket('1', id('g2'), '09:21'),
      { type: 'ConfirmGreen', data: { counterId: '1', confirmed: false, at: at('09:22'), by } },
      callTicket('2', id('n1'), '09:30'),
      counter('Finish', '2', '09:35'),
      callTicket('1', id('n2'), '09:40'),
      counter('Finish', '1', '09:45'),
      callTicket('1', id('g2'), '09:50'),
      counter('Finish', '1', '09:55'),
    ]);
    const day = dayOf(events);
    const s = summary([day]);
    expect(s.green).toMatchObject({ issued: 1, share: 0.25, waitSecondsMean: 120 });
    // Normal: 30 and 40 minutes, and the declined one called first after 1 minute.
    expect(s.green.normalWaitSecondsMean).toBe(1420);
    const table = tableBuilder('green-by-group', { asOf: at('23:00') });
    table.add(day);
    expect(table.rows().map((r) => [r.group, r.issued, r.waitMean])).toEqual([
      ['elderly', 1, 120],
      ['green', 1, 120],
      ['normal', 3, 1420],
      ['all', 4, 1095],
    ]);
  });
});

describe('ratings', () => {
  const rating = (seq: number, level: number, extra: Partial<RatingFacts> = {}) =>
    [
      `rating:ticket:st-1:${DAY}:tax:${String(seq).padStart(3, '0')}`,
      { level, serviceId: 'tax', named: false, ...extra },
    ] as const;
  const followUp = (patch: Partial<FollowUpFacts>): FollowUpFacts => ({
    version: 2,
    receivedAt: at('10:00'),
    callbackDue: at('24:00'),
    feedbackDue: stationAt('24:00', '2026-11-30'),
    voided: false,
    reopenCount: 0,
    ...patch,
  });

  it('好评率 is levels 4–5 over the ratings not voided on appeal', () => {
    const { events } = run(() => [issue('a', 'tax', '09:00')]);
    const ratings = new Map<string, Partial<RatingFacts>>([
      rating(1, 5),
      rating(2, 4),
      rating(3, 1, { followUp: followUp({ voided: true, calledBackAt: at('11:00') }) }),
      rating(4, 2, { named: true, followUp: followUp({ calledBackAt: at('11:00') }) }),
      rating(5, 3),
    ]);
    const s = summary([dayOf(events, { ratings })]);
    expect(s.ratings).toEqual({
      count: 4,
      byLevel: { '1': 0, '2': 1, '3': 1, '4': 1, '5': 1 },
      goodRate: 0.5,
      voided: 1,
    });
    expect(s.followUps).toMatchObject({ bad: 2, named: 1, namedCalledBack: 1, namedCallbackRate: 1 });
    expect(s.followUps.calledBackOnTime).toBe(2);
  });

  it('judges a follow-up not done yet as late only once its deadline has passed', () => {
    const { events } = run(() => [issue('a', 'tax', '09:00')]);
    const ratings = new Map<string, Partial<RatingFacts>>([rating(1, 1, { followUp: followUp({}) })]);
    const day = dayOf(events, { ratings });
    expect(summary([day], at('20:00')).followUps.calledBackLate).toBe(0);
    expect(summary([day], stationAt('09:00', '2026-11-24')).followUps.calledBackLate).toBe(1);
  });
});

describe('requests', () => {
  const requestId = (seq: number) => `request:st-1:20261123-${String(seq).padStart(4, '0')}`;
  const received = at('10:00');
  const contactDue = stationAt('24:00', '2026-11-24');
  const feedbackDue = stationAt('24:00', '2026-11-26');
  const caseOf = (patch: object) => ({
    version: 3,
    department: 'commerce',
    receivedAt: received,
    contactDue,
    feedbackDue,
    reopenCount: 0,
    ...patch,
  });

  it('counts first contact and feedback within their deadlines, closed, reopened, median time to close', () => {
    const { events } = run(() => [issue('a', 'tax', '09:00')]);
    const requests = new Map<string, RequestFacts>([
      [
        requestId(1),
        {
          category: 'enterprise',
          case: caseOf({ contactedAt: at('11:00'), fedBackAt: at('15:00'), closedAt: at('16:00') }),
        },
      ],
      [
        requestId(2),
        {
          category: 'enterprise',
          case: caseOf({
            contactedAt: stationAt('09:00', '2026-11-25'),
            fedBackAt: stationAt('09:00', '2026-11-26'),
            closedAt: stationAt('10:00', '2026-11-26'),
            reopenCount: 1,
          }),
        },
      ],
      [requestId(3), { category: 'policy', case: caseOf({ department: 'approval' }) }],
      // Filed at the kiosk; its case is not there yet.
      [requestId(4), { category: 'policy' }],
    ]);
    const day = dayOf(events, { requests });
    const asOf = stationAt('12:00', '2026-11-27');
    const s = summary([day], asOf);
    expect(s.requests).toMatchObject({
      received: 4,
      contactedOnTime: 1,
      // Request 2 was contacted late; request 3 is not contacted and past both its deadlines.
      contactedLate: 2,
      feedbackOnTime: 2,
      feedbackLate: 1,
      closed: 2,
      reopened: 1,
      // 6 hours and 3 days: the median is the lower one (nearest rank), 360 minutes.
      closeMinutesMedian: 360,
    });
    const byDepartment = tableBuilder('requests-by-department', { asOf });
    byDepartment.add(day);
    expect(byDepartment.rows().map((r) => [r.department, r.received, r.contactedLate])).toEqual([
      ['approval', 1, 1],
      ['commerce', 2, 1],
      ['unrouted', 1, 0],
    ]);
  });
});

describe('delivery and merging', () => {
  const dayCommands = (id: (label: string) => string): QueueCommand[] => [
    issue('a', 'tax', '08:40'),
    issue('b', 'social', '09:00'),
    callTicket('1', id('a'), '09:00'),
    counter('Finish', '1', '09:10'),
    callTicket('1', id('b'), '09:10'),
    counter('MarkNoShow', '1', '09:11'),
    // The station lost the hub from noon on; these arrive hours later.
    issue('c', 'tax', '13:00'),
    issue('d', 'tax', '13:30'),
    callTicket('2', id('c'), '14:00'),
    counter('Finish', '2', '14:20'),
    callTicket('2', id('d'), '16:00'),
    counter('Finish', '2', '16:05'),
  ];

  it('a day with the station offline half the time: late, repeated, reordered delivery gives the same figures', () => {
    const { events } = run(dayCommands);
    const whole = dayOf(events);
    const firstHalf = events.filter((e) => e.data.at < at('12:00'));
    // What the hub saw by noon, then the rest after reconnecting, with the morning sent again.
    const redelivered = [...firstHalf, ...[...events].reverse(), ...firstHalf];
    expect(dayOf(redelivered)).toEqual(whole);
    const s = summary([whole]);
    expect(s.tickets).toMatchObject({ issued: 4, served: 3, noShow: 1 });
    // Hours are station time of issue, not when the hub heard of them.
    expect(Object.keys(whole.services.tax.hours).sort()).toEqual(['13', '8']);
    // Waits 20, 10, 60 and 150 minutes.
    expect(s.waitSeconds).toEqual({ mean: 3600, p90: 9000, max: 9000 });
  });

  it('a period is the merge of its days: the summary of two days equals one over their pooled tickets', () => {
    const monday = run(dayCommands).events;
    const tuesday = runCommands(config, [
      issue('x', 'tax', '10:00', {}, '2026-11-24'),
      issue('y', 'tax', '10:00', {}, '2026-11-24'),
    ]);
    const tuesdayEvents = runCommands(config, [
      issue('x', 'tax', '10:00', {}, '2026-11-24'),
      issue('y', 'tax', '10:00', {}, '2026-11-24'),
      callTicket('1', tuesday.id('x'), '10:30', '2026-11-24'),
      counter('Finish', '1', '10:40', '2026-11-24'),
    ]).events;
    const days = aggregateStationDays({
      stationId: 'st-1',
      timeZone: 'Asia/Shanghai',
      events: [...monday, ...tuesdayEvents],
    });
    expect(days.map((d) => d.day)).toEqual(['2026-11-23', '2026-11-24']);
    const s = summary(days, stationAt('23:00', '2026-11-24'));
    expect(s.tickets).toMatchObject({ issued: 6, served: 4, noShow: 1, open: 1 });
    // Waits 1200, 600, 3600, 9000 (Monday) and 1800 (Tuesday).
    expect(s.waitSeconds).toEqual({ mean: 3240, p90: 9000, max: 9000 });
  });

  it('every table row and the summary show the same numbers', () => {
    const { events } = run(dayCommands);
    const day = dayOf(events);
    const asOf = at('23:00');
    const s = summary([day], asOf);
    const row = rowOfDay(day, asOf);
    expect(row).toMatchObject({
      day: DAY,
      stationId: 'st-1',
      issued: s.tickets.issued,
      served: s.tickets.served,
      noShow: s.tickets.noShow,
      waitMean: s.waitSeconds.mean,
      waitP90: s.waitSeconds.p90,
      waitMax: s.waitSeconds.max,
      serviceMean: s.serviceSeconds.mean,
      serviceP90: s.serviceSeconds.p90,
    });
    const byStation = tableBuilder('by-station', { asOf });
    byStation.add(day);
    expect(byStation.rows()).toEqual(
      [{ ...row, day: undefined, stationId: 'st-1' }].map(({ day: _, ...r }) => r),
    );
    const byHour = tableBuilder('by-hour', { asOf });
    byHour.add(day);
    const hours = byHour.rows();
    expect(hours).toHaveLength(24);
    expect(hours.reduce((n, r) => n + Number(r.tickets), 0)).toBe(s.tickets.issued);
    const byService = tableBuilder('by-service', { asOf });
    byService.add(day);
    expect(byService.rows().reduce((n, r) => n + Number(r.served), 0)).toBe(s.tickets.served);
  });
});
