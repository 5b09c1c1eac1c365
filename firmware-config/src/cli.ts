/**
 * config:check: validates printer profiles and station configuration files.
 *
 *   tsx firmware-config/src/cli.ts <file…>      (npm run config:check -- <file…>)
 *   tsx firmware-config/src/cli.ts --all        every shipped profile and station file
 *
 * Prints one line per file; exits 1 when any file fails, naming the file and the field path.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, checkConfigFile, PROFILES_DIR } from './config.ts';

const STATIONS_DIR = resolve(PROFILES_DIR, '../stations');

function shippedFiles(): string[] {
  const list = (dir: string) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(dir, f));
  return [...list(PROFILES_DIR), ...list(STATIONS_DIR)];
}

export function main(argv: string[]): number {
  const args = argv.filter((a) => a !== '--');
  if (args.length === 0 || args.includes('--help')) {
    process.stderr.write('usage: config:check <file.json>… | --all\n');
    return 2;
  }
  const files = args.includes('--all') ? shippedFiles() : args;
  let failed = 0;
  for (const file of files) {
    try {
      const kind = checkConfigFile(file);
      process.stdout.write(`ok    ${file} (${kind})\n`);
    } catch (error) {
      failed += 1;
      if (error instanceof ConfigError) {
        for (const issue of error.issues) {
          process.stderr.write(`FAIL  ${file} ${issue.path || '/'}: ${issue.message} [${error.code}]\n`);
        }
      } else {
        process.stderr.write(`FAIL  ${file}: ${(error as Error).message}\n`);
      }
    }
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
