/**
 * `decide(command, state) → events`: checks the rules and throws DomainError when one refuses the
 * command. Time and ids come in with the commands; nothing here reads a clock or draws random
 * numbers. O(log n) in the number of tickets, except CallNext: O(tickets waiting for that counter).
 */
import { DomainError, ErrorCode } from '../errors.ts';
import { ticketId as buildTicketId, MAX_TICKET_SEQ, ticketNumber } from '../ids.ts';
import { chooseNext } from './calling.ts';
import { DEFAULT_NO_SHOW_UNDO_MINUTES, invalid, serviceOf, stationTimeOf } from './config.ts';
import { isOpenAt } from './hours.ts';
import { countersServing, issuedOn, nextSeqOn } from './queries.ts';
import type { QueueCommand, QueueEvent, QueueState, TicketView } from './types.ts';

const MAX_ID_LENGTH = 128;

function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH)
    throw invalid(field, `must be a string of 1..${MAX_ID_LENGTH} characters`);
  return value;
}

function requireTime(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw invalid('at', 'must be epoch milliseconds');
  return value;
}

function ticketOf(state: QueueState, ticketId: string): TicketView {
  const t = state.tickets.get(ticketId);
  if (!t) throw new DomainError(ErrorCode.NotFound, `Unknown ticket '${ticketId}'`, { ticketId });
  return t;
}

function counterOf(state: QueueState, counterId: string) {
  const config = state.config.counters.find((c) => c.id === counterId);
  const live = state.counters[counterId];
  if (!config || !live)
    throw new DomainError(ErrorCode.NotFound, `Unknown counter '${counterId}'`, { counterId });
  return { config, live };
}

function currentTicket(state: QueueState, counterId: string): TicketView {
  const { live } = counterOf(state, counterId);
  const t = live.currentTicketId ? state.tickets.get(live.currentTicketId) : undefined;
  if (t?.status !== 'called')
    throw new DomainError(ErrorCode.CounterIdle, `Counter '${counterId}' has no current ticket`, {
      counterId,
    });
  return t;
}

function requireFree(state: QueueState, counterId: string): void {
  const { live } = counterOf(state, counterId);
  const t = live.currentTicketId ? state.tickets.get(live.currentTicketId) : undefined;
  if (t && t.status === 'called')
    throw new DomainError(ErrorCode.CounterBusy, `Counter '${counterId}' is still serving ${t.number}`, {
      counterId,
      ticketId: t.id,
    });
}

/** Decides the events a command causes; throws DomainError when a rule refuses it. */
export function decide(command: QueueCommand, state: QueueState): QueueEvent[] {
  const stationId = state.config.stationId;
  switch (command.type) {
    case 'IssueTicket': {
      const d = command.data;
      const at = requireTime(d.at);
      if (d.idempotencyKey !== undefined) {
        requireId(d.idempotencyKey, 'idempotencyKey');
        if (state.idempotency.has(d.idempotencyKey)) return [];
      }
      if (d.lang !== undefined && d.lang !== 'zh' && d.lang !== 'en')
        throw invalid('lang', "must be 'zh' or 'en'");
      if (d.green !== undefined) {
        requireId(d.green.groupId, 'green.groupId');
        if (!['id-age', 'list', 'declared'].includes(d.green.how))
          throw invalid('green.how', "must be 'id-age', 'list' or 'declared'");
        if (typeof d.green.needsConfirmation !== 'boolean')
          throw invalid('green.needsConfirmation', 'must be boolean');
      }
      const service = serviceOf(state, requireId(d.serviceId, 'serviceId'));
      if (countersServing(state, service.id).length === 0)
        throw new DomainError(ErrorCode.NoCounter, `No counter serves '${service.id}'`, {
          serviceId: service.id,
        });
      if (!isOpenAt(state, service.id, at))
        throw new DomainError(ErrorCode.QueueClosed, `'${service.id}' is closed now`, {
          serviceId: service.id,
        });
      const day = stationTimeOf(state).day(at);
      const seq = nextSeqOn(state, day, service.id);
      if (issuedOn(state, day, service.id) >= service.dailyCap || seq > MAX_TICKET_SEQ)
        throw new DomainError(ErrorCode.DailyCap, `'${service.id}' reached its daily cap`, {
          serviceId: service.id,
          dailyCap: service.dailyCap,
        });
      const ticketId = buildTicketId({ stationId, day, serviceId: service.id, seq });
      if (state.tickets.has(ticketId))
        throw new DomainError(ErrorCode.Conflict, `Ticket '${ticketId}' exists already`, { ticketId });
      const issued: QueueEvent = {
        type: 'TicketIssued',
        data: {
          ticketId,
          stationId,
          serviceId: service.id,
          day,
          seq,
          number: ticketNumber(service.prefix, seq),
          kind: d.green ? 'green' : 'normal',
          issuedAt: at,
          at,
          lang: d.lang ?? 'zh',
          by: 'kiosk',
          ...(d.green ? { green: { ...d.green } } : {}),
          ...(d.idempotencyKey !== undefined ? { idempotencyKey: d.idempotencyKey } : {}),
        },
      };
      if (!d.green) return [issued];
      return [
        issued,
        {
          type: 'GreenChannelGranted',
          data: {
            ticketId,
            stationId,
            at,
            groupId: d.green.groupId,
            how: d.green.how,
            needsConfirmation: d.green.needsConfirmation,
          },
        },
      ];
    }
    case 'CallNext': {
      const { counterId, by } = command.data;
      const at = requireTime(command.data.at);
      requireFree(state, counterId);
      const next = chooseNext(state, counterId, at);
      if (!next) return [];
      const t = ticketOf(state, next.ticketId);
      return [
        {
          type: 'TicketCalled',
          data: {
            ticketId: t.id,
            stationId,
            at,
            counterId,
            by,
            rule: next.rule,
            explanation: next.explanation,
            kind: t.kind,
            waitedMs: Math.max(0, at - t.queuedAt),
          },
        },
      ];
    }
    case 'CallTicket': {
      const { counterId, ticketId, by } = command.data;
      const at = requireTime(command.data.at);
      const { config } = counterOf(state, counterId);
      requireFree(state, counterId);
      const t = ticketOf(state, ticketId);
      if (t.status !== 'waiting')
        throw new DomainError(ErrorCode.Conflict, `Ticket ${t.number} is ${t.status}, not waiting`, {
          ticketId,
        });
      if (!config.services.includes(t.serviceId))
        throw new DomainError(ErrorCode.Conflict, `Counter '${counterId}' does not serve '${t.serviceId}'`, {
          counterId,
          serviceId: t.serviceId,
        });
      return [
        {
          type: 'TicketCalled',
          data: {
            ticketId,
            stationId,
            at,
            counterId,
            by,
            rule: 'manual',
            explanation: { key: 'call.rule.manual', params: { by } },
            kind: t.kind,
            waitedMs: Math.max(0, at - t.queuedAt),
          },
        },
      ];
    }
    case 'Recall': {
      const { counterId, by } = command.data;
      const at = requireTime(command.data.at);
      const t = currentTicket(state, counterId);
      const base = { ticketId: t.id, stationId, at, counterId, by };
      if (t.recalls < state.config.recallMax)
        return [{ type: 'TicketRecalled', data: { ...base, recalls: t.recalls + 1 } }];
      if (!t.returnedToQueue)
        return [{ type: 'TicketReturnedToQueue', data: { ...base, recalls: t.recalls } }];
      return [{ type: 'TicketNoShow', data: { ...base, reason: 'recall-limit' } }];
    }
    case 'MarkNoShow': {
      const { counterId, by } = command.data;
      const at = requireTime(command.data.at);
      const t = currentTicket(state, counterId);
      return [
        { type: 'TicketNoShow', data: { ticketId: t.id, stationId, at, counterId, by, reason: 'staff' } },
      ];
    }
    case 'RestoreNoShow': {
      const { ticketId, counterId, by } = command.data;
      const at = requireTime(command.data.at);
      counterOf(state, counterId);
      const t = ticketOf(state, requireId(ticketId, 'ticketId'));
      if (t.status !== 'no-show' || t.endedAt === undefined)
        throw new DomainError(ErrorCode.Conflict, `Ticket ${t.number} is ${t.status}, not a no-show`, {
          ticketId,
        });
      const minutes = state.config.noShowUndoMinutes ?? DEFAULT_NO_SHOW_UNDO_MINUTES;
      if (at - t.endedAt > minutes * 60_000)
        throw new DomainError(
          ErrorCode.Conflict,
          `Ticket ${t.number} was marked no-show more than ${minutes} minutes ago`,
          { ticketId, reason: 'too-late', messageZh: `${t.number} 过号已超过 ${minutes} 分钟，不能恢复。` },
        );
      return [
        { type: 'TicketRestored', data: { ticketId, stationId, at, counterId, by, noShowAt: t.endedAt } },
      ];
    }
    case 'Transfer': {
      const { counterId, toServiceId, position, by } = command.data;
      const at = requireTime(command.data.at);
      if (position !== 'front' && position !== 'back') throw invalid('position', "must be 'front' or 'back'");
      const t = currentTicket(state, counterId);
      const to = serviceOf(state, requireId(toServiceId, 'toServiceId'));
      if (to.id === t.serviceId) throw invalid('toServiceId', 'must differ from the ticket’s service');
      if (countersServing(state, to.id).length === 0)
        throw new DomainError(ErrorCode.NoCounter, `No counter serves '${to.id}'`, { serviceId: to.id });
      return [
        {
          type: 'TicketTransferred',
          data: {
            ticketId: t.id,
            stationId,
            at,
            counterId,
            by,
            fromServiceId: t.serviceId,
            toServiceId: to.id,
            position,
          },
        },
      ];
    }
    case 'Finish': {
      const { counterId, by } = command.data;
      const at = requireTime(command.data.at);
      const t = currentTicket(state, counterId);
      const serviceSeconds = Math.max(0, Math.round((at - (t.calledAt ?? at)) / 1000));
      return [
        { type: 'TicketServed', data: { ticketId: t.id, stationId, at, counterId, by, serviceSeconds } },
      ];
    }
    case 'CancelTicket': {
      const { ticketId, by } = command.data;
      const at = requireTime(command.data.at);
      const reason = command.data.reason;
      if (typeof reason !== 'string' || reason.length === 0 || reason.length > 200)
        throw invalid('reason', 'must be a string of 1..200 characters');
      const t = ticketOf(state, ticketId);
      if (t.status !== 'waiting' && t.status !== 'called')
        throw new DomainError(ErrorCode.Conflict, `Ticket ${t.number} is ${t.status} already`, { ticketId });
      return [
        {
          type: 'TicketCancelled',
          data: {
            ticketId,
            stationId,
            at,
            by,
            reason,
            ...(t.status === 'called' && t.counterId ? { counterId: t.counterId } : {}),
          },
        },
      ];
    }
    case 'Reprint': {
      const { ticketId, by } = command.data;
      const at = requireTime(command.data.at);
      const t = ticketOf(state, ticketId);
      if (t.status !== 'waiting' && t.status !== 'called')
        throw new DomainError(ErrorCode.Conflict, `Ticket ${t.number} is ${t.status}; nothing to reprint`, {
          ticketId,
        });
      return [{ type: 'TicketReprinted', data: { ticketId, stationId, at, by } }];
    }
    case 'ConfirmGreen': {
      const { counterId, confirmed, by } = command.data;
      const at = requireTime(command.data.at);
      if (typeof confirmed !== 'boolean') throw invalid('confirmed', 'must be boolean');
      const t = currentTicket(state, counterId);
      if (t.kind !== 'green' || !t.green?.needsConfirmation || t.greenConfirmed !== undefined)
        throw new DomainError(ErrorCode.Conflict, `Ticket ${t.number} has no green channel to confirm`, {
          ticketId: t.id,
        });
      const data = { ticketId: t.id, stationId, at, counterId, by, groupId: t.green.groupId };
      return [confirmed ? { type: 'GreenChannelConfirmed', data } : { type: 'GreenChannelDeclined', data }];
    }
    case 'RecordPrinted': {
      const { ticketId, jobId, reprint } = command.data;
      const at = requireTime(command.data.at);
      requireId(jobId, 'jobId');
      ticketOf(state, ticketId);
      return [{ type: 'TicketPrinted', data: { ticketId, stationId, at, jobId, reprint: reprint === true } }];
    }
    default: {
      const never: never = command;
      throw invalid('type', `unknown command ${JSON.stringify((never as { type?: unknown }).type)}`);
    }
  }
}
