/**
 * Printing benchmarks (called by `npm run bench`): ticket size, and the software latency from
 * enqueue to the last byte of the ticket at the printer (virtual printer over a socat pty, so
 * there is no wire time), at a steady arrival rate.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadProfile } from '@xz/firmware-config/config';
import type { PrintRequest } from '@xz/shared/print/schemas';
import { startVirtualPrinter } from '../virtual-printer/device.ts';
import { encodePrintRequest } from './encoder.ts';
import { createPrintQueue } from './queue.ts';
import { openSerialTransport } from './serial.ts';

/** A representative ticket: long Chinese station name, Chinese service, native QR to the status page. */
export function benchTicket(seq: number): PrintRequest {
  const number = `${'ABCDEFGHJ'[seq % 9]}${String((Math.floor(seq / 9) % 999) + 1).padStart(3, '0')}`;
  return {
    kind: 'ticket',
    lang: 'zh',
    data: {
      number,
      service: { zh: '综合受理（一窗通办）', en: 'General intake (one window)' },
      issuedAt: '2026-03-02 09:15',
      ahead: 12,
      waitMinutes: { min: 15, max: 30 },
      counters: '1-3',
      statusUrl: `https://hub.example.cn/t/xhd-lingzhu-01/2026-03-02/${number}?b=${seq}`,
      station: {
        zh: '西海岸新区灵珠山街道营商环境服务小站（24小时自助）',
        en: 'Lingzhushan Street business service station, West Coast New Area (24-hour self-service)',
      },
    },
  };
}

/** Bytes of a ticket (Chinese text + native QR) for a profile; target ≤ 1024. */
export function ticketSizeBytes(profileId = 'generic-80'): number {
  return encodePrintRequest(benchTicket(1), loadProfile(profileId)).length;
}

export interface PrintLatencyResult {
  readonly name: 'print-enqueue-to-last-byte';
  readonly profile: string;
  readonly jobs: number;
  readonly ratePerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly bytesPerJob: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Enqueues `jobs` tickets at `ratePerSec` into a real print queue (journal on disk, fsync) that
 * sends them through serialport to the virtual printer; measures enqueue → last byte parsed.
 */
export async function benchPrintLatency(
  options: { jobs?: number; ratePerSec?: number; profileId?: string; dir?: string } = {},
): Promise<PrintLatencyResult> {
  const jobs = options.jobs ?? 200;
  const ratePerSec = options.ratePerSec ?? 20;
  const profileId = options.profileId ?? 'generic-80';
  const profile = loadProfile(profileId);
  const base = options.dir ?? (await mkdtemp(join(tmpdir(), 'xz-bench-print-')));
  const printer = await startVirtualPrinter({ dir: join(base, 'vp'), idleEndMs: 60_000 });
  const transport = await openSerialTransport({ path: printer.path, profile });
  const queue = createPrintQueue({ dir: join(base, 'journal'), transport, profile, pollMs: 1000 });
  const started = new Map<string, number>();
  try {
    await queue.start();
    const t0 = performance.now();
    const enqueues: Promise<unknown>[] = [];
    for (let i = 0; i < jobs; i++) {
      const due = t0 + (i * 1000) / ratePerSec;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const request = benchTicket(i);
      const url = request.kind === 'ticket' ? request.data.statusUrl : '';
      started.set(url, performance.timeOrigin + performance.now());
      enqueues.push(queue.enqueue({ request }));
    }
    await Promise.all(enqueues);
    const printed = await printer.waitForJobs(jobs, 60_000 + jobs * 100);
    const latencies = printed
      .map((job) => job.lastByteAt - (started.get(job.qr[0] ?? '') ?? Number.NaN))
      .filter((v) => Number.isFinite(v))
      .sort((a, b) => a - b);
    const round = (v: number) => Math.round(v * 100) / 100;
    return {
      name: 'print-enqueue-to-last-byte',
      profile: profileId,
      jobs: latencies.length,
      ratePerSec,
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies.at(-1) ?? Number.NaN),
      bytesPerJob: printed[0]?.bytes.length ?? 0,
    };
  } finally {
    await queue.stop();
    await transport.close();
    await printer.close();
    if (!options.dir) await rm(base, { recursive: true, force: true });
  }
}
