/**
 * The virtual ESC/POS printer: a socat pseudo-terminal pair with this device on one end.
 * Software opens `<dir>/printer` like a real serial printer; the device reads `<dir>/device`,
 * parses the stream, answers DLE EOT according to its mode and keeps every job (bytes, a text
 * rendering, the QR payloads) in memory and under `<dir>/jobs/`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SerialPort } from 'serialport';
import { createEscPosParser, type ParsedJob } from './parser.ts';
import { renderItemsText, stripTerminalCodes } from './render.ts';

export type VirtualPrinterMode =
  | 'ready'
  | 'paper-near-end'
  | 'paper-out'
  | 'cover-open'
  | 'cutter-error'
  | 'silent';

export const VIRTUAL_PRINTER_MODES: readonly VirtualPrinterMode[] = [
  'ready',
  'paper-near-end',
  'paper-out',
  'cover-open',
  'cutter-error',
  'silent',
];

export const XZ_ERR_VIRTUAL_PRINTER = 'XZ_ERR_VIRTUAL_PRINTER';

export interface VirtualJob extends ParsedJob {
  /** 1, 2, 3 … in order of arrival. */
  readonly seq: number;
  /** Wall-clock time the job ended (ms since epoch). */
  readonly receivedAt: number;
  /** performance.timeOrigin + performance.now() when its last byte was parsed (sub-ms). */
  readonly lastByteAt: number;
  /** The device's mode when the job ended; anything but ready/paper-near-end means it would not have printed. */
  readonly mode: VirtualPrinterMode;
  /** Text rendering (no terminal escapes), the same as `<dir>/jobs/<seq>.txt`. */
  readonly text: string;
}

/** Status bytes answered to DLE EOT 1, 2, 3, 4 in each mode (Epson bit layout). */
export function statusBytesFor(
  mode: Exclude<VirtualPrinterMode, 'silent'>,
): [number, number, number, number] {
  switch (mode) {
    case 'ready':
      return [0x12, 0x12, 0x12, 0x12];
    case 'paper-near-end':
      return [0x12, 0x12, 0x12, 0x1e];
    case 'paper-out':
      return [0x1a, 0x32, 0x12, 0x7e];
    case 'cover-open':
      return [0x1a, 0x16, 0x12, 0x12];
    case 'cutter-error':
      return [0x1a, 0x52, 0x1a, 0x12];
    default: {
      const never: never = mode;
      throw new Error(`unknown mode ${never}`);
    }
  }
}

export interface VirtualPrinterOptions {
  /** Directory for the pty links and the stored jobs. */
  readonly dir: string;
  /** Paper width for the text rendering. */
  readonly charsPerLine?: number;
  /** A job printed without a cut ends after this much silence (ms). */
  readonly idleEndMs?: number;
  readonly mode?: VirtualPrinterMode;
  /** Called for every finished job. */
  readonly onJob?: (job: VirtualJob) => void;
}

export interface VirtualPrinter {
  /** The path to open as the printer's serial port. */
  readonly path: string;
  setMode(mode: VirtualPrinterMode): void;
  mode(): VirtualPrinterMode;
  jobs(): readonly VirtualJob[];
  /** Resolves with all jobs once at least `n` have arrived; rejects after `timeoutMs`. */
  waitForJobs(n: number, timeoutMs: number): Promise<readonly VirtualJob[]>;
  /** Number of status requests answered so far (DLE EOT n counts once). */
  statusRequests(): number;
  close(): Promise<void>;
}

async function waitForPaths(paths: string[], child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!paths.every((p) => existsSync(p))) {
    if (child.exitCode !== null) throw new Error(`socat exited with code ${child.exitCode}`);
    if (Date.now() > deadline)
      throw new Error(`socat did not create ${paths.join(', ')} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts socat and the device. Needs `socat` on PATH. */
export async function startVirtualPrinter(options: VirtualPrinterOptions): Promise<VirtualPrinter> {
  const printerPath = join(options.dir, 'printer');
  const devicePath = join(options.dir, 'device');
  const jobsDir = join(options.dir, 'jobs');
  await mkdir(jobsDir, { recursive: true });
  if (existsSync(printerPath) || existsSync(devicePath)) {
    throw Object.assign(new Error(`${options.dir} already has a virtual printer`), {
      code: XZ_ERR_VIRTUAL_PRINTER,
    });
  }

  const socat = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${printerPath}`, `pty,raw,echo=0,link=${devicePath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let socatLog = '';
  socat.stderr?.on('data', (d: Buffer) => {
    socatLog = (socatLog + d.toString()).slice(-4000);
  });
  const spawned = new Promise<void>((resolve, reject) => {
    socat.once('spawn', resolve);
    socat.once('error', (err) =>
      reject(
        Object.assign(new Error(`cannot start socat: ${err.message}`), { code: XZ_ERR_VIRTUAL_PRINTER }),
      ),
    );
  });
  try {
    await spawned;
    await waitForPaths([printerPath, devicePath], socat, 10_000);
  } catch (error) {
    socat.kill('SIGTERM');
    throw Object.assign(new Error(`${(error as Error).message}\n${socatLog}`), {
      code: XZ_ERR_VIRTUAL_PRINTER,
    });
  }

  const port = new SerialPort({ path: devicePath, baudRate: 115200, autoOpen: false, hupcl: false });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  port.on('error', () => undefined);

  let mode: VirtualPrinterMode = options.mode ?? 'ready';
  let statusCount = 0;
  const jobs: VirtualJob[] = [];
  const waiters = new Set<() => void>();
  const writes = new Set<Promise<void>>();
  const charsPerLine = options.charsPerLine ?? 48;

  const store = (job: VirtualJob) => {
    const base = join(jobsDir, String(job.seq).padStart(4, '0'));
    const meta = {
      seq: job.seq,
      receivedAt: new Date(job.receivedAt).toISOString(),
      mode: job.mode,
      cut: job.cut,
      bytes: job.bytes.length,
      qr: job.qr,
      unknown: job.unknown,
    };
    const write = Promise.all([
      writeFile(`${base}.bin`, job.bytes),
      writeFile(`${base}.txt`, `${job.text}\n`),
      writeFile(`${base}.json`, `${JSON.stringify(meta, null, 2)}\n`),
    ]).then(
      () => undefined,
      () => undefined,
    );
    writes.add(write);
    void write.finally(() => writes.delete(write));
  };

  const parser = createEscPosParser({
    onStatusRequest(n) {
      if (mode === 'silent' || n < 1 || n > 4) return;
      statusCount += 1;
      port.write(Buffer.of(statusBytesFor(mode)[n - 1]));
    },
    onTransmitStatus(n) {
      if (mode === 'silent' || n !== 1) return;
      // GS r 1: bits 0-1 paper near end, bits 2-3 paper end.
      const near = mode === 'paper-near-end' || mode === 'paper-out' ? 0x03 : 0;
      port.write(Buffer.of(near | (mode === 'paper-out' ? 0x0c : 0)));
    },
    onJob(parsed) {
      const job: VirtualJob = {
        ...parsed,
        seq: jobs.length + 1,
        receivedAt: Date.now(),
        lastByteAt: performance.timeOrigin + performance.now(),
        mode,
        text: stripTerminalCodes(renderItemsText(parsed.items, { charsPerLine, drawQr: false })),
      };
      jobs.push(job);
      store(job);
      options.onJob?.(job);
      for (const wake of [...waiters]) wake();
    },
  });

  let idle: NodeJS.Timeout | undefined;
  port.on('data', (chunk: Buffer) => {
    parser.feed(chunk);
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => parser.flush(), options.idleEndMs ?? 1000);
  });

  return {
    path: printerPath,
    setMode(next) {
      if (!VIRTUAL_PRINTER_MODES.includes(next)) throw new Error(`unknown mode ${String(next)}`);
      mode = next;
    },
    mode: () => mode,
    jobs: () => [...jobs],
    statusRequests: () => statusCount,
    waitForJobs(n, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (jobs.length < n) return;
          cleanup();
          resolve([...jobs]);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`virtual printer: ${jobs.length} of ${n} jobs after ${timeoutMs} ms`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      if (idle) clearTimeout(idle);
      await new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
      if (socat.exitCode === null) {
        const exited = new Promise((r) => socat.once('exit', r));
        socat.kill('SIGTERM');
        await exited;
      }
      await Promise.all([...writes]);
    },
  };
}
