/**
 * Taking a ticket, following it, and checking a green-channel identifier.
 * Issuing: validate (the identifier, recognised with the station's lists) → decide (the queue
 * decider numbers the ticket) → persist (the queue writes its events before its state changes)
 * → print (the slip's job is durable before this answers) → broadcast (the queue's listeners).
 * One ticket per idempotency key: a repeated key answers the same ticket.
 */
import type { GreenCheck, GreenCheckInput, IssueTicketInput, Ticket } from '@xz/shared/contract/agent-api';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { translate } from '@xz/shared/i18n/t';
import type { GreenGrant } from '@xz/shared/queue/types';
import type { StationPrinting } from '../printing.ts';
import type { QueueService } from '../queue-service.ts';
import type { GreenRecogniser } from './green.ts';
import type { TicketViews } from './ticket-views.ts';

export interface TicketService {
  /** `created` is false when the key was seen before (the same ticket again). */
  issue(input: IssueTicketInput): Promise<{ created: boolean; ticket: Ticket }>;
  get(ticketId: string): Ticket;
  checkGreen(input: GreenCheckInput): GreenCheck;
}

export interface TicketServiceDeps {
  queue: Pick<QueueService, 'state' | 'issue'>;
  printing: Pick<StationPrinting, 'printTicket' | 'ticketPrintState'>;
  green: GreenRecogniser;
  views: TicketViews;
  now: () => number;
}

export function createTicketService({
  queue,
  printing,
  green,
  views,
  now,
}: TicketServiceDeps): TicketService {
  /**
   * A repeated request finds its ticket; if the first attempt never reached the printer (an error
   * or a crash between the durable ticket and its print job), the slip is queued now, once.
   */
  async function ensurePrintJob(ticketId: string): Promise<void> {
    const state = queue.state();
    const ticket = state.tickets.get(ticketId);
    if (ticket?.status !== 'waiting' || ticket.printed > 0) return;
    if (printing.ticketPrintState(ticketId) !== undefined) return;
    await printing.printTicket(state, ticket, { reprint: false });
  }

  return {
    async issue(input) {
      const existing = queue.state().idempotency.get(input.idempotencyKey);
      if (existing) {
        await ensurePrintJob(existing);
        return { created: false, ticket: views.of(existing) };
      }
      const recognised = green.recognise(input);
      const grant: GreenGrant | undefined = recognised.grant
        ? {
            groupId: recognised.grant.groupId,
            how: recognised.grant.how,
            needsConfirmation: recognised.grant.needsConfirmation,
          }
        : undefined;
      const events = await queue.issue({
        serviceId: input.serviceId,
        at: now(),
        idempotencyKey: input.idempotencyKey,
        lang: input.lang ?? 'zh',
        ...(grant ? { green: grant } : {}),
      });
      const id = queue.state().idempotency.get(input.idempotencyKey);
      if (!id) throw new Error('issued ticket missing from state');
      if (events.length === 0) return { created: false, ticket: views.of(id) };
      const ticket = queue.state().tickets.get(id);
      if (!ticket) throw new Error('issued ticket missing from state');
      const reason = recognised.grant?.reason;
      await printing.printTicket(queue.state(), ticket, {
        reprint: false,
        ...(reason ? { greenReason: reason } : {}),
      });
      return { created: true, ticket: views.of(id) };
    },

    get: (ticketId) => views.of(ticketId),

    checkGreen(input) {
      if (!input.idNumber && !input.creditCode) {
        throw new DomainError(ErrorCode.Validation, 'Give an ID number or a credit code.', {
          field: 'idNumber',
          messageZh: '请输入身份证号码或统一社会信用代码。',
        });
      }
      const g = green.recognise(input).grant;
      if (!g) return { valid: true };
      return {
        valid: true,
        grant: {
          groupId: g.groupId,
          name: green.groupName(g.groupId),
          how: g.how,
          needsConfirmation: g.needsConfirmation,
          reason: {
            zh: translate('zh-CN', g.reason.key, g.reason.params),
            en: translate('en', g.reason.key, g.reason.params),
          },
        },
      };
    },
  };
}
