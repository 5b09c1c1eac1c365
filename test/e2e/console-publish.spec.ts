/**
 * Operator console in Chromium against a real hub process: an operator signs in, opens a policy a
 * colleague wrote and the admin approved, publishes it, and the public policy page shows it; a
 * station staff member sees no publish button and the API refuses with 403.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');
const ADMIN_PASSWORD = 'admin-password-e2e';
const POLICY_ID = 'e2e-startup-grant';

let hub: ChildProcess | undefined;
let hubUrl = '';
let dataDir = '';

async function api(method: string, url: string, body?: unknown, cookie?: string) {
  const res = await fetch(`${hubUrl}${url}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(cookie ? { cookie } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

async function session(username: string, password: string): Promise<string> {
  const res = await api('POST', '/api/auth/sign-in', { username, password });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0];
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  if (!existsSync(path.join(root, 'hub/dist/console/index.html'))) {
    const build = spawnSync('npm', ['run', 'build:console', '-w', '@xz/hub'], {
      cwd: root,
      stdio: 'inherit',
    });
    expect(build.status).toBe(0);
  }
  dataDir = await mkdtemp(path.join(tmpdir(), 'xz-e2e-console-'));
  hub = spawn(process.execPath, ['--import', 'tsx', 'hub/src/server.ts'], {
    cwd: root,
    env: { ...process.env, HUB_PORT: '0', XZ_HUB_DATA_DIR: dataDir, XZ_ADMIN_PASSWORD: ADMIN_PASSWORD },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  hubUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`hub did not start:\n${out}`)), 90_000);
    hub?.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /hub listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    hub?.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    hub?.once('exit', (code) => reject(new Error(`hub exited with ${code}:\n${out}`)));
  });

  const admin = await session('admin', ADMIN_PASSWORD);
  for (const [username, roles, extra] of [
    ['writer', ['district-operator'], {}],
    ['publisher', ['district-operator'], {}],
    ['staff', ['station-staff'], { stationId: 'st-e2e' }],
  ] as const) {
    const res = await api(
      'POST',
      '/api/users',
      { username, password: `${username}-password`, roles, ...extra },
      admin,
    );
    expect(res.status).toBe(201);
  }
  const samples = JSON.parse(readFileSync(path.join(root, 'shared/data/policies.sample.json'), 'utf8')) as {
    policies: Array<Record<string, unknown>>;
  };
  const content = {
    ...samples.policies[0],
    id: POLICY_ID,
    title: { zh: '端到端创业补贴', en: 'End-to-end start-up grant' },
  };
  const writer = await session('writer', 'writer-password');
  expect((await api('POST', '/api/policies', { content }, writer)).status).toBe(201);
  expect((await api('POST', `/api/policies/${POLICY_ID}/submit`, {}, writer)).status).toBe(200);
  expect((await api('POST', `/api/policies/${POLICY_ID}/approve`, {}, admin)).status).toBe(200);
});

test.afterAll(async () => {
  if (hub && hub.exitCode === null) {
    const exited = new Promise((resolve) => hub?.once('exit', resolve));
    hub.kill('SIGTERM');
    await exited;
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('an operator signs in and publishes an approved policy from the console', async ({ page }) => {
  await page.goto(`${hubUrl}/console/`);
  await page.getByLabel('用户名 User name').fill('publisher');
  await page.getByLabel('密码 Password').fill('publisher-password');
  await page.getByRole('button', { name: '登录 Sign in' }).click();

  const row = page.locator(`tr[data-policy="${POLICY_ID}"]`);
  await expect(row).toContainText('approved');
  await row.getByRole('link', { name: '端到端创业补贴' }).click();

  await expect(page.getByTestId('status')).toHaveText('已审核 approved');
  await page.getByRole('button', { name: '立即发布 Publish now' }).click();
  await expect(page.getByTestId('status')).toHaveText('已发布 published');
  await expect(page.getByTestId('version')).toHaveText('v1');

  // Stations get it through xz-policies; the public QR page reads the same document.
  const publicPage = await page.request.get(`${hubUrl}/p/${POLICY_ID}?lang=en`);
  expect(publicPage.status()).toBe(200);
  expect(await publicPage.text()).toContain('End-to-end start-up grant');

  await page.getByRole('link', { name: '审计 Audit' }).click();
  await expect(page.locator('tr[data-action="policy.publish"]')).toContainText('publisher');
});

test('station staff see the policy but cannot publish or reach the audit log', async ({ page }) => {
  await page.goto(`${hubUrl}/console/`);
  await page.getByLabel('用户名 User name').fill('staff');
  await page.getByLabel('密码 Password').fill('staff-password');
  await page.getByRole('button', { name: '登录 Sign in' }).click();
  await page.locator(`tr[data-policy="${POLICY_ID}"]`).getByRole('link').click();
  await expect(page.getByTestId('status')).toBeVisible();
  await expect(page.getByRole('button', { name: /Withdraw|Publish now/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: '审计 Audit' })).toHaveCount(0);
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const res = await api('POST', `/api/policies/${POLICY_ID}/withdraw`, {}, cookie);
  expect(res.status).toBe(403);
  expect(res.body.reason).toBe('role');
});
