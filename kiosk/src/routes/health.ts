/** Health, station description, services with their state, and the printer. */

import { Type } from '@sinclair/typebox';
import { countersServing, serviceStatus } from '@xz/shared/queue/decider';
import { estimateWait } from '@xz/shared/queue/estimate';
import type { FastifyPluginAsync } from 'fastify';
import type { AgentContext } from '../app.ts';

const Bilingual = Type.Object({ zh: Type.String(), en: Type.String() });

export const ServiceDto = Type.Object({
  id: Type.String(),
  prefix: Type.String(),
  name: Bilingual,
  open: Type.Boolean(),
  closedReason: Type.Optional(
    Type.Union([Type.Literal('hours'), Type.Literal('cap'), Type.Literal('no-counter')]),
  ),
  nearCap: Type.Boolean(),
  waiting: Type.Integer(),
  estimate: Type.Object({ minMinutes: Type.Number(), maxMinutes: Type.Number() }),
  counters: Type.Array(Type.String()),
});

/** Idle seconds before the kiosk returns home, unless the station sets its own. */
export const KIOSK_IDLE_SECONDS = 60;
/** Seconds the ticket confirmation stays once printed, unless the station sets its own. */
export const KIOSK_CONFIRMATION_SECONDS = 30;

export function healthRoutes(ctx: AgentContext): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/api/health',
      { schema: { tags: ['station'], summary: 'Agent health, hub sync and printer state' } },
      async () => ({
        ok: true,
        stationId: ctx.station.stationId,
        version: '0.1.0',
        hub: await ctx.sync.statusNow(),
        printer: ctx.printing.info(),
      }),
    );

    app.get(
      '/api/station',
      { schema: { tags: ['station'], summary: 'The station, its counters and declarable groups' } },
      async () => {
        const kiosk = ctx.station.kiosk ?? {};
        const idleSeconds = kiosk.idleSeconds ?? KIOSK_IDLE_SECONDS;
        return {
          id: ctx.station.stationId,
          name: ctx.station.name,
          timeZone: ctx.station.timeZone,
          hours: ctx.station.hours,
          ...(ctx.station.phone ? { phone: ctx.station.phone } : {}),
          idleSeconds,
          elderIdleSeconds: kiosk.elderIdleSeconds ?? idleSeconds * 3,
          confirmationSeconds: kiosk.confirmationSeconds ?? KIOSK_CONFIRMATION_SECONDS,
          ...(kiosk.brandingImage ? { brandingImage: kiosk.brandingImage } : {}),
          counters: ctx.station.counters.map((c) => ({ id: c.id, services: c.services })),
          services: ctx.station.services.map((s) => ({ id: s.id, prefix: s.prefix, name: s.name })),
          groups: ctx.green.groups.map((g) => ({
            id: g.id,
            name: { zh: g.zh, en: g.en },
            declarable: g.how.includes('declared'),
            confirm: g.confirm,
          })),
        };
      },
    );

    app.get(
      '/api/services',
      {
        schema: {
          tags: ['tickets'],
          summary: 'Services with open/closed state, people waiting and a wait range',
          response: { 200: Type.Object({ services: Type.Array(ServiceDto) }) },
        },
      },
      async () => {
        const state = ctx.queue.state();
        const at = ctx.now();
        return {
          services: state.config.services.map((s) => {
            const status = serviceStatus(state, s.id, at);
            const est = estimateWait(state, s.id, 'normal', at);
            return {
              id: s.id,
              prefix: s.prefix,
              name: s.name,
              open: status.open,
              ...(status.closedReason ? { closedReason: status.closedReason } : {}),
              nearCap: status.nearCap,
              waiting: status.waiting,
              estimate: { minMinutes: est.minMinutes, maxMinutes: est.maxMinutes },
              counters: countersServing(state, s.id),
            };
          }),
        };
      },
    );

    app.get(
      '/api/printer',
      { schema: { tags: ['printer'], summary: 'Printer state and recent jobs' } },
      async () => ctx.printing.info({ withJobs: true }),
    );
  };
}
