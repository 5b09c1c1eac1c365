/**
 * `npm run bench`: every benchmark, one JSON line per figure (targets: SPEC section 13).
 * `npm run bench -- agent printer` runs only the named groups.
 */
import { benchPrintLatency, ticketSizeBytes } from '@xz/kiosk/printer/bench';
import { benchAgent } from '../test/bench/agent-bench.ts';
import { benchHub } from '../test/bench/hub-bench.ts';
import { benchReports } from '../test/bench/reports-bench.ts';
import { benchUi } from '../test/bench/ui-bench.ts';

type Group = () => Promise<object[]>;

const groups: Record<string, Group> = {
  printer: async () => [
    {
      bench: 'ticket-size-encoded',
      profile: 'generic-80',
      bytes: ticketSizeBytes('generic-80'),
      target: '≤ 1024 bytes',
    },
    {
      bench: 'ticket-size-encoded',
      profile: 'generic-58',
      bytes: ticketSizeBytes('generic-58'),
      target: '≤ 1024 bytes',
    },
    { bench: 'print-queue', ...(await benchPrintLatency({ jobs: 200, ratePerSec: 20 })) },
  ],
  agent: () => benchAgent(),
  ui: () => benchUi(),
  hub: () => benchHub(),
  reports: () => benchReports(),
};

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : Object.keys(groups);
  for (const name of names) {
    const group = groups[name];
    if (!group) {
      console.error(`bench: unknown group '${name}' (known: ${Object.keys(groups).join(', ')})`);
      process.exit(2);
    }
    for (const line of await group()) console.log(JSON.stringify({ group: name, ...line }));
  }
}

main().catch((error) => {
  console.error('bench failed:', error);
  process.exit(1);
});
