/**
 * A kiosk enrols itself (`npm run agent -- --enrol <hub> <code>`), refuses credentials for
 * another station, and does not start half-configured. The provisioning launch script opens a
 * page the running agent serves: the kiosk.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Hub } from '@xz/hub/app';
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, tempDir } from '../sync/helpers.ts';
import { enrolCli, ROOT, spawnAgent, startAgentRig } from './fixtures.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

describe('kiosk enrolment', () => {
  it('stores credentials 0600 for its own station and refuses another station’s code', {
    timeout: 120_000,
  }, async () => {
    const tmp = await tempDir('xz-enrol-');
    cleanups.push(tmp.remove);
    const hub: Hub = await startHub(join(tmp.dir, 'hub'));
    cleanups.push(() => hub.close());
    const data = join(tmp.dir, 'agent');

    const foreign = await hub.kioskUsers.createEnrolmentCode('xhd-other-02');
    const refused = await enrolCli({ XZ_DATA_DIR: data }, hub.url, foreign.code);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('The code is for station xhd-other-02');
    await expect(stat(join(data, 'hub-credentials.json'))).rejects.toThrow();

    const bad = await enrolCli({ XZ_DATA_DIR: data }, hub.url, 'NOT-A-REAL-CODE-1');
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/The hub refused the enrolment code/);
    const down = await enrolCli({ XZ_DATA_DIR: data }, 'http://127.0.0.1:9', 'ABCD-EFGH-JKLM');
    expect(down.status).not.toBe(0);
    expect(down.stderr).toMatch(/did not answer/);

    // Half-configured: the station file names a hub, no credentials yet → no start.
    const half = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'kiosk/src/server.ts')], {
      cwd: ROOT,
      env: { ...process.env, AGENT_PORT: '0', XZ_DATA_DIR: data, XZ_HUB_URL: hub.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    half.stderr.on('data', (d) => {
      err += d;
    });
    const code = await new Promise((r) => half.on('exit', r));
    expect(code).not.toBe(0);
    expect(err).toMatch(/not enrolled with it .*--enrol .*XZ_OFFLINE=1/s);

    const own = await hub.kioskUsers.createEnrolmentCode('xhd-lingzhu-01');
    const ok = await enrolCli({ XZ_DATA_DIR: data }, hub.url, own.code);
    expect(ok.status, ok.stderr).toBe(0);
    const file = join(data, 'hub-credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(file, 'utf8'));
    expect(saved).toMatchObject({
      stationId: 'xhd-lingzhu-01',
      hubUrl: hub.url,
      username: expect.any(String),
    });
    expect(await hub.kioskUsers.authenticate(saved.username, saved.password)).not.toBeNull();
    // The code was one-time.
    expect((await enrolCli({ XZ_DATA_DIR: data }, hub.url, own.code)).status).not.toBe(0);

    // Enrolled: the agent starts and replicates with the hub it enrolled with.
    const agent = await spawnAgent({ XZ_DATA_DIR: data, XZ_OFFLINE: '' });
    cleanups.push(async () => agent.child.kill('SIGKILL'));
    const health = async () => (await (await fetch(`${agent.url}/api/health`)).json()).hub.state;
    const deadline = Date.now() + 30_000;
    while ((await health()) !== 'online' && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await health()).toBe('online');
  });
});

describe('kiosk provisioning', () => {
  it('the launch script opens the kiosk page of the running agent', { timeout: 60_000 }, async () => {
    const script = join(ROOT, 'firmware-config/provisioning/kiosk-browser.sh');
    const unit = await readFile(join(ROOT, 'firmware-config/provisioning/xiaozhan-kiosk.service'), 'utf8');
    const unitUrl = /Environment=XZ_KIOSK_URL=(\S+)/.exec(unit)?.[1];
    const scriptUrl = /XZ_KIOSK_URL:-([^}]+)}/.exec(await readFile(script, 'utf8'))?.[1];
    expect(unitUrl).toBe(scriptUrl);
    const rig = await startAgentRig();
    cleanups.push(() => rig.close());
    // The same path on the agent's test port (the unit's port is the agent's default, 8080).
    const url = `${rig.url}${new URL(unitUrl as string).pathname}`;

    // A stand-in for Chromium records how it was launched and loads the page it was given.
    const tmp = await tempDir('xz-kiosk-browser-');
    cleanups.push(tmp.remove);
    const bin = join(tmp.dir, 'bin');
    await mkdir(bin);
    const launched = join(tmp.dir, 'launched');
    await writeFile(
      join(bin, 'chromium'),
      `#!/usr/bin/env bash\nprintf '%s\\n' "$@" > '${launched}.args'\nfor a in "$@"; do case "$a" in --kiosk) next=1;; *) if [[ -n "\${next:-}" ]]; then curl -sS -o '${launched}.html' -w '%{http_code}' "$a" > '${launched}.status'; next=; fi;; esac; done\n`,
    );
    await chmod(join(bin, 'chromium'), 0o755);
    const run = spawn('bash', [script], {
      env: {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        XZ_KIOSK_URL: url,
        XZ_BROWSER_PROFILE: join(tmp.dir, 'profile'),
      },
      stdio: 'ignore',
    });
    expect(await new Promise((r) => run.on('exit', r))).toBe(0);
    const args = (await readFile(`${launched}.args`, 'utf8')).split('\n');
    expect(args).toContain('--kiosk');
    expect(args[args.indexOf('--kiosk') + 1]).toBe(url);
    expect(await readFile(`${launched}.status`, 'utf8')).toBe('200');
    expect(await readFile(`${launched}.html`, 'utf8')).toContain('xz-kiosk-app');
  });
});
