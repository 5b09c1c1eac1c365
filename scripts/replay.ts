/**
 * Replays a day of arrivals through the queue decider under one calling policy and prints one
 * JSON line: {"policy", "green": {n, mean, p95, max}, "normal": {…}} (waits in seconds).
 *
 *   npm run replay -- --arrivals shared/data/arrivals-day.json --policy default
 *
 * Exit codes: 0 ok, 2 bad flags or bad arrivals file (the message names the file and field).
 */
import { readFileSync } from 'node:fs';
import { isDomainError } from '@xz/shared/errors';
import { policyOfKind, replayDay } from '@xz/shared/queue/replay';
import type { CallingPolicyKind } from '@xz/shared/queue/types';

const USAGE = 'usage: npm run replay -- --arrivals <file.json> --policy <fifo|strict|default>';
const POLICIES: readonly CallingPolicyKind[] = ['fifo', 'strict', 'default'];
const MAX_FILE_BYTES = 10 * 1024 * 1024;

class UsageError extends Error {}

function parseFlags(argv: readonly string[]): { arrivals: string; policy: CallingPolicyKind } {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    const eq = arg.match(/^--(arrivals|policy)=(.*)$/);
    if (eq) {
      flags.set(eq[1]!, eq[2]!);
      continue;
    }
    if (arg === '--arrivals' || arg === '--policy') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      flags.set(arg.slice(2), value);
      i++;
      continue;
    }
    throw new UsageError(`unknown argument '${arg}'`);
  }
  const arrivals = flags.get('arrivals');
  if (!arrivals) throw new UsageError('--arrivals <file> is required');
  const policy = flags.get('policy') ?? 'default';
  if (!POLICIES.includes(policy as CallingPolicyKind))
    throw new UsageError(`--policy must be one of ${POLICIES.join(', ')} (got '${policy}')`);
  return { arrivals, policy: policy as CallingPolicyKind };
}

function main(argv: readonly string[]): number {
  let flags: ReturnType<typeof parseFlags>;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message === '') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    process.stderr.write(`replay: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  const file = flags.arrivals;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(
      `replay: ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`,
    );
    return 2;
  }
  if (Buffer.byteLength(text) > MAX_FILE_BYTES) {
    process.stderr.write(`replay: ${file}: larger than ${MAX_FILE_BYTES} bytes\n`);
    return 2;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    process.stderr.write(`replay: ${file}: not valid JSON (${(error as Error).message})\n`);
    return 2;
  }
  try {
    const result = replayDay(json, { policy: policyOfKind(flags.policy) });
    process.stdout.write(
      `${JSON.stringify({ policy: result.policy, green: result.green, normal: result.normal })}\n`,
    );
    return 0;
  } catch (error) {
    if (isDomainError(error)) {
      const field = typeof error.details?.field === 'string' ? error.details.field : '(root)';
      process.stderr.write(`replay: ${file}: field ${field}: ${error.message.replace(`${field}: `, '')}\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
