/**
 * A station-like process running a print queue against a serial path, for crash tests.
 * Config (JSON in XZ_QUEUE_CHILD): { dir, printerPath, profile, enqueue: string[], pollMs, statusTimeoutMs }.
 * Writes one JSON line per job change: {"event":"job", id, state, attempts, reprint, reason}.
 */
import { loadProfile } from '@xz/firmware-config/config';
import { createPrintQueue } from '@xz/kiosk/printer/queue';
import { openSerialTransport } from '@xz/kiosk/printer/serial';
import { ticketRequest } from './fixtures.ts';

const config = JSON.parse(process.env.XZ_QUEUE_CHILD ?? '{}') as {
  dir: string;
  printerPath: string;
  profile?: string;
  enqueue?: string[];
  pollMs?: number;
  statusTimeoutMs?: number;
};
const emit = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(event)}\n`);

const profile = loadProfile(config.profile ?? 'generic-80');
const transport = await openSerialTransport({ path: config.printerPath, profile });
const queue = createPrintQueue({
  dir: config.dir,
  transport,
  profile,
  pollMs: config.pollMs ?? 200,
  statusTimeoutMs: config.statusTimeoutMs ?? 1000,
  onJob: (job) =>
    emit({
      event: 'job',
      id: job.id,
      state: job.state,
      attempts: job.attempts,
      reprint: job.reprint,
      reason: job.reason,
    }),
  onState: (state) => emit({ event: 'state', ...state }),
});
await queue.start();
emit({ event: 'started', jobs: queue.jobs().length });
for (const number of config.enqueue ?? []) {
  await queue.enqueue({ id: `job-${number}`, ticketId: number, request: ticketRequest(number) });
}
process.on('SIGTERM', async () => {
  await queue.stop();
  await transport.close();
  process.exit(0);
});
