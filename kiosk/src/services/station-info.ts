/**
 * What the browsers read about the station: its description for the kiosk, the agent's health
 * (hub link and printer), the services with their state and wait, and the printer.
 */
import type { Health, ServiceInfo, Station } from '@xz/shared/contract/agent-api';
import type { PrinterInfo } from '@xz/shared/contract/states';
import type { GreenChannel } from '@xz/shared/green/recognise';
import { countersServing, serviceStatus } from '@xz/shared/queue/decider';
import { estimateWait } from '@xz/shared/queue/estimate';
import type { StationPrinting } from '../printing.ts';
import type { QueueService } from '../queue-service.ts';
import type { StationConfig } from '../station.ts';
import type { StationSync } from '../sync.ts';

/** Idle seconds before the kiosk returns home, unless the station sets its own. */
export const KIOSK_IDLE_SECONDS = 60;
/** Seconds the ticket confirmation stays once printed, unless the station sets its own. */
export const KIOSK_CONFIRMATION_SECONDS = 30;

export interface StationInfo {
  health(): Promise<Health>;
  station(): Station;
  services(): ServiceInfo[];
  printer(): PrinterInfo;
}

export interface StationInfoDeps {
  /** The station's configuration now (a pushed configuration may change it). */
  station: () => StationConfig;
  version: string;
  green: Pick<GreenChannel, 'groups'>;
  queue: Pick<QueueService, 'state'>;
  sync: Pick<StationSync, 'statusNow'>;
  printing: Pick<StationPrinting, 'info'>;
  now: () => number;
}

export function createStationInfo(deps: StationInfoDeps): StationInfo {
  return {
    async health() {
      return {
        ok: true,
        stationId: deps.station().stationId,
        version: deps.version,
        hub: await deps.sync.statusNow(),
        printer: deps.printing.info(),
      };
    },

    station() {
      const station = deps.station();
      const kiosk = station.kiosk ?? {};
      const idleSeconds = kiosk.idleSeconds ?? KIOSK_IDLE_SECONDS;
      return {
        id: station.stationId,
        name: station.name,
        timeZone: station.timeZone,
        hours: station.hours,
        ...(station.phone ? { phone: station.phone } : {}),
        idleSeconds,
        elderIdleSeconds: kiosk.elderIdleSeconds ?? idleSeconds * 3,
        confirmationSeconds: kiosk.confirmationSeconds ?? KIOSK_CONFIRMATION_SECONDS,
        ...(kiosk.brandingImage ? { brandingImage: kiosk.brandingImage } : {}),
        counters: station.counters.map((c) => ({ id: c.id, services: [...c.services] })),
        services: station.services.map((s) => ({ id: s.id, prefix: s.prefix, name: s.name })),
        groups: deps.green.groups.map((g) => ({
          id: g.id,
          name: { zh: g.zh, en: g.en },
          declarable: g.how.includes('declared'),
          confirm: g.confirm,
        })),
      };
    },

    services() {
      const state = deps.queue.state();
      const at = deps.now();
      return state.config.services.map((s) => {
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
      });
    },

    printer: () => deps.printing.info({ withJobs: true }),
  };
}
