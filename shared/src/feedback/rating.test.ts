import { describe, expect, it } from 'vitest';
import { validateDocAs } from '../docs/validate.ts';
import { isDomainError } from '../errors.ts';
import { decideRating, type RatedTicket } from './rating.ts';

const STATION = 'xhd-lingzhu-01';
const AT = Date.UTC(2026, 2, 3, 2, 0);
const served: RatedTicket = {
  id: `ticket:${STATION}:2026-03-03:tax:001`,
  number: 'B001',
  day: '2026-03-03',
  status: 'served',
  serviceId: 'tax',
  counterId: '2',
};
const context = (tickets: RatedTicket[]) => ({ stationId: STATION, today: '2026-03-03', at: AT, tickets });

function refusal(run: () => unknown): { code: string; field?: unknown } {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, field: error.details?.field };
    throw error;
  }
  throw new Error('not refused');
}

describe('a rating at the kiosk', () => {
  it('given a served ticket of today, makes a valid rating document of its class', () => {
    const doc = decideRating(
      { ticketNumber: 'B001', level: 2, comment: '  slow  ', phone: '13800138000' },
      context([served]),
    );
    expect(doc).toMatchObject({
      _id: `rating:${served.id}`,
      ticketNumber: 'B001',
      counterId: '2',
      level: 2,
      class: 'bad',
      comment: 'slow',
      phone: '13800138000',
      channel: 'kiosk',
      at: AT,
    });
    expect(validateDocAs('rating', doc).ok).toBe(true);
  });

  it('given only yesterday’s ticket of that number, refuses with not found on the number', () => {
    expect(
      refusal(() =>
        decideRating({ ticketNumber: 'B001', level: 5 }, context([{ ...served, day: '2026-03-02' }])),
      ),
    ).toEqual({
      code: 'XZ_ERR_NOT_FOUND',
      field: 'ticketNumber',
    });
  });

  it('given a ticket still waiting, refuses with a conflict', () => {
    expect(
      refusal(() =>
        decideRating({ ticketNumber: 'B001', level: 5 }, context([{ ...served, status: 'waiting' }])),
      ),
    ).toEqual({ code: 'XZ_ERR_CONFLICT', field: 'ticketNumber' });
  });

  it('leaves out an empty comment and an absent counter', () => {
    const { counterId: _, ...noCounter } = served;
    const doc = decideRating({ ticketNumber: 'B001', level: 4, comment: '   ' }, context([noCounter]));
    expect(doc).not.toHaveProperty('comment');
    expect(doc).not.toHaveProperty('counterId');
    expect(doc.class).toBe('good');
  });
});
