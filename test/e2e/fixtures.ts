/**
 * Browser tests run against the whole demo stack as `npm start` runs it (hub with its embedded
 * store, one station agent, a virtual printer), started once per worker in a fresh data folder
 * on free ports.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect } from '@playwright/test';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ADMIN_PASSWORD = 'e2e-admin-password-1';

export interface Stack {
  hub: string;
  agent: string;
  /** Virtual printer control (see kiosk/src/virtual-printer/control.ts). */
  printer: string;
  setPrinterMode(mode: 'ready' | 'paper-out' | 'cover-open' | 'paper-near-end' | 'silent'): Promise<void>;
  printedJobs(): Promise<{ seq: number; text: string; qr: string[]; byteLength: number }[]>;
  /** Moves the hub's case clock (deadlines, lights) to read `at` now; `undefined` puts it back. */
  setHubClock(at: string | undefined): void;
}

async function startStack(): Promise<{ stack: Stack; child: ChildProcess; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'xz-e2e-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      XZ_DEMO_DIR: dir,
      HUB_PORT: '0',
      AGENT_PORT: '0',
      XZ_PRINTER_CONTROL_PORT: '0',
      XZ_START_JSON: '1',
      XZ_ADMIN_PASSWORD: ADMIN_PASSWORD,
      XZ_HUB_CLOCK_OFFSET_FILE: join(dir, 'hub-clock-offset'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const urls = await new Promise<{ hub: string; agent: string; printer: string }>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the demo stack did not start:\n${out}`)), 120_000);
    child.stdout?.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{"hub"'));
      if (line) {
        clearTimeout(timer);
        done(JSON.parse(line));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the demo stack exited with ${code}:\n${out}`));
    });
  });
  const stack: Stack = {
    ...urls,
    async setPrinterMode(mode) {
      const res = await fetch(`${urls.printer}/mode/${mode}`, { method: 'POST' });
      if (!res.ok) throw new Error(`printer mode ${mode}: ${res.status}`);
    },
    async printedJobs() {
      const res = await fetch(`${urls.printer}/jobs`);
      return (await res.json()) as { seq: number; text: string; qr: string[]; byteLength: number }[];
    },
    setHubClock(at) {
      const offset = at === undefined ? 0 : Date.parse(at) - Date.now();
      writeFileSync(join(dir, 'hub-clock-offset'), String(offset));
    },
  };
  return { stack, child, dir };
}

export const test = base.extend<object, { stack: Stack }>({
  stack: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
    async ({}, use) => {
      const { stack, child, dir } = await startStack();
      try {
        await use(stack);
      } finally {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
});

export { expect };

/** Waits until the virtual printer holds at least `n` jobs and returns them. */
export async function waitForJobs(stack: Stack, n: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await stack.printedJobs();
    if (jobs.length >= n) return jobs;
    if (Date.now() > deadline) throw new Error(`only ${jobs.length} of ${n} printed jobs`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
