/**
 * HTTP control of a virtual printer, for the demo and browser tests:
 *   GET  /               mode and job count (JSON)
 *   GET  /view           every job rendered as text, newest first (HTML page)
 *   POST /mode/<mode>    ready | paper-near-end | paper-out | cover-open | cutter-error | silent
 *   GET  /jobs           all jobs (JSON, without raw bytes)
 *   GET  /jobs/<seq>.txt one job rendered as text
 * Listens on 127.0.0.1 only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VIRTUAL_PRINTER_MODES, type VirtualPrinter, type VirtualPrinterMode } from './device.ts';

export interface PrinterControl {
  url: string;
  close(): Promise<void>;
}

const isMode = (m: string): m is VirtualPrinterMode =>
  (VIRTUAL_PRINTER_MODES as readonly string[]).includes(m);

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function serveVirtualPrinterControl(printer: VirtualPrinter, port = 0): Promise<PrinterControl> {
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
    } else if (req.method === 'GET' && url.pathname === '/view') {
      const jobs = [...printer.jobs()].reverse();
      const body = jobs
        .map(
          (j) =>
            `<section><h2>#${j.seq} · ${j.bytes.length} bytes</h2><pre>${escapeHtml(j.text)}</pre></section>`,
        )
        .join('\n');
      send(
        200,
        `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="3"><title>Virtual printer</title>` +
          `<style>body{font-family:monospace;background:#eee}pre{background:#fff;display:inline-block;padding:8px;line-height:1.25}</style>` +
          `<h1>Virtual printer · mode ${escapeHtml(printer.mode())}</h1>${body || '<p>No jobs yet.</p>'}`,
        'text/html; charset=utf-8',
      );
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
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
