import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = resolve(import.meta.dirname, '../provisioning');
const read = (name: string) => readFileSync(resolve(dir, name), 'utf8');

/** Sections and key=value lines of a systemd unit; throws on a line that is neither. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const section = /^\[([A-Za-z]+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1], current);
      continue;
    }
    const kv = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (!kv || !current) throw new Error(`line ${i + 1}: ${raw}`);
    current.set(kv[1], [...(current.get(kv[1]) ?? []), kv[2]]);
  }
  return sections;
}

describe('provisioning files', () => {
  it('systemd units have Unit, Service and Install sections and an absolute ExecStart', () => {
    for (const name of ['xiaozhan-agent.service', 'xiaozhan-kiosk.service']) {
      const unit = parseUnit(read(name));
      expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
      expect(unit.get('Service')?.get('ExecStart')?.[0]).toMatch(/^\//);
      expect(unit.get('Service')?.get('Restart')).toEqual(['always']);
      expect(unit.get('Install')?.get('WantedBy')?.[0]).toMatch(/\.target$/);
    }
    expect(parseUnit(read('xiaozhan-agent.service')).get('Service')?.get('ExecStartPre')?.[0]).toContain(
      'cli.ts',
    );
  });

  it('the udev rule gives the printer a stable /dev/xz-printer name', () => {
    const rules = read('99-xz-printer.rules')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const pairs = rule.split(/,\s*/);
      for (const pair of pairs) expect(pair).toMatch(/^[A-Z]+(\{[a-zA-Z]+\})?(==|\+=|=)"[^"]*"$/);
      expect(rule).toContain('SUBSYSTEM=="tty"');
      expect(rule).toContain('SYMLINK+="xz-printer"');
    }
  });

  it('the kiosk launch script is executable, parses, and starts Chromium in kiosk mode', () => {
    const script = resolve(dir, 'kiosk-browser.sh');
    expect(statSync(script).mode & 0o111).not.toBe(0);
    expect(spawnSync('bash', ['-n', script]).status).toBe(0);
    expect(read('kiosk-browser.sh')).toMatch(/--kiosk "\$url"/);
  });
});
