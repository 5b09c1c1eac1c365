/**
 * What the agent tells browsers about a ticket: the ticket as the queue derives it, plus people
 * ahead, the wait range, the counters and the status URL of its QR code.
 */

import type { Ticket } from '@xz/shared/contract/agent-api';
import type { TicketPrintState } from '@xz/shared/contract/states';
import { countersServing } from '@xz/shared/queue/decider';
import { estimateForTicket } from '@xz/shared/queue/estimate';
import type { QueueState, TicketView } from '@xz/shared/queue/types';
import type { StationTime } from '@xz/shared/time';

/** What the agent tells browsers about a ticket (the contract's Ticket). */
export type TicketDto = Ticket;
export type PrintState = TicketPrintState;

export interface DtoContext {
  time: StationTime;
  groupName(groupId: string): { zh: string; en: string };
  statusUrl(ticketId: string): string;
  printState?(ticketId: string): PrintState | undefined;
}

export function ticketDto(state: QueueState, ticket: TicketView, ctx: DtoContext, at: number): TicketDto {
  const service = state.config.services.find((s) => s.id === ticket.serviceId);
  const clock = ctx.time.clock(ticket.issuedAt);
  const wait = estimateForTicket(state, ticket, at);
  const dto: TicketDto = {
    id: ticket.id,
    number: ticket.number,
    serviceId: ticket.serviceId,
    serviceName: service?.name ?? { zh: ticket.serviceId, en: ticket.serviceId },
    kind: ticket.kind,
    status: ticket.status,
    issuedAt: ticket.issuedAt,
    issuedAtText: `${clock.day} ${clock.hhmm}`,
    ahead: wait.ahead,
    estimate: { minMinutes: wait.minMinutes, maxMinutes: wait.maxMinutes },
    counters: countersServing(state, ticket.serviceId),
    statusUrl: ctx.statusUrl(ticket.id),
  };
  if (ticket.green) {
    dto.green = {
      groupId: ticket.green.groupId,
      name: ctx.groupName(ticket.green.groupId),
      how: ticket.green.how,
      needsConfirmation: ticket.green.needsConfirmation && ticket.greenConfirmed === undefined,
    };
  }
  if (ticket.counterId) dto.counterId = ticket.counterId;
  const print = ctx.printState?.(ticket.id);
  if (print) dto.print = print;
  return dto;
}
