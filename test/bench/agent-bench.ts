/**
 * Station agent benchmarks: durable ticket issue throughput, tap → last byte at the printer at
 * 20 tickets/s (a steady stream; its first 20 tickets reported apart), ticket size, agent RSS and
 * cold start. The agent runs as its own process, as
 * `npm run agent` runs it (the bundle `kiosk/dist/agent.mjs`, the same Node flags), with a virtual
 * printer on a socat pty pair.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startVirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { kill9, spawnAgent, tempDir } from '../agent/fixtures.ts';

const SERVICES = [
  'enterprise-registration',
  'tax',
  'social-insurance',
  'real-estate',
  'housing-fund',
  'policy-consultation',
  'legal',
  'requests',
  'general',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return mb(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN));
}

/**
 * Resident memory in two parts: file-backed pages (mostly the Node binary's code, the same for
 * every Node process) and anonymous memory (the JavaScript heap, buffers, native allocations).
 */
function residentParts(pid: number): { fileMb: number; anonymousMb: number } {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? Number.NaN);
  return { fileMb: mb(field('Rss') - field('Anonymous')), anonymousMb: mb(field('Anonymous')) };
}

async function post(url: string, body: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${url}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

export async function benchAgent(
  options: { tickets?: number; latencyTickets?: number; warmTickets?: number } = {},
): Promise<object[]> {
  const tickets = options.tickets ?? 2000;
  const latencyTickets = options.latencyTickets ?? 400;
  const warmTickets = options.warmTickets ?? 20;
  const results: object[] = [];
  const dir = await tempDir('bench-agent');
  const printer = await startVirtualPrinter({ dir: join(dir.path, 'printer') });
  const env = { XZ_DATA_DIR: join(dir.path, 'data'), XZ_PRINTER_PATH: printer.path };
  try {
    // Cold start: process spawn → health answered.
    const t0 = performance.now();
    let agent = await spawnAgent(env);
    const health = await fetch(`${agent.url}/api/health`);
    if (!health.ok) throw new Error('agent health failed');
    results.push({ bench: 'agent-cold-start', ms: Math.round(performance.now() - t0), target: '≤ 2000 ms' });

    // Tap → last byte at 20 tickets/s: one steady stream; its first tickets (the agent's first of
    // the day, its code still cold) are reported apart, the rest give the percentiles.
    const sent: { i: number; at: number; url: string }[] = [];
    const interval = 1000 / 20;
    const start = performance.now();
    const pending: Promise<void>[] = [];
    const stream = warmTickets + latencyTickets;
    for (let i = 0; i < stream; i++) {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const at = performance.timeOrigin + performance.now();
      pending.push(
        post(agent.url, {
          serviceId: SERVICES[i % SERVICES.length],
          idempotencyKey: `lat-${i}-${Date.now()}`,
        }).then((r) => {
          if (r.status !== 201) throw new Error(`issue failed: ${r.status} ${JSON.stringify(r.json)}`);
          sent.push({ i, at, url: r.json.ticket.statusUrl });
        }),
      );
    }
    await Promise.all(pending);
    const jobs = await printer.waitForJobs(stream, 60_000);
    const byUrl = new Map(jobs.map((j) => [j.qr[0], j]));
    const latencyOf = (s: { at: number; url: string }) => (byUrl.get(s.url)?.lastByteAt ?? Number.NaN) - s.at;
    const first = sent
      .filter((s) => s.i < warmTickets)
      .sort((a, b) => a.i - b.i)
      .map(latencyOf);
    results.push({
      bench: 'agent-first-tickets',
      tickets: first.length,
      firstMs: Math.round(first[0] * 10) / 10,
      maxMs: Math.round(Math.max(...first) * 10) / 10,
    });
    const latencies = sent
      .filter((s) => s.i >= warmTickets)
      .map(latencyOf)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    results.push({
      bench: 'agent-tap-to-last-byte',
      rate: 20,
      tickets: latencies.length,
      after: warmTickets,
      p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      maxMs: Math.round(latencies[latencies.length - 1] * 10) / 10,
      target: 'p99 ≤ 15 ms',
    });
    const sizes = jobs.map((j) => j.bytes.length);
    results.push({
      bench: 'ticket-size',
      maxBytes: Math.max(...sizes),
      meanBytes: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length),
      target: '≤ 1024 bytes',
    });

    // Sustained durable issue: concurrent kiosks, every ticket written to disk and queued for printing.
    const concurrency = 16;
    let next = 0;
    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < tickets) {
          const i = next++;
          const r = await post(agent.url, {
            serviceId: SERVICES[i % SERVICES.length],
            idempotencyKey: `thr-${i}-${Date.now()}`,
          });
          if (r.status !== 201) throw new Error(`issue failed: ${r.status} ${JSON.stringify(r.json)}`);
        }
      }),
    );
    const seconds = (performance.now() - t1) / 1000;
    results.push({
      bench: 'agent-issue-throughput',
      tickets,
      concurrency,
      perSecond: Math.round(tickets / seconds),
      target: '≥ 200 tickets/s',
    });
    results.push({
      bench: 'agent-rss',
      mb: rssMb(agent.child.pid as number),
      ...residentParts(agent.child.pid as number),
      afterTickets: tickets + warmTickets + latencyTickets,
      target: '≤ 120 MB',
    });
    await kill9(agent);

    // Restart on a full day's data: start-up replays today's events.
    const t2 = performance.now();
    agent = await spawnAgent(env);
    await fetch(`${agent.url}/api/health`);
    results.push({
      bench: 'agent-restart-with-day',
      ms: Math.round(performance.now() - t2),
      tickets: tickets + warmTickets + latencyTickets,
    });
    results.push({
      bench: 'agent-rss-after-restart',
      mb: rssMb(agent.child.pid as number),
      ...residentParts(agent.child.pid as number),
    });
    await kill9(agent);
  } finally {
    await printer.close();
    await dir.remove();
  }
  return results;
}
