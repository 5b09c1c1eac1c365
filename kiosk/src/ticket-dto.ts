/**
 * What the agent tells browsers about a ticket: the ticket as the queue derives it, plus people
 * ahead, the wait range, the counters and the status URL of its QR code.
 */
import { countersServing } from '@xz/shared/queue/decider';
import { estimateWait } from '@xz/shared/queue/estimate';
import type { QueueState, TicketView } from '@xz/shared/queue/types';
import type { StationTime } from '@xz/shared/time';

export interface PrintState {
  state: 'queued' | 'printed' | 'held' | 'failed' | 'cancelled';
  reason?: string;
}

export interface TicketDto {
  id: string;
  number: string;
  serviceId: string;
  serviceName: { zh: string; en: string };
  kind: 'green' | 'normal';
  green?: { groupId: string; name: { zh: string; en: string }; how: string; needsConfirmation: boolean };
  status: TicketView['status'];
  issuedAt: number;
  issuedAtText: string;
  ahead: number;
  estimate: { minMinutes: number; maxMinutes: number };
  counters: string[];
  counterId?: string;
  statusUrl: string;
  print?: PrintState;
}

export interface DtoContext {
  time: StationTime;
  groupName(groupId: string): { zh: string; en: string };
  statusUrl(ticketId: string): string;
  printState?(ticketId: string): PrintState | undefined;
}

/** Waiting tickets of the same service that were queued before this one (green ones count too). */
export function peopleAhead(state: QueueState, ticket: TicketView): number {
  if (ticket.status !== 'waiting') return 0;
  const ids = state.waiting[ticket.serviceId];
  if (!ids) return 0;
  let ahead = 0;
  for (const id of ids.keys()) {
    if (id === ticket.id) continue;
    const other = state.tickets.get(id);
    if (!other) continue;
    if (other.front && !ticket.front) ahead += 1;
    else if (other.front === ticket.front && other.queuedAt < ticket.queuedAt) ahead += 1;
  }
  return ahead;
}

/** The wait range of a waiting ticket with `ahead` people before it. */
function waitFor(state: QueueState, ticket: TicketView, ahead: number, at: number) {
  const whole = estimateWait(state, ticket.serviceId, ticket.kind, at);
  if (whole.ahead === 0) return whole;
  const minMinutes = Math.floor((whole.minMinutes * ahead) / whole.ahead);
  const maxMinutes = Math.max(
    minMinutes + 1,
    Math.ceil((whole.maxMinutes * (ahead + 1)) / (whole.ahead + 1)),
  );
  return ahead === 0
    ? { minMinutes: 0, maxMinutes: Math.min(maxMinutes, whole.maxMinutes) }
    : { minMinutes, maxMinutes };
}

export function ticketDto(state: QueueState, ticket: TicketView, ctx: DtoContext, at: number): TicketDto {
  const service = state.config.services.find((s) => s.id === ticket.serviceId);
  const clock = ctx.time.clock(ticket.issuedAt);
  const ahead = peopleAhead(state, ticket);
  const wait = ticket.status === 'waiting' ? waitFor(state, ticket, ahead, at) : null;
  const dto: TicketDto = {
    id: ticket.id,
    number: ticket.number,
    serviceId: ticket.serviceId,
    serviceName: service?.name ?? { zh: ticket.serviceId, en: ticket.serviceId },
    kind: ticket.kind,
    status: ticket.status,
    issuedAt: ticket.issuedAt,
    issuedAtText: `${clock.day} ${clock.hhmm}`,
    ahead,
    estimate: wait
      ? { minMinutes: wait.minMinutes, maxMinutes: wait.maxMinutes }
      : { minMinutes: 0, maxMinutes: 0 },
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
