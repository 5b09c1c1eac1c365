/**
 * The station's printing: tickets, green slips, policy slips and request receipts go through the
 * durable print queue to the serial printer. What a slip says is decided here from the queue's
 * state; how it looks is the shared layouts; the bytes and the journal are the printer modules.
 */
import { join } from 'node:path';
import { loadProfile } from '@xz/firmware-config/config';
import type { PrinterProfile } from '@xz/firmware-config/schemas';
import type { ShownPolicy } from '@xz/shared/contract/agent-api';
import type { PrinterInfo } from '@xz/shared/contract/states';
import { POLICY_FIELD_LABELS, type PolicyField } from '@xz/shared/docs/policy-labels';
import { translate } from '@xz/shared/i18n/t';
import { checkPrintRequest, type PrintRequest } from '@xz/shared/print/schemas';
import type { QueueState, TicketView } from '@xz/shared/queue/types';
import type { StationTime } from '@xz/shared/time';
import type { AgentEnv } from './env.ts';
import type { KioskPolicy } from './policies.ts';
import { encodePrintRequest } from './printer/encoder.ts';
import { createPrintQueue, type JobRecord, type PrintQueue } from './printer/queue.ts';
import { canPrint, type PrinterState } from './printer/status.ts';
import { createPrinterLink } from './printer-link.ts';
import type { StationConfig } from './station.ts';
import type { DtoContext, PrintState } from './ticket-dto.ts';
import { ticketDto } from './ticket-dto.ts';

/** The stable device name the udev rule gives the station's printer. */
export const DEFAULT_PRINTER_PATH = '/dev/xz-printer';
/** A slip not printed within this time is cancelled, never printed late. */
export const JOB_EXPIRY_MS = 10 * 60_000;

export type { PrinterInfo };

export interface GreenReason {
  key: string;
  params: Readonly<Record<string, string | number>>;
}

export interface StationPrinting {
  info(options?: { withJobs?: boolean }): PrinterInfo;
  /** Writes the ticket's print job durably; resolves before any byte is sent. */
  printTicket(
    state: QueueState,
    ticket: TicketView,
    options: { reprint: boolean; greenReason?: GreenReason },
  ): Promise<void>;
  printPolicy(policy: ShownPolicy, lang: 'zh' | 'en'): Promise<void>;
  printReceipt(receipt: { number: string; statusUrl: string; kioskAt: number }): Promise<void>;
  printTestPage(): Promise<void>;
  ticketPrintState(ticketId: string): PrintState | undefined;
  onState(listener: (state: PrinterState) => void): () => void;
  /** Tells the queue when a ticket's slip was printed. */
  onTicketPrinted(listener: (ticketId: string, jobId: string, reprint: boolean) => void): void;
  /** After a restart: a ticket issued but never given to the printer (crash in between) is printed now. */
  resumeAfterRestart(state: QueueState, dto: DtoContext): Promise<void>;
  /**
   * Lays out, checks and encodes a sample ticket in both languages without printing it, so the
   * first citizen of the day does not wait for the character tables and the QR code to load.
   */
  warmUp(): void;
  close(): Promise<void>;
}

interface PrintingOptions {
  env: AgentEnv;
  station: StationConfig;
  now: () => number;
  time: StationTime;
}

export async function startStationPrinting({
  env,
  station,
  now,
  time,
}: PrintingOptions): Promise<StationPrinting> {
  const profile: PrinterProfile = loadProfile(env.printerProfile ?? station.printerProfileId);
  const link = createPrinterLink(env.printerPath ?? DEFAULT_PRINTER_PATH, profile);
  const ttlMs = JOB_EXPIRY_MS;
  const stateListeners = new Set<(s: PrinterState) => void>();
  const printedListeners: ((ticketId: string, jobId: string, reprint: boolean) => void)[] = [];
  const latestByTicket = new Map<string, JobRecord>();
  let lastPrinter: PrinterState | undefined;

  const queue: PrintQueue = createPrintQueue({
    dir: join(env.dataDir, 'print'),
    transport: link,
    profile,
    now,
    jobTtlMs: ttlMs,
    onState: (s) => {
      if (s.printer !== lastPrinter) {
        lastPrinter = s.printer;
        for (const l of stateListeners) l(s.printer);
      }
    },
    onJob: (job) => {
      if (job.ticketId) latestByTicket.set(job.ticketId, job);
      if (job.ticketId && job.state === 'printed') {
        for (const l of printedListeners) l(job.ticketId, job.id, job.reprint);
      }
    },
    onError: (error) => console.error('print queue:', error.message),
  });
  await queue.start();
  for (const job of queue.jobs()) if (job.ticketId) latestByTicket.set(job.ticketId, job);

  const stationName = { zh: station.name.zh, en: station.name.en };
  const stamp = (at: number) => {
    const c = time.clock(at);
    return `${c.day} ${c.hhmm}`;
  };

  function ticketRequest(
    state: QueueState,
    ticket: TicketView,
    dto: DtoContext,
    reprint: boolean,
    reason?: GreenReason,
  ): PrintRequest {
    const d = ticketDto(state, ticket, dto, now());
    const lang = ticket.lang;
    const data = {
      number: ticket.number,
      service: d.serviceName,
      issuedAt: d.issuedAtText,
      ahead: d.ahead,
      waitMinutes: { min: minutes(d.estimate.minMinutes), max: minutes(d.estimate.maxMinutes) },
      counters: d.counters.join(', ') || '-',
      statusUrl: d.statusUrl,
      station: stationName,
      ...(reprint ? { reprint: true } : {}),
    };
    if (ticket.kind === 'green' && ticket.green) {
      const group = d.green?.name ?? { zh: ticket.green.groupId, en: ticket.green.groupId };
      const why = reason ?? { key: `green.how.${ticket.green.how}`, params: {} };
      return {
        kind: 'green-slip',
        lang,
        data: {
          ...data,
          reason: {
            code: ticket.green.groupId.toUpperCase().slice(0, 32),
            zh: clip(`${group.zh}·${translate('zh-CN', why.key, why.params)}`, 40),
            en: clip(`${group.en}: ${translate('en', why.key, why.params)}`, 60),
          },
        },
      };
    }
    return { kind: 'ticket', lang, data };
  }

  let dtoCtx: DtoContext | undefined;

  const printing: StationPrinting = {
    info(options = {}) {
      const s = queue.state();
      const info: PrinterInfo = { state: s.printer, profile: profile.id, pending: s.waiting, held: s.held };
      if (options.withJobs) {
        info.lastJobs = queue
          .jobs()
          .slice(-10)
          .reverse()
          .map((j) => ({
            id: j.id,
            kind: j.kind,
            ...(j.ticketId ? { ticketId: j.ticketId } : {}),
            state: j.state,
            ...(j.reason ? { reason: j.reason } : {}),
            reprint: j.reprint,
          }));
      }
      return info;
    },
    async printTicket(state, ticket, options) {
      if (!dtoCtx) throw new Error('printing used before resumeAfterRestart');
      await queue.enqueue({
        // The first print of a ticket has one job id, so it is never queued twice.
        id: options.reprint ? `${ticket.id}:reprint-${now().toString(36)}` : `${ticket.id}:first`,
        ticketId: ticket.id,
        request: ticketRequest(state, ticket, dtoCtx, options.reprint, options.greenReason),
      });
    },
    async printPolicy(policy, lang) {
      const pick = (b: { zh: string; en: string } | undefined) =>
        b ? (lang === 'zh' ? b.zh : b.en) : undefined;
      const facts = policySlipFacts(policy, lang);
      await queue.enqueue({
        request: {
          kind: 'policy-slip',
          lang,
          data: {
            title: clip(pick(policy.title) ?? policy.id, 120),
            facts,
            url: policy.url ?? `http://127.0.0.1/p/${policy.id}`,
            printedAt: stamp(now()),
            station: stationName,
          },
        },
      });
    },
    async printReceipt(receipt) {
      await queue.enqueue({
        request: {
          kind: 'request-receipt',
          lang: 'zh',
          data: {
            requestNumber: receipt.number,
            submittedAt: stamp(receipt.kioskAt),
            trackUrl: receipt.statusUrl,
            station: stationName,
          },
        },
      });
    },
    async printTestPage() {
      await queue.enqueue({
        request: {
          kind: 'test-page',
          lang: 'zh',
          data: {
            profile: {
              id: profile.id,
              model: profile.model,
              paperWidthMm: profile.paperWidthMm,
              charsPerLine: profile.charsPerLine,
              codePage: profile.codePage,
              baudRate: profile.baudRate,
              flowControl: profile.flowControl,
              qrNative: profile.qr.native,
              cutter: profile.cutter,
            },
            printedAt: stamp(now()),
          },
        },
      });
    },
    ticketPrintState(ticketId) {
      const job = latestByTicket.get(ticketId);
      if (!job) return undefined;
      switch (job.state) {
        case 'printed':
          return { state: 'printed' };
        case 'cancelled':
          return { state: 'cancelled', ...(job.reason ? { reason: job.reason } : {}) };
        case 'pending':
        case 'sending':
          return canPrint(queue.state().printer)
            ? { state: 'queued' }
            : { state: 'held', reason: queue.state().printer };
        default: {
          const never: never = job.state;
          return never;
        }
      }
    },
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    onTicketPrinted(listener) {
      printedListeners.push(listener);
    },
    async resumeAfterRestart(state, dto) {
      dtoCtx = dto;
      const at = now();
      for (const t of state.tickets.values()) {
        if (t.printed > 0 || t.status !== 'waiting' || latestByTicket.has(t.id)) continue;
        if (at - t.issuedAt > ttlMs) continue;
        await printing.printTicket(state, t, { reprint: false });
      }
    },
    warmUp() {
      for (const lang of ['zh', 'en'] as const) {
        const sample: PrintRequest = {
          kind: 'ticket',
          lang,
          data: {
            number: 'A001',
            service: { zh: '综合受理', en: 'General intake' },
            issuedAt: stamp(now()),
            ahead: 0,
            waitMinutes: { min: 0, max: 5 },
            counters: '1',
            statusUrl: 'http://127.0.0.1/t/sample',
            station: stationName,
          },
        };
        const issues = checkPrintRequest(sample);
        if (issues.length > 0) throw new Error(`the sample slip is invalid: ${JSON.stringify(issues)}`);
        encodePrintRequest(sample, profile);
      }
    },
    async close() {
      await queue.stop();
      await link.close();
    },
  };
  return printing;
}

/** Whole minutes within what a slip can show (a day at most). */
function minutes(value: number): number {
  return Math.min(MAX_SLIP_MINUTES, Math.max(0, Math.round(value)));
}

const MAX_SLIP_MINUTES = 1440;

/** A policy slip's facts: the screen's facts in the screen's order and words (POLICY_FIELD_LABELS). */
export function policySlipFacts(policy: KioskPolicy, lang: 'zh' | 'en'): { label: string; value: string }[] {
  const pick = (b: { zh: string; en: string } | undefined) => (b ? (lang === 'zh' ? b.zh : b.en) : undefined);
  return (
    [
      ['department', pick(policy.department)],
      ['beneficiaries', pick(policy.beneficiaries)],
      ['conditions', pick(policy.conditions)],
      ['benefit', pick(policy.benefit)],
      ['apply', policy.apply?.to ? `${policy.apply.from ?? ''} – ${policy.apply.to}` : undefined],
      ['where', pick(policy.apply?.where)],
      ['phone', policy.apply?.phone],
    ] as [PolicyField, string | undefined][]
  )
    .filter((f): f is [PolicyField, string] => typeof f[1] === 'string' && f[1].length > 0)
    .map(([field, value]) => ({ label: POLICY_FIELD_LABELS[lang][field], value: clip(value, 240) }));
}

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
