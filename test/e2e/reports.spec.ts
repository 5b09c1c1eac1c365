/**
 * The reports section in Chromium against the demo stack (seven generated days of history for the
 * demo station): the figures page for the last week draws its charts, and the summary and the
 * tickets-by-day table show the numbers the hub's summary gives for the same filters; the CSV
 * download opens with the UTF-8 byte order mark and a header row in Chinese and English; the
 * red/yellow/blue board printed hides the console's navigation and controls and keeps the board.
 * No serious or critical axe finding on either page; screenshots for the README.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { ADMIN_PASSWORD, expect, ROOT, test } from './fixtures.ts';

async function axeProblems(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const stationDay = (at: number) => new Date(at).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const to = stationDay(Date.now());
const from = stationDay(Date.now() - 7 * 86_400_000);

test.describe.configure({ mode: 'serial' });

test('reports: charts and tables with the summary numbers, CSV with BOM, the board printed', async ({
  stack,
  page,
}) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${stack.hub}/console/`);
  await page.getByLabel('用户名 User name').fill('admin');
  await page.getByLabel('密码 Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录 Sign in' }).click();
  await expect(page.getByRole('link', { name: '报表 Reports' })).toBeVisible();

  const query = `from=${from}&to=${to}`;
  const byDay = page.locator('section[data-section="by-day"]');

  await test.step('the figures page draws its charts and shows the summary numbers', async () => {
    await page.goto(`${stack.hub}/console/#/reports?${query}`);
    await expect(page.getByRole('heading', { name: '报表 Reports' })).toBeVisible();
    await expect(byDay.locator('xz-report-chart').locator('svg, canvas').first()).toBeVisible();
    const res = await page.request.get(`${stack.hub}/api/reports/summary?${query}`);
    expect(res.ok()).toBe(true);
    const summary = (await res.json()) as {
      tickets: { issued: number; served: number; noShow: number };
      ratings: { count: number };
    };
    expect(summary.tickets.issued).toBeGreaterThan(0);
    await expect(page.getByTestId('figure-issued')).toHaveText(String(summary.tickets.issued));
    await expect(page.getByTestId('figure-served')).toHaveText(String(summary.tickets.served));
    const column = async (key: string) =>
      (await byDay.locator(`tbody td[data-key="${key}"]`).allTextContents()).reduce(
        (sum, cell) => sum + (cell === '—' ? 0 : Number(cell)),
        0,
      );
    expect(await column('issued')).toBe(summary.tickets.issued);
    expect(await column('served')).toBe(summary.tickets.served);
    expect(await column('noShow')).toBe(summary.tickets.noShow);
    const ratings = page.locator('section[data-section="ratings"]');
    await expect(ratings.locator('xz-report-chart svg').first()).toBeVisible();
    const levels = (await ratings.locator('tbody td[data-key="count"]').allTextContents()).map(Number);
    expect(levels.reduce((a, b) => a + b, 0)).toBe(summary.ratings.count);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/reports.png'), fullPage: true });
  });

  await test.step('a filter kept in the URL: one service, shared by its link', async () => {
    const service = page.getByLabel('服务事项 Service');
    const options = await service
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    if (options.length > 0) {
      await service.selectOption(options[0]);
      await page.getByRole('button', { name: '查询 Show' }).click();
      await expect(page).toHaveURL(new RegExp(`serviceId=${options[0]}`));
      const res = await page.request.get(`${stack.hub}/api/reports/summary?${query}&serviceId=${options[0]}`);
      const summary = (await res.json()) as { tickets: { issued: number } };
      await expect(page.getByTestId('figure-issued')).toHaveText(String(summary.tickets.issued));
      await page.goto(`${stack.hub}/console/#/reports?${query}`);
    }
  });

  await test.step('the CSV starts with the BOM and a header row in Chinese and English', async () => {
    const download = page.waitForEvent('download');
    await byDay.getByRole('button', { name: /下载 CSV Download CSV/ }).click();
    const file = await download;
    const bytes = readFileSync(await file.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const header = bytes.subarray(3).toString('utf8').split('\r\n')[0];
    expect(header.startsWith('日期 Date,取号数 Issued,办结数 Served')).toBe(true);
    await expect(page.getByTestId('csv-by-day')).toContainText(/已下载 \d+ 行 Downloaded \d+ rows/);
  });

  await test.step('the board, printed, hides the navigation and keeps the ranked table', async () => {
    await page.getByRole('link', { name: '红黄蓝榜 Red/yellow/blue board' }).click();
    await expect(page).toHaveURL(/#\/reports\/board\?from=/);
    const board = page.getByTestId('board');
    await expect(board.locator('tbody tr').first()).toContainText(/蓝|黄|红|无数据/);
    expect(await axeProblems(page)).toEqual([]);
    await page.screenshot({ path: join(ROOT, 'docs/screenshots/board.png'), fullPage: true });
    const nav = page.getByRole('navigation', { name: '主导航 Main' });
    await expect(nav).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    await expect(nav).toBeHidden();
    await expect(page.getByRole('button', { name: '打印 Print' })).toBeHidden();
    await expect(page.getByRole('heading', { name: /红黄蓝榜 Station board/ })).toBeVisible();
    await expect(board).toBeVisible();
    await expect(board.getByLabel('图例 Legend')).toBeVisible();
    await page.emulateMedia({ media: 'screen' });
  });
});
