/** Health, station description, services with their state, and the printer. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorReplies,
  HealthReply,
  PrinterReply,
  ServicesReply,
  StationReply,
} from '@xz/shared/contract/agent-api';
import type { StationInfo } from '../services/station-info.ts';

export function healthRoutes(info: StationInfo): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/api/health',
      {
        schema: {
          tags: ['station'],
          summary: 'Agent health, hub sync and printer state',
          response: { 200: HealthReply, ...ErrorReplies },
        },
      },
      () => info.health(),
    );

    app.get(
      '/api/station',
      {
        schema: {
          tags: ['station'],
          summary: 'The station, its counters and declarable groups',
          response: { 200: StationReply, ...ErrorReplies },
        },
      },
      async () => info.station(),
    );

    app.get(
      '/api/services',
      {
        schema: {
          tags: ['tickets'],
          summary: 'Services with open/closed state, people waiting and a wait range',
          response: { 200: ServicesReply, ...ErrorReplies },
        },
      },
      async () => ({ services: info.services() }),
    );

    app.get(
      '/api/printer',
      {
        schema: {
          tags: ['printer'],
          summary: 'Printer state and recent jobs',
          response: { 200: PrinterReply, ...ErrorReplies },
        },
      },
      async () => info.printer(),
    );
  };
}
