import { describe, expect, it } from 'vitest';
import { createBundledCalendar } from '../calendar/calendar.ts';
import { isDomainError } from '../errors.ts';
import { createStationTime } from '../time.ts';
import {
  type CaseCommand,
  type CaseContext,
  type CaseEvent,
  type CaseState,
  citizenStage,
  DEFAULT_RATING_DEADLINES,
  DEFAULT_REQUEST_DEADLINES,
  decide,
  duesOf,
  evolve,
  foldCase,
  RESOLVED_AT_ONCE_NOTE,
} from './case.ts';
import { dueOf } from './deadlines.ts';

const calendar = createBundledCalendar();
const shanghai = createStationTime('Asia/Shanghai');
const at = (day: string, time: string) => shanghai.toEpoch(day, time);

describe('case deadlines on the 2026 calendar', () => {
  it.each([
    ['2026-09-30', '16:00', 1, '2026-10-08'],
    ['2026-10-09', '10:00', 1, '2026-10-10'],
    ['2026-11-29', '09:00', 1, '2026-11-30'],
    ['2026-11-27', '23:30', 1, '2026-11-30'],
    ['2026-11-30', '08:00', 3, '2026-12-03'],
  ])('received %s %s with %i working day(s) is due at the end of %s', (day, time, n, due) => {
    const result = dueOf(calendar, { from: at(day, time), workingDays: n });
    expect(result).toEqual({ day: due, at: at(due, '24:00'), provisional: false });
  });

  it('falls back to Monday–Friday for a year without data, marked provisional', () => {
    // 2027-01-01 is a Friday: one working day later is Monday 2027-01-04 on the fallback.
    const result = dueOf(calendar, { from: at('2027-01-01', '10:00'), workingDays: 1 });
    expect(result).toMatchObject({ day: '2027-01-04', provisional: true });
  });

  it('counts calendar days for progress notes', () => {
    expect(dueOf(calendar, { from: at('2026-09-30', '16:00'), calendarDays: 7 }).day).toBe('2026-10-07');
  });
});

const received = at('2026-11-30', '10:00');
const requestOpened: CaseEvent = {
  type: 'CaseOpened',
  data: {
    kind: 'request',
    sourceId: 'request:st-a:20261130-0001',
    stationId: 'st-a',
    number: 'ST-A-20261130-0001',
    category: 'enterprise',
    department: 'commerce',
    kioskAt: at('2026-11-28', '15:00'),
    receivedAt: received,
    deadlines: DEFAULT_REQUEST_DEADLINES,
  },
};
const ratingOpened: CaseEvent = {
  type: 'CaseOpened',
  data: {
    kind: 'rating',
    sourceId: 'rating:ticket:st-a:2026-11-30:tax:001',
    stationId: 'st-a',
    level: 1,
    serviceId: 'tax',
    kioskAt: received,
    receivedAt: received,
    deadlines: DEFAULT_RATING_DEADLINES,
  },
};

const handler: Omit<CaseContext, 'at'> = { by: 'li', roles: ['department-handler'], department: 'commerce' };
const staff: Omit<CaseContext, 'at'> = { by: 'wang', roles: ['station-staff'], stationId: 'st-a' };
const district: Omit<CaseContext, 'at'> = { by: 'zhao', roles: ['district-operator'] };
const citizen: Omit<CaseContext, 'at'> = { by: 'citizen', roles: [] };

/** Given events, when a command at a time by someone, then events (or an error). */
function given(events: CaseEvent[]) {
  const state = foldCase(events);
  return {
    when(command: CaseCommand, who: Omit<CaseContext, 'at'>, when = received + 3_600_000) {
      const run = () => decide(command, state, { ...who, at: when });
      return {
        thenEvents: (expected: Array<Record<string, unknown>>) => expect(run()).toMatchObject(expected),
        refused: (code: string, reason?: string) => {
          try {
            run();
          } catch (error) {
            expect(isDomainError(error)).toBe(true);
            expect((error as { code: string }).code).toBe(code);
            if (reason) expect((error as { details?: { reason?: string } }).details?.reason).toBe(reason);
            return;
          }
          throw new Error('the command was not refused');
        },
      };
    },
    state,
  };
}

function after(
  events: CaseEvent[],
  command: CaseCommand,
  who: Omit<CaseContext, 'at'>,
  when: number,
): CaseEvent[] {
  return [...events, ...decide(command, foldCase(events), { ...who, at: when })];
}

describe('a request case', () => {
  it('is worked by its department: contact, reply, close; the citizen reads each stage', () => {
    let events: CaseEvent[] = [requestOpened];
    expect(citizenStage(foldCase(events))).toBe('received');
    events = after(
      events,
      { type: 'RecordContact', channel: 'phone', note: '已电话联系' },
      handler,
      received + 1000,
    );
    expect(citizenStage(foldCase(events))).toBe('contacted');
    events = after(events, { type: 'NoteProgress', note: '正在协调' }, handler, received + 2000);
    expect(citizenStage(foldCase(events))).toBe('in-progress');
    events = after(events, { type: 'Reply', text: '已为您办理。' }, handler, received + 3000);
    expect(foldCase(events)).toMatchObject({ status: 'answered', reply: '已为您办理。' });
    events = after(events, { type: 'Close' }, handler, received + 4000);
    expect(citizenStage(foldCase(events))).toBe('closed');
  });

  it('is settled at once: the answer and the close in one step, the citizen reads it as closed', () => {
    given([requestOpened])
      .when({ type: 'ResolveAtOnce', text: '已当场为您办理。' }, handler)
      .thenEvents([
        { type: 'ReplyGiven', data: { text: '已当场为您办理。', by: handler.by } },
        { type: 'CaseClosed', data: { note: RESOLVED_AT_ONCE_NOTE, by: handler.by } },
      ]);
    const events = after([requestOpened], { type: 'ResolveAtOnce', text: '已办理' }, handler, received + 600);
    expect(foldCase(events)).toMatchObject({ status: 'closed', reply: '已办理' });
    expect(citizenStage(foldCase(events))).toBe('closed');
    given([requestOpened]).when({ type: 'ResolveAtOnce', text: ' ' }, handler).refused('XZ_ERR_VALIDATION');
    given([requestOpened])
      .when({ type: 'ResolveAtOnce', text: 'x' }, { ...handler, department: 'tax' })
      .refused('XZ_ERR_FORBIDDEN');
    // Once answered, the way to end is to close it; once closed, nothing to settle.
    const answered = after([requestOpened], { type: 'Reply', text: '答复' }, handler, received + 1);
    given(answered).when({ type: 'ResolveAtOnce', text: 'x' }, handler).refused('XZ_ERR_CONFLICT', 'order');
    given(events).when({ type: 'ResolveAtOnce', text: 'x' }, handler).refused('XZ_ERR_CONFLICT', 'closed');
  });

  it('is answered for by one person: who takes it works it, others of the department no more; the district assigns', () => {
    const colleague = { ...handler, by: 'chen' };
    given([requestOpened])
      .when({ type: 'Take' }, handler)
      .thenEvents([{ type: 'CaseAssigned', data: { to: 'li', by: 'li' } }]);
    given([requestOpened]).when({ type: 'Take' }, staff).refused('XZ_ERR_FORBIDDEN');
    const taken = after([requestOpened], { type: 'Take' }, handler, received + 1);
    expect(foldCase(taken).assignee).toBe('li');
    given(taken).when({ type: 'Reply', text: '答复' }, colleague).refused('XZ_ERR_FORBIDDEN');
    given(taken).when({ type: 'Take' }, colleague).refused('XZ_ERR_CONFLICT', 'taken');
    given(taken).when({ type: 'Take' }, handler).refused('XZ_ERR_CONFLICT', 'same');
    given(taken).when({ type: 'Assign', to: 'chen' }, handler).refused('XZ_ERR_FORBIDDEN');
    given(taken).when({ type: 'Assign', to: 'Not A Name' }, district).refused('XZ_ERR_VALIDATION');
    const assigned = after(taken, { type: 'Assign', to: 'chen' }, district, received + 2);
    expect(foldCase(assigned).assignee).toBe('chen');
    given(assigned)
      .when({ type: 'Reply', text: '答复' }, colleague)
      .thenEvents([{ type: 'ReplyGiven', data: { by: 'chen' } }]);
    given(assigned).when({ type: 'Reply', text: '答复' }, handler).refused('XZ_ERR_FORBIDDEN');
    // Sent to another department: that department's handler answers for it.
    const moved = after(assigned, { type: 'Reassign', department: 'tax' }, district, received + 3);
    expect(foldCase(moved).assignee).toBeUndefined();
  });

  it('refuses another department, and the station staff', () => {
    given([requestOpened])
      .when({ type: 'Reply', text: 'x' }, { ...handler, department: 'tax' })
      .refused('XZ_ERR_FORBIDDEN');
    given([requestOpened])
      .when({ type: 'RecordContact', channel: 'phone', note: 'x' }, staff)
      .refused('XZ_ERR_FORBIDDEN');
  });

  it('is reassigned only by the district office, and the new department’s clock starts at assignment', () => {
    given([requestOpened]).when({ type: 'Reassign', department: 'tax' }, handler).refused('XZ_ERR_FORBIDDEN');
    const reassignedAt = at('2026-12-01', '09:00');
    const events = after(
      [requestOpened],
      { type: 'Reassign', department: 'tax', note: '税务问题' },
      district,
      reassignedAt,
    );
    const state = foldCase(events);
    expect(state.department).toBe('tax');
    expect(duesOf(state, calendar, reassignedAt).dues.contactBy?.day).toBe('2026-12-02');
  });

  it('cannot be closed before the citizen has an answer, nor acted on once closed', () => {
    given([requestOpened]).when({ type: 'Close' }, handler).refused('XZ_ERR_CONFLICT', 'order');
    const closed = after(
      after([requestOpened], { type: 'Reply', text: '答复' }, handler, received + 1),
      { type: 'Close' },
      handler,
      received + 2,
    );
    given(closed).when({ type: 'NoteProgress', note: 'x' }, handler).refused('XZ_ERR_CONFLICT', 'closed');
  });

  it('lets the citizen rate the handling and reopen it: a new round with a new answer deadline', () => {
    const closed = after(
      after([requestOpened], { type: 'Reply', text: '答复' }, handler, received + 1),
      { type: 'Close' },
      handler,
      received + 2,
    );
    given(closed)
      .when({ type: 'CitizenRate', level: 2 }, citizen)
      .thenEvents([{ type: 'CitizenRated', data: { level: 2 } }]);
    const reopenedAt = at('2026-12-02', '11:00');
    const reopened = foldCase(after(closed, { type: 'Reopen', reason: '问题未解决' }, citizen, reopenedAt));
    expect(reopened).toMatchObject({ status: 'in-progress', reopenCount: 1 });
    expect(duesOf(reopened, calendar, reopenedAt).dues.feedbackBy).toMatchObject({
      day: '2026-12-07',
      met: false,
    });
  });

  it('goes yellow on the day a deadline ends and red once it has passed; closed cases have no light', () => {
    const state = foldCase([requestOpened]);
    // Received Monday 2026-11-30: contact due at the end of Tuesday 12-01.
    expect(duesOf(state, calendar, at('2026-11-30', '15:00')).light).toBe('green');
    expect(duesOf(state, calendar, at('2026-12-01', '09:00')).light).toBe('yellow');
    expect(duesOf(state, calendar, at('2026-12-02', '00:00')).light).toBe('red');
    const contacted = foldCase(
      after(
        [requestOpened],
        { type: 'RecordContact', channel: 'sms', note: 'ok' },
        handler,
        at('2026-12-01', '10:00'),
      ),
    );
    expect(duesOf(contacted, calendar, at('2026-12-02', '09:00')).light).toBe('green');
    expect(duesOf(contacted, calendar, at('2026-12-03', '09:00')).light).toBe('yellow');
  });

  it('needs a progress note every 7 days once long-running', () => {
    const longAt = at('2026-12-01', '10:00');
    const contacted = after(
      [requestOpened],
      { type: 'RecordContact', channel: 'phone', note: '已联系' },
      handler,
      received + 1,
    );
    const state = foldCase(
      after(contacted, { type: 'MarkLongRunning', note: '需跨部门协调' }, handler, longAt),
    );
    const dues = duesOf(state, calendar, at('2026-12-07', '10:00'));
    expect(dues.dues.progressBy).toMatchObject({ day: '2026-12-08', met: false });
    expect(dues.light).toBe('green');
    expect(duesOf(state, calendar, at('2026-12-09', '10:00')).light).toBe('red');
  });
});

describe('a bad-rating case', () => {
  it('is called back, classified, fed back and closed by its station', () => {
    let events: CaseEvent[] = [ratingOpened];
    given(events)
      .when({ type: 'Classify', classification: 'explained', note: 'x' }, staff)
      .refused('XZ_ERR_CONFLICT', 'order');
    events = after(events, { type: 'CallBack', channel: 'phone', note: '已回访' }, staff, received + 1);
    events = after(
      events,
      { type: 'Classify', classification: 'fixed', note: '立行立改' },
      staff,
      received + 2,
    );
    events = after(events, { type: 'GiveFeedback', text: '已整改，感谢监督。' }, staff, received + 3);
    events = after(events, { type: 'Close' }, staff, received + 4);
    expect(foldCase(events)).toMatchObject({ status: 'closed', classification: 'fixed', voided: false });
  });

  it('is not worked by another station’s staff', () => {
    given([ratingOpened])
      .when({ type: 'CallBack', channel: 'phone', note: 'x' }, { ...staff, stationId: 'st-b' })
      .refused('XZ_ERR_FORBIDDEN');
  });

  it('goes to the district office on appeal, which voids the rating; the history says who', () => {
    let events = after(
      [ratingOpened],
      { type: 'CallBack', channel: 'phone', note: 'x' },
      staff,
      received + 1,
    );
    events = after(
      events,
      { type: 'Classify', classification: 'appealed', note: '误评' },
      staff,
      received + 2,
    );
    given(events).when({ type: 'GiveFeedback', text: 'x' }, staff).refused('XZ_ERR_CONFLICT', 'appealed');
    given(events)
      .when({ type: 'DecideAppeal', decision: 'voided', note: 'x' }, staff)
      .refused('XZ_ERR_FORBIDDEN');
    events = after(
      events,
      { type: 'DecideAppeal', decision: 'voided', note: '经核实为误评' },
      district,
      received + 3,
    );
    const state = foldCase(events);
    expect(state).toMatchObject({
      voided: true,
      status: 'closed',
      appeal: { decision: 'voided', by: 'zhao' },
    });
    given(events).when({ type: 'Reopen', reason: 'x' }, citizen).refused('XZ_ERR_CONFLICT', 'voided');
  });

  it('keeps a fix-by date as a deadline of its own', () => {
    let events = after(
      [ratingOpened],
      { type: 'CallBack', channel: 'phone', note: 'x' },
      staff,
      received + 1,
    );
    given(events)
      .when({ type: 'Classify', classification: 'fix-by-date', fixBy: '2026-11-01', note: 'x' }, staff)
      .refused('XZ_ERR_VALIDATION');
    events = after(
      events,
      { type: 'Classify', classification: 'fix-by-date', fixBy: '2026-12-04', note: '限期整改' },
      staff,
      received + 2,
    );
    const state: CaseState = foldCase(events);
    expect(duesOf(state, calendar, at('2026-12-04', '12:00'))).toMatchObject({
      light: 'yellow',
      dues: { fixBy: { day: '2026-12-04' } },
    });
    const fixed = evolve(state, {
      type: 'RectificationNoted',
      data: { note: '已整改', by: 'wang', at: at('2026-12-03', '10:00') },
    });
    expect(duesOf(fixed, calendar, at('2026-12-04', '12:00')).dues.fixBy?.met).toBe(true);
  });

  it('has its callback due one working day after receipt and feedback five', () => {
    const dues = duesOf(foldCase([ratingOpened]), calendar, received).dues;
    expect(dues.callbackBy?.day).toBe('2026-12-01');
    expect(dues.feedbackBy?.day).toBe('2026-12-07');
  });
});
