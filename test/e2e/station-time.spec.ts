/**
 * Staff and operators read every time in station time (Asia/Shanghai), 'YYYY-MM-DD HH:mm' or
 * 'HH:mm' for a time of today, whatever zone and locale the browser is in: here a browser in
 * New York, thirteen hours behind the station, against the demo stack.
 */
import { ADMIN_PASSWORD, expect, test } from './fixtures.ts';

test.use({ timezoneId: 'America/New_York', locale: 'en-US' });

/** An instant as the station reads it (Asia/Shanghai is UTC+8 all year). */
const stationTime = (at: number) => new Date(at + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

test('the counter says its last sync with the hub in station time', async ({ page, stack }) => {
  await page.goto(`${stack.agent}/counter`);
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(
    'America/New_York',
  );
  const line = page.getByTestId('hub-sync');
  await expect(line).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  // The counter asks the agent again every few seconds: compare with what the agent says now.
  await expect(async () => {
    const health = (await (await fetch(`${stack.agent}/api/health`)).json()) as {
      hub: { lastSyncAt?: number };
    };
    const at = health.hub.lastSyncAt;
    expect(at).toBeDefined();
    const shown = stationTime(at as number);
    const today = stationTime(Date.now()).slice(0, 10);
    const expected = shown.startsWith(today) ? shown.slice(11) : shown;
    await expect(line).toContainText(`上次同步 ${expected}`, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
});

test('the console shows when a user was created and a station last synced in station time', async ({
  page,
  stack,
}) => {
  await page.goto(`${stack.hub}/console/`);
  await page.getByLabel('用户名 User name').fill('admin');
  await page.getByLabel('密码 Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录 Sign in' }).click();
  await expect(page.getByRole('button', { name: '退出 Sign out' })).toBeVisible();

  await page.getByRole('link', { name: '用户 Users' }).click();
  const { users } = (await (await page.request.get(`${stack.hub}/api/users`)).json()) as {
    users: { username: string; createdAt: number }[];
  };
  const wang = users.find((u) => u.username === 'wang.fang');
  expect(wang).toBeDefined();
  await expect(page.locator('tr[data-user="wang.fang"]')).toContainText(
    stationTime(wang?.createdAt as number),
  );

  await page.getByRole('link', { name: '站点 Stations' }).click();
  const table = page.getByRole('table', { name: '站点实时状态 Live station state' });
  await expect(table).toBeVisible({ timeout: 20_000 });
  // The page polls the hub: compare with what the hub says now.
  await expect(async () => {
    const { stations } = (await (await page.request.get(`${stack.hub}/api/stations/live`)).json()) as {
      stations: { stationId: string; lastSyncAt?: number }[];
    };
    const station = stations.find((s) => s.lastSyncAt !== undefined);
    expect(station).toBeDefined();
    const row = table.locator(`tr[data-station="${station?.stationId}"]`);
    await expect(row).toContainText(stationTime(station?.lastSyncAt as number), { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
});
