import { describe, expect, it } from 'vitest';
import { bundledQueueCalendar } from './queue-calendar.ts';

describe('queue calendar from the official data', () => {
  it('lists every day of the National Day holiday as a rest day and the adjusted Saturday as a working day', () => {
    const cal = bundledQueueCalendar();
    expect(cal.years).toEqual([2026]);
    for (const d of ['2026-10-01', '2026-10-04', '2026-10-07']) expect(cal.restDays).toContain(d);
    expect(cal.restDays).not.toContain('2026-10-08');
    expect(cal.workDays).toContain('2026-10-10');
  });
});
