/** Tickets as the agent tells browsers about them (the contract's Ticket), from the queue's state. */
import type { Ticket } from '@xz/shared/contract/agent-api';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import type { QueueService } from '../queue-service.ts';
import { type DtoContext, ticketDto } from '../ticket-dto.ts';

export interface TicketViews {
  /** The ticket now, or XZ_ERR_NOT_FOUND on field 'id'. */
  of(ticketId: string): Ticket;
}

export function createTicketViews(deps: {
  queue: Pick<QueueService, 'state'>;
  dto: DtoContext;
  now: () => number;
}): TicketViews {
  return {
    of(ticketId) {
      const state = deps.queue.state();
      const ticket = state.tickets.get(ticketId);
      if (!ticket)
        throw new DomainError(ErrorCode.NotFound, 'No such ticket.', {
          field: 'id',
          messageZh: '没有这张号票。',
        });
      return ticketDto(state, ticket, deps.dto, deps.now());
    },
  };
}
