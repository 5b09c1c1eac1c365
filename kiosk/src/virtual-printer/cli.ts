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
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
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

const server = createServer((req, res) => {
  const send = (status: number, body: unknown, type = 'application/json; charset=utf-8') => {
    res.writeHead(status, { 'content-type': type });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const url = new URL(req.url ?? '/', 'http://localhost');
  const mode = /^\/mode\/([a-z-]+)$/.exec(url.pathname);
  const one = /^\/jobs\/(\d+)\.txt$/.exec(url.pathname);
  if (req.method === 'GET' && url.pathname === '/') {
    send(200, { path: printer.path, mode: printer.mode(), jobs: printer.jobs().length });
  } else if (req.method === 'POST' && mode) {
    if (!isMode(mode[1]))
      send(400, { code: 'XZ_ERR_VIRTUAL_PRINTER', error: `modes: ${VIRTUAL_PRINTER_MODES.join(', ')}` });
    else {
      printer.setMode(mode[1]);
      send(200, { mode: printer.mode() });
    }
  } else if (req.method === 'GET' && url.pathname === '/jobs') {
    send(
      200,
      printer.jobs().map(({ bytes, items, ...rest }) => ({ ...rest, byteLength: bytes.length })),
    );
  } else if (req.method === 'GET' && one) {
    const job = printer.jobs()[Number(one[1]) - 1];
    if (job) send(200, job.text, 'text/plain; charset=utf-8');
    else send(404, { code: 'XZ_ERR_VIRTUAL_PRINTER', error: 'no such job' });
  } else {
    send(404, { code: 'XZ_ERR_VIRTUAL_PRINTER', error: 'not found' });
  }
});
server.listen(Number(values.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : values.port;
  process.stdout.write(`virtual printer: ${printer.path}\ncontrol: http://127.0.0.1:${port}/\n`);
});

createInterface({ input: process.stdin }).on('line', (line) => {
  const m = line.trim();
  if (isMode(m)) {
    printer.setMode(m);
    process.stdout.write(`mode: ${m}\n`);
  } else if (m) process.stdout.write(`modes: ${VIRTUAL_PRINTER_MODES.join(', ')}\n`);
});

const shutdown = async () => {
  server.close();
  await printer.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
