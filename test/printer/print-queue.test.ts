/**
 * The print path across real parts: encoder → print queue (journal on disk) → serialport →
 * socat pty pair → virtual ESC/POS printer.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadProfile } from '@xz/firmware-config/config';
import { encodePrintRequest } from '@xz/kiosk/printer/encoder';
import { JOURNAL_FILE } from '@xz/kiosk/printer/journal';
import { createPrintQueue, type JobRecord, type PrintQueue, type QueueState } from '@xz/kiosk/printer/queue';
import { openSerialTransport, type SerialTransport } from '@xz/kiosk/printer/serial';
import { startVirtualPrinter, type VirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { REPRINT_MARK } from '@xz/shared/print/layouts';
import { afterEach, describe, expect, it } from 'vitest';
import { numberOf, runQueueChild, tempDir, ticketRequest } from './fixtures.ts';

const profile = loadProfile('generic-80');
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

async function rig(options: { now?: () => number; pollMs?: number; silentAfterJob?: number } = {}) {
  const dir = await tempDir('print');
  cleanups.push(dir.remove);
  const printer: VirtualPrinter = await startVirtualPrinter({
    dir: `${dir.path}/vp`,
    // Going silent as the job's cut is parsed: the status request right after it goes unanswered.
    onJob: (job) => {
      if (job.seq === options.silentAfterJob) printer.setMode('silent');
    },
  });
  cleanups.push(() => printer.close());
  const transport: SerialTransport = await openSerialTransport({ path: printer.path, profile });
  cleanups.push(() => transport.close());
  const states: QueueState[] = [];
  const changes: JobRecord[] = [];
  const queue: PrintQueue = createPrintQueue({
    dir: `${dir.path}/journal`,
    transport,
    profile,
    pollMs: options.pollMs ?? 100,
    statusTimeoutMs: 500,
    ...(options.now ? { now: options.now } : {}),
    onState: (s) => states.push(s),
    onJob: (j) => changes.push(j),
  });
  cleanups.push(() => queue.stop());
  return { dir: dir.path, printer, transport, queue, states, changes };
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('printing through a pseudo-terminal to the virtual printer', () => {
  it('delivers the exact bytes of a ticket, under 1 KB, and marks the job printed after the status answer', async () => {
    const { printer, queue } = await rig();
    await queue.start();
    const request = ticketRequest('A001');
    const expected = encodePrintRequest(request, profile);
    expect(expected.length).toBeLessThan(1024);
    const job = await queue.enqueue({ id: 't-A001', ticketId: 'A001', request });
    expect(job.state).toBe('pending');
    const [printed] = await printer.waitForJobs(1, 10_000);
    expect(printed.bytes.equals(expected)).toBe(true);
    expect(printed.cut).toBe('full');
    expect(printed.qr).toEqual([request.kind === 'ticket' ? request.data.statusUrl : '']);
    expect(printed.text).toContain('企业开办');
    expect(printed.text).toContain('A 0 0 1');
    await until(() => queue.jobs()[0]?.state === 'printed', 10_000, 'printed');
    expect(printer.statusRequests()).toBeGreaterThanOrEqual(4);
  });

  it('an idle queue and a ready printer: the job is written once, as sending, before its bytes; the next one waits its turn', async () => {
    const { dir, printer, queue, states } = await rig({ pollMs: 1000 });
    await queue.start();
    await until(() => states.some((s) => s.printer === 'ready'), 5_000, 'the first status');
    const first = await queue.enqueue({ id: 't-A001', ticketId: 'A001', request: ticketRequest('A001') });
    expect(first).toMatchObject({ state: 'sending', attempts: 1, reprint: false });
    // Enqueued while the first is in hand: the usual way, pending first.
    const second = await queue.enqueue({ id: 't-A002', ticketId: 'A002', request: ticketRequest('A002') });
    expect(second.state).toBe('pending');
    const printed = await printer.waitForJobs(2, 10_000);
    expect(printed.map((j) => numberOf(j))).toEqual(['A001', 'A002']);
    await until(() => queue.jobs().every((j) => j.state === 'printed'), 10_000, 'both printed');
    const records = (await readFile(join(dir, 'journal', JOURNAL_FILE), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as JobRecord);
    expect(records.filter((r) => r.id === 't-A001').map((r) => r.state)).toEqual(['sending', 'printed']);
    expect(records.filter((r) => r.id === 't-A002').map((r) => r.state)).toEqual([
      'pending',
      'sending',
      'printed',
    ]);
    expect(printer.jobs().some((j) => j.text.includes(REPRINT_MARK))).toBe(false);
  });

  it('holds on paper out (no bytes sent), resumes on ready, nothing lost and nothing printed twice', async () => {
    const { printer, queue, states } = await rig();
    await queue.start();
    for (const n of ['A001', 'A002', 'A003']) await queue.enqueue({ id: n, request: ticketRequest(n) });
    await printer.waitForJobs(3, 15_000);
    await until(() => queue.jobs().every((j) => j.state === 'printed'), 10_000, 'first three printed');

    printer.setMode('paper-out');
    await until(() => queue.state().printer === 'paper-out', 10_000, 'paper-out seen');
    for (const n of ['A004', 'A005', 'A006']) await queue.enqueue({ id: n, request: ticketRequest(n) });
    await until(() => queue.state().held, 10_000, 'queue held');
    await new Promise((r) => setTimeout(r, 600));
    expect(printer.jobs()).toHaveLength(3);
    expect(queue.jobs().filter((j) => j.state === 'pending')).toHaveLength(3);
    expect(states.some((s) => s.printer === 'paper-out' && s.held)).toBe(true);

    printer.setMode('ready');
    await printer.waitForJobs(6, 15_000);
    await until(() => queue.jobs().every((j) => j.state === 'printed'), 10_000, 'all printed');
    await new Promise((r) => setTimeout(r, 300));
    const numbers = printer.jobs().map(numberOf);
    expect(numbers).toEqual(['A001', 'A002', 'A003', 'A004', 'A005', 'A006']);
    expect(printer.jobs().every((j) => j.mode === 'ready' && !j.text.includes('REPRINT'))).toBe(true);
    expect(queue.state()).toMatchObject({ printer: 'ready', held: false, waiting: 0 });
  });

  it('cancels a job that expired while the printer was out of paper and never prints it late', async () => {
    let clock = 1_000_000;
    const { printer, queue } = await rig({ now: () => clock, pollMs: 100 });
    printer.setMode('cover-open');
    await queue.start();
    await until(() => queue.state().printer === 'cover-open', 10_000, 'cover-open seen');
    await queue.enqueue({ id: 'late', request: ticketRequest('B001'), expiresAt: clock + 60_000 });
    await queue.enqueue({ id: 'fresh', request: ticketRequest('B002'), expiresAt: clock + 3_600_000 });
    await until(() => queue.state().held, 10_000, 'held');
    clock += 120_000;
    await until(() => queue.jobs().find((j) => j.id === 'late')?.state === 'cancelled', 10_000, 'expired');
    expect(queue.jobs().find((j) => j.id === 'late')?.reason).toBe('expired');
    printer.setMode('ready');
    await printer.waitForJobs(1, 10_000);
    await until(
      () => queue.jobs().find((j) => j.id === 'fresh')?.state === 'printed',
      10_000,
      'fresh printed',
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(printer.jobs().map(numberOf)).toEqual(['B002']);
  });

  it('cancels on start a pending job found past its expiry in the journal', async () => {
    let clock = 5_000_000;
    const { printer, queue, dir, transport } = await rig({ now: () => clock });
    printer.setMode('paper-out');
    await queue.start();
    await queue.enqueue({ id: 'old', request: ticketRequest('C001'), expiresAt: clock + 1000 });
    await queue.stop();
    clock += 5000;
    printer.setMode('ready');
    const restarted = createPrintQueue({
      dir: `${dir}/journal`,
      transport,
      profile,
      now: () => clock,
      pollMs: 100,
    });
    cleanups.push(() => restarted.stop());
    await restarted.start();
    expect(restarted.jobs()).toMatchObject([{ id: 'old', state: 'cancelled', reason: 'expired' }]);
    await new Promise((r) => setTimeout(r, 500));
    expect(printer.jobs()).toHaveLength(0);
  });

  it('a job whose status answer never comes stays unconfirmed and is reprinted marked 补打/REPRINT', async () => {
    const { printer, queue } = await rig({ silentAfterJob: 1 });
    await queue.start();
    await queue.enqueue({ id: 'D001', request: ticketRequest('D001') });
    await printer.waitForJobs(1, 10_000);
    await until(() => queue.state().held, 10_000, 'held while silent');
    expect(queue.jobs()[0]).toMatchObject({ state: 'pending', reprint: true, attempts: 1 });
    printer.setMode('ready');
    await printer.waitForJobs(2, 10_000);
    await until(() => queue.jobs()[0].state === 'printed', 10_000, 'printed');
    const [first, second] = printer.jobs();
    expect([numberOf(first), numberOf(second)]).toEqual(['D001', 'D001']);
    expect(first.text).not.toContain(REPRINT_MARK);
    expect(second.text).toContain(REPRINT_MARK);
  });

  it('does not send to a printer that does not answer at all', async () => {
    const { printer, queue } = await rig();
    printer.setMode('silent');
    await queue.start();
    await queue.enqueue({ id: 'D002', request: ticketRequest('D002') });
    await until(() => queue.state().held, 10_000, 'held while silent');
    await new Promise((r) => setTimeout(r, 300));
    expect(printer.jobs()).toHaveLength(0);
    printer.setMode('ready');
    await printer.waitForJobs(1, 10_000);
    expect(printer.jobs()[0].text).not.toContain(REPRINT_MARK);
  });

  it('refuses an invalid request with the field path and leaves nothing in the journal', async () => {
    const { queue } = await rig();
    await queue.start();
    const bad = ticketRequest('A001');
    (bad.data as { ahead: number }).ahead = -1;
    await expect(queue.enqueue({ request: bad })).rejects.toMatchObject({
      code: 'XZ_ERR_PRINT_JOB_INVALID',
      issues: [{ path: '/request/data/ahead' }],
    });
    expect(queue.jobs()).toHaveLength(0);
  });
});

describe('a station process killed with SIGKILL while sending', () => {
  it('reprints the interrupted job exactly once on restart, marked 补打/REPRINT, with the same number', async () => {
    const dir = await tempDir('crash');
    cleanups.push(dir.remove);
    // The printer prints the job, then stops answering: the child is left in 'sending'.
    const printer = await startVirtualPrinter({
      dir: `${dir.path}/vp`,
      onJob: (job) => {
        if (job.seq === 1) printer.setMode('silent');
      },
    });
    cleanups.push(() => printer.close());
    const journalDir = `${dir.path}/journal`;
    const first = runQueueChild({
      dir: journalDir,
      printerPath: printer.path,
      enqueue: ['E001'],
      pollMs: 60_000,
      statusTimeoutMs: 60_000,
    });
    cleanups.push(async () => first.child.kill('SIGKILL'));
    await first.waitFor((e) => e.event === 'job' && e.state === 'sending', 20_000);
    await printer.waitForJobs(1, 10_000);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.events.some((e) => e.state === 'printed')).toBe(false);

    printer.setMode('ready');
    const second = runQueueChild({ dir: journalDir, printerPath: printer.path, pollMs: 100 });
    cleanups.push(async () => second.child.kill('SIGKILL'));
    await second.waitFor((e) => e.event === 'job' && e.state === 'printed', 20_000);
    await new Promise((r) => setTimeout(r, 500));
    second.child.kill('SIGTERM');
    await second.exited;

    const jobs = printer.jobs();
    expect(jobs.map(numberOf)).toEqual(['E001', 'E001']);
    expect(jobs[0].text).not.toContain(REPRINT_MARK);
    expect(jobs[1].text).toContain(REPRINT_MARK);
    expect(jobs.filter((j) => j.text.includes(REPRINT_MARK))).toHaveLength(1);
    expect(second.events.filter((e) => e.event === 'job' && e.state === 'sending')).toHaveLength(1);
  });
});
