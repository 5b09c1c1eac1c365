import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'xz-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function replay(...args: string[]) {
  const r = spawnSync(tsx, ['scripts/replay.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('replay CLI', () => {
  it('prints one JSON line per run with the figures of each class', () => {
    const r = replay('--arrivals', 'shared/data/arrivals-day.json', '--policy', 'default');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const out = JSON.parse(lines[0]!);
    expect(Object.keys(out)).toEqual(['policy', 'green', 'normal']);
    expect(out.policy).toBe('default');
    expect(out.green).toEqual({
      n: 14,
      mean: expect.any(Number),
      p95: expect.any(Number),
      max: expect.any(Number),
    });
    expect(out.normal.n).toBe(136);
    expect(out.green.mean).toBeLessThanOrEqual(0.3 * out.normal.mean);
  });

  it('refuses bad flags with exit code 2', () => {
    expect(replay('--arrivals', 'shared/data/arrivals-day.json', '--policy', 'random').code).toBe(2);
    expect(replay('--policy', 'fifo').code).toBe(2);
    expect(replay('--arrivals').code).toBe(2);
    expect(replay('--arrivals', 'x.json', '--verbose').code).toBe(2);
  });

  it('names the file and the field of a bad arrivals file', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        date: '2026-11-23',
        counters: [{ id: '1', services: ['tax'] }],
        arrivals: [{ t: '09:00:00', service: 'tax', group: null, serviceSeconds: 'long' }],
      }),
    );
    const r = replay('--arrivals', file, '--policy', 'fifo');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toContain('arrivals[0].serviceSeconds');
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{ nope');
    const r2 = replay('--arrivals', notJson);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(notJson);
    const missing = replay('--arrivals', join(dir, 'missing.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing.json');
  });
});
