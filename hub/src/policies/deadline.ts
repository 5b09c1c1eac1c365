/**
 * Publication deadline of a policy (pure): it should be published within N working days of its
 * signing date (the West Coast New Area's reform plan asks for 2), counted with the official
 * working-day calendar.
 */

import type { WorkingCalendar } from '@xz/shared/calendar/calendar';
import { isDomainError } from '@xz/shared/errors';

export type DeadlineState = 'on-time' | 'due-soon' | 'overdue' | 'not-tracked';

export interface PublicationDeadline {
  signedAt: string;
  /** Last day to publish on: signedAt + N working days. Absent when the calendar lacks the year. */
  dueDay?: string;
  state: DeadlineState;
  /** Station day of the first publish, once published. */
  publishedOn?: string;
  /** Working days from today to the due day (negative when overdue); absent once published. */
  workingDaysLeft?: number;
}

export interface DeadlineInput {
  signedAt: string;
  /** Working days allowed (N ≥ 0). */
  workingDays: number;
  /** Today, station day. */
  today: string;
  /** Station day of the first publish, if any. */
  publishedOn?: string;
  /** Demo data: not tracked. */
  seeded?: boolean;
}

/** on-time / due-soon (due today or on the next working day) / overdue; a published policy keeps the state it was published in. */
export function publicationDeadline(calendar: WorkingCalendar, input: DeadlineInput): PublicationDeadline {
  const base = {
    signedAt: input.signedAt,
    ...(input.publishedOn ? { publishedOn: input.publishedOn } : {}),
  };
  if (input.seeded) return { ...base, state: 'not-tracked' };
  let dueDay: string;
  try {
    dueDay = calendar.addWorkingDays(input.signedAt, input.workingDays);
  } catch (error) {
    if (isDomainError(error)) return { ...base, state: 'not-tracked' };
    throw error;
  }
  if (input.publishedOn !== undefined) {
    return { ...base, dueDay, state: input.publishedOn <= dueDay ? 'on-time' : 'overdue' };
  }
  let left: number;
  try {
    left = calendar.workingDaysBetween(input.today, dueDay);
  } catch (error) {
    if (isDomainError(error)) return { ...base, dueDay, state: input.today > dueDay ? 'overdue' : 'on-time' };
    throw error;
  }
  const state: DeadlineState = input.today > dueDay ? 'overdue' : left <= 1 ? 'due-soon' : 'on-time';
  return { ...base, dueDay, state, workingDaysLeft: input.today > dueDay ? -Math.max(1, -left) : left };
}
