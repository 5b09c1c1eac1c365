/** Pushes queue, printer, hub and policy changes to the station's browsers (the contract's station events). */
import type { PolicySource } from './policies.ts';
import type { StationPrinting } from './printing.ts';
import type { QueueService } from './queue-service.ts';
import type { StationIo } from './realtime.ts';
import type { StationSync } from './sync.ts';

export interface BroadcastSources {
  io: StationIo;
  queue: Pick<QueueService, 'onEvents'>;
  printing: Pick<StationPrinting, 'onState'>;
  sync: Pick<StationSync, 'onState'>;
  policies: Pick<PolicySource, 'onChange'>;
}

export function wireBroadcasts({ io, queue, printing, sync, policies }: BroadcastSources): void {
  queue.onEvents((events, state) => {
    // No events: the queue was read again from the store (restored from the hub).
    let queueChanged = events.length === 0;
    for (const e of events) {
      switch (e.type) {
        case 'TicketCalled':
        case 'TicketRecalled': {
          const t = state.tickets.get(e.data.ticketId);
          if (t) {
            io.emit('ticket-called', {
              number: t.number,
              counterId: e.data.counterId,
              green: t.kind === 'green',
              serviceId: t.serviceId,
              at: e.data.at,
              recall: e.type === 'TicketRecalled',
            });
          }
          queueChanged = true;
          break;
        }
        case 'TicketPrinted':
        case 'TicketReprinted':
          break;
        default:
          queueChanged = true;
      }
    }
    if (queueChanged) {
      const byService: Record<string, number> = {};
      let waiting = 0;
      for (const [serviceId, ids] of Object.entries(state.waiting)) {
        byService[serviceId] = ids.size;
        waiting += ids.size;
      }
      io.emit('queue-changed', { waiting, byService });
    }
  });
  printing.onState((type) => io.emit('printer-status', { type }));
  sync.onState((type) => io.emit('hub-status', { type }));
  policies.onChange((version) => io.emit('policies-changed', version ? { version } : {}));
}
