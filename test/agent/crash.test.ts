/**
 * The agent killed with SIGKILL and started again on the same data: no ticket number twice,
 * no ticket lost that a kiosk was given, and a slip interrupted mid-print reprinted once,
 * marked 补打/REPRINT, with the same number.
 */
import { join } from 'node:path';
import { startVirtualPrinter, type VirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { REPRINT_MARK } from '@xz/shared/print/layouts';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentProcess, api, kill9, spawnAgent, tempDir } from './fixtures.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

async function setup() {
  const dir = await tempDir('crash');
  cleanups.push(dir.remove);
  let onJob: (() => void) | undefined;
  const printer: VirtualPrinter = await startVirtualPrinter({
    dir: join(dir.path, 'printer'),
    onJob: () => onJob?.(),
  });
  cleanups.push(() => printer.close());
  const env = { XZ_DATA_DIR: join(dir.path, 'data'), XZ_PRINTER_PATH: printer.path };
  const start = async () => {
    const p = await spawnAgent(env);
    cleanups.push(() => kill9(p));
    return p;
  };
  return { printer, start, setOnJob: (fn: () => void) => (onJob = fn) };
}

describe('kill -9 of the station agent', () => {
  it('reprints an interrupted slip once, marked REPRINT, with the same number, and never reuses a number', async () => {
    const { printer, start, setOnJob } = await setup();
    let agent: AgentProcess = await start();
    // The printer stops answering as the slip's cut arrives: the job is sent but unconfirmed.
    setOnJob(() => printer.setMode('silent'));
    const first = await api(agent.url, 'POST', '/api/tickets', {
      serviceId: 'legal',
      idempotencyKey: 'crash-key-0001',
    });
    expect(first.body.ticket.number).toBe('G001');
    await printer.waitForJobs(1, 15_000);
    await kill9(agent);

    setOnJob(() => undefined);
    printer.setMode('ready');
    agent = await start();
    const jobs = await printer.waitForJobs(2, 20_000);
    expect(jobs[1].text).toContain(REPRINT_MARK.split(' ')[0]);
    expect(jobs[1].qr).toEqual(jobs[0].qr);
    expect(jobs[0].text).not.toContain(REPRINT_MARK.split(' ')[0]);

    const again = await api(agent.url, 'POST', '/api/tickets', {
      serviceId: 'legal',
      idempotencyKey: 'crash-key-0001',
    });
    expect(again.body.ticket.number).toBe('G001');
    const next = await api(agent.url, 'POST', '/api/tickets', {
      serviceId: 'legal',
      idempotencyKey: 'crash-key-0002',
    });
    expect(next.body.ticket.number).toBe('G002');
    await printer.waitForJobs(3, 15_000);
    await new Promise((r) => setTimeout(r, 1500));
    const numbers = printer.jobs().map((j) => /G\s?0\s?0\s?\d/.exec(j.text)?.[0]?.replaceAll(' ', ''));
    expect(numbers).toEqual(['G001', 'G001', 'G002']);
  });

  it('keeps every ticket a kiosk was given and issues no number twice across repeated kills', {
    timeout: 120_000,
  }, async () => {
    const { start } = await setup();
    const given = new Map<string, string>(); // idempotency key → number
    let k = 0;
    for (let round = 0; round < 3; round++) {
      const agent = await start();
      // Earlier answers survive the restart.
      for (const [key, number] of given) {
        const res = await api(agent.url, 'POST', '/api/tickets', {
          serviceId: 'general',
          idempotencyKey: key,
        });
        expect(res.body.ticket.number).toBe(number);
      }
      const inFlight: Promise<void>[] = [];
      let firstAnswer!: () => void;
      const answered = new Promise<void>((resolve) => {
        firstAnswer = resolve;
      });
      for (let i = 0; i < 40; i++) {
        const key = `kill-round-${round}-${k++}`;
        inFlight.push(
          api(agent.url, 'POST', '/api/tickets', { serviceId: 'general', idempotencyKey: key })
            .then((res) => {
              if (res.status === 201 || res.status === 200) given.set(key, res.body.ticket.number);
              firstAnswer();
            })
            .catch(() => undefined),
        );
        if (i === 25) await new Promise((r) => setTimeout(r, 5));
      }
      // Killed mid-burst: once the first tickets are answered, however fast the machine is.
      await Promise.race([Promise.all(inFlight), answered.then(() => new Promise((r) => setTimeout(r, 50)))]);
      await kill9(agent);
      await Promise.allSettled(inFlight);
    }
    const numbers = [...given.values()];
    expect(numbers.length).toBeGreaterThan(0);
    expect(new Set(numbers).size).toBe(numbers.length);
    const last = await start();
    const fresh = await api(last.url, 'POST', '/api/tickets', {
      serviceId: 'general',
      idempotencyKey: 'after-all-kills',
    });
    expect(numbers).not.toContain(fresh.body.ticket.number);
    for (const [key, number] of given) {
      const res = await api(last.url, 'POST', '/api/tickets', { serviceId: 'general', idempotencyKey: key });
      expect(res.body.ticket.number).toBe(number);
    }
  });
});
