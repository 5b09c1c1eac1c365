import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  checkConfigFile,
  listProfileIds,
  loadProfile,
  loadStationConfig,
  PROFILES_DIR,
  XZ_ERR_CONFIG_INVALID,
  XZ_ERR_PROFILE_NOT_FOUND,
} from './config.ts';

const demo = resolve(PROFILES_DIR, '../stations/demo.json');
const tmp = mkdtempSync(join(tmpdir(), 'xz-config-'));
const writeJson = (name: string, value: unknown) => {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};
const issuesOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => i.path);
    throw error;
  }
  return [];
};

describe('printer profiles', () => {
  it('ships generic-80, generic-58 and epson-tm-t88, all valid', () => {
    expect(listProfileIds()).toEqual(expect.arrayContaining(['generic-80', 'generic-58', 'epson-tm-t88']));
    const g80 = loadProfile('generic-80');
    expect(g80).toMatchObject({ charsPerLine: 48, baudRate: 115200, codePage: 'gb18030', cutter: 'full' });
    expect(g80.qr.native).toBe(true);
    expect(loadProfile('generic-58')).toMatchObject({ charsPerLine: 32, baudRate: 9600, paperWidthMm: 58 });
    expect(loadProfile('epson-tm-t88')).toMatchObject({
      flowControl: 'rtscts',
      charsPerLineOptions: [42, 48],
    });
  });

  it('loads by path and reports unknown ids and bad fields by path', () => {
    expect(loadProfile(join(PROFILES_DIR, 'generic-58.json')).id).toBe('generic-58');
    expect(() => loadProfile('no-such-printer')).toThrowError(
      expect.objectContaining({ code: XZ_ERR_PROFILE_NOT_FOUND }),
    );
    const good = JSON.parse(readFileSync(join(PROFILES_DIR, 'generic-80.json'), 'utf8'));
    const bad = writeJson('bad-profile.json', {
      ...good,
      qr: { ...good.qr, errorCorrection: 'X' },
      baudRate: 12345,
    });
    expect(issuesOf(() => loadProfile(bad))).toEqual(['/baudRate', '/qr/errorCorrection']);
    const cols = writeJson('cols.json', { ...good, paperWidthMm: 58, charsPerLine: 48 });
    expect(issuesOf(() => checkConfigFile(cols))).toContain('/charsPerLine');
  });
});

describe('station configuration', () => {
  it('the demo station is valid: 24-hour, three counters, every service, cap 999 / warn 900, generic-80', () => {
    const station = loadStationConfig(demo);
    expect(station.stationId).toBe('xhd-lingzhu-01');
    expect(station.hours).toEqual([{ days: 'mon-sun', from: '00:00', to: '24:00' }]);
    expect(station.counters).toHaveLength(3);
    expect(station.services.length).toBeGreaterThanOrEqual(9);
    expect(station.services.every((s) => s.dailyCap === 999 && s.warnAt === 900)).toBe(true);
    expect(station.printerProfileId).toBe('generic-80');
  });

  it('names the field of a broken reference or limit', () => {
    const station = JSON.parse(readFileSync(demo, 'utf8'));
    station.counters[1].services.push('astrology');
    station.services[2].warnAt = 1000;
    station.services[3].prefix = 'A';
    station.printerProfileId = 'nope';
    const file = writeJson('bad-station.json', station);
    // Schema errors come first, alone: warnAt is above its 999 maximum.
    expect(issuesOf(() => loadStationConfig(file))).toEqual(['/services/2/warnAt']);
    station.services[2].warnAt = 950;
    station.services[2].dailyCap = 900;
    const file2 = writeJson('bad-station2.json', station);
    expect(issuesOf(() => loadStationConfig(file2))).toEqual([
      '/services/2/warnAt',
      '/services/3/prefix',
      '/counters/1/services/4',
    ]);
    station.services[2].dailyCap = 999;
    station.services[3].prefix = 'D';
    station.counters[1].services.pop();
    const file3 = writeJson('bad-station3.json', station);
    expect(issuesOf(() => loadStationConfig(file3))).toEqual(['/printerProfileId']);
  });
});

describe('config:check CLI', () => {
  const cli = resolve(import.meta.dirname, 'cli.ts');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 60_000 });

  it('exits 0 for the shipped files', () => {
    const result = run('--all');
    expect(result.stdout).toContain('demo.json (station)');
    expect(result.status).toBe(0);
  });

  it('exits non-zero naming the file and the field path', () => {
    const bad = writeJson('cli-bad.json', { id: 'x', paperWidthMm: 70 });
    const result = run(demo, bad);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${bad} /paperWidthMm`);
    expect(result.stderr).toContain(XZ_ERR_CONFIG_INVALID);
    const notJson = join(tmp, 'broken.json');
    writeFileSync(notJson, '{"id": ');
    expect(run(notJson).stderr).toContain('not valid JSON');
  });
});
