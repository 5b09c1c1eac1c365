/**
 * Runs the virtual printer on its own.
 *
 *   tsx kiosk/src/virtual-printer/cli.ts --dir <dir> [--port <n>] [--cols <n>]
 *
 * Prints the serial path to open (<dir>/printer) and the control URL. Control:
 *   GET  /               mode and job count (JSON)
 *   POST /mode/<mode>    ready | paper-near-end | paper-out | cover-open | cutter-error | silent
 *   GET  /jobs           all jobs (JSON, without raw bytes)
 *   GET  /jobs/<seq>.txt one job rendered as text
 * or type a mode name on stdin. Every job is also printed to stdout as it arrives and kept in <dir>/jobs/.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { serveVirtualPrinterControl } from './control.ts';
import { startVirtualPrinter, VIRTUAL_PRINTER_MODES, type VirtualPrinterMode } from './device.ts';
import { renderItemsText } from './render.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    port: { type: 'string', default: '0' },
    cols: { type: 'string', default: '48' },
  },
});
if (!values.dir) {
  process.stderr.write('usage: cli.ts --dir <dir> [--port <n>] [--cols <n>]\n');
  process.exit(2);
}
const charsPerLine = Number(values.cols);
const isMode = (m: string): m is VirtualPrinterMode =>
  (VIRTUAL_PRINTER_MODES as readonly string[]).includes(m);

const printer = await startVirtualPrinter({
  dir: values.dir,
  charsPerLine,
  onJob: (job) =>
    process.stdout.write(
      `\njob ${job.seq} (${job.bytes.length} bytes, ${job.mode})\n${renderItemsText(job.items, { charsPerLine })}\n`,
    ),
});

const server = await serveVirtualPrinterControl(printer, Number(values.port));
process.stdout.write(`virtual printer: ${printer.path}\ncontrol: ${server.url}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  const m = line.trim();
  if (isMode(m)) {
    printer.setMode(m);
    process.stdout.write(`mode: ${m}\n`);
  } else if (m) process.stdout.write(`modes: ${VIRTUAL_PRINTER_MODES.join(', ')}\n`);
});

const shutdown = async () => {
  await server.close();
  await printer.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
