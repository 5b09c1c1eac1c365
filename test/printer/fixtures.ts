/** Shared data and helpers for the printer tests. */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrintRequest } from '@xz/shared/print/schemas';

export function ticketRequest(number: string, overrides: { reprint?: boolean } = {}): PrintRequest {
  return {
    kind: 'ticket',
    lang: 'zh',
    data: {
      number,
      service: { zh: '企业开办', en: 'Business registration' },
      issuedAt: '2026-03-02 09:15',
      ahead: 3,
      waitMinutes: { min: 10, max: 20 },
      counters: '1-3',
      statusUrl: `https://hub.example.cn/t/xhd-lingzhu-01/2026-03-02/${number}`,
      station: { zh: '灵珠山街道营商环境服务小站', en: 'Lingzhushan business service station' },
      ...overrides,
    },
  };
}

/** Ticket number a printed job carries, from its status QR. */
export function numberOf(job: { qr: readonly string[] }): string | undefined {
  return job.qr[0]?.split('/').at(-1);
}

export async function tempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `xz-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export interface ChildEvent {
  readonly event: string;
  readonly [key: string]: unknown;
}

/** Runs test/printer/queue-child.ts with tsx; collects its JSON-line events. */
export function runQueueChild(config: Record<string, unknown>) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'queue-child.ts')], {
    env: { ...process.env, XZ_QUEUE_CHILD: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: ChildEvent[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  let buffer = '';
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      if (line.trim()) events.push(JSON.parse(line) as ChildEvent);
      nl = buffer.indexOf('\n');
    }
    for (const w of [...waiters]) w();
  });
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    events,
    exited,
    stderr: () => stderr,
    waitFor(match: (e: ChildEvent) => boolean, timeoutMs: number): Promise<ChildEvent> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `child event not seen in ${timeoutMs} ms; events ${JSON.stringify(events)}; stderr ${stderr}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
