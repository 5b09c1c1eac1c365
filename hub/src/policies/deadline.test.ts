import { createBundledCalendar } from '@xz/shared/calendar/calendar';
import { describe, expect, it } from 'vitest';
import { publicationDeadline } from './deadline.ts';

const calendar = createBundledCalendar();

describe('publication deadline (N working days after signing)', () => {
  it('skips the National Day holiday: signed 2026-09-30, N=2 → due 2026-10-09', () => {
    // 10-01…10-07 are holidays; 10-08 (Thu) and 10-09 (Fri) are the two working days.
    const d = publicationDeadline(calendar, { signedAt: '2026-09-30', workingDays: 2, today: '2026-09-30' });
    expect(d.dueDay).toBe('2026-10-09');
    expect(d.state).toBe('on-time');
    expect(d.workingDaysLeft).toBe(2);
  });

  it('is due-soon on the last working day before the due day and on the due day, overdue after', () => {
    const base = { signedAt: '2026-09-30', workingDays: 2 };
    expect(publicationDeadline(calendar, { ...base, today: '2026-10-05' }).state).toBe('on-time');
    expect(publicationDeadline(calendar, { ...base, today: '2026-10-08' }).state).toBe('due-soon');
    expect(publicationDeadline(calendar, { ...base, today: '2026-10-09' }).state).toBe('due-soon');
    const late = publicationDeadline(calendar, { ...base, today: '2026-10-10' });
    expect(late.state).toBe('overdue');
    expect(late.workingDaysLeft).toBeLessThan(0);
  });

  it('keeps the state the policy was first published in', () => {
    const base = { signedAt: '2026-09-30', workingDays: 2, today: '2026-11-01' };
    expect(publicationDeadline(calendar, { ...base, publishedOn: '2026-10-09' }).state).toBe('on-time');
    expect(publicationDeadline(calendar, { ...base, publishedOn: '2026-10-10' }).state).toBe('overdue');
  });

  it('follows N: with N=0 a policy signed on a holiday is due on the next working day', () => {
    expect(
      publicationDeadline(calendar, { signedAt: '2026-10-03', workingDays: 0, today: '2026-10-03' }).dueDay,
    ).toBe('2026-10-08');
  });

  it('does not track demo data or a year the calendar does not know', () => {
    expect(
      publicationDeadline(calendar, {
        signedAt: '2026-02-20',
        workingDays: 2,
        today: '2026-03-01',
        seeded: true,
      }).state,
    ).toBe('not-tracked');
    const unknown = publicationDeadline(calendar, {
      signedAt: '2019-05-05',
      workingDays: 2,
      today: '2026-03-01',
    });
    expect(unknown.state).toBe('not-tracked');
    expect(unknown.dueDay).toBeUndefined();
  });
});
