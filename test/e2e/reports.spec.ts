/**
 * The reports section in Chromium against the demo stack (seven generated days of history for the
 * demo station): the figures page for the last week draws its charts, and the summary and the
 * tickets-by-day table show the numbers the hub's summary gives for the same filters; the CSV
 * download opens with the UTF-8 byte order mark and a header row in Chinese and English; the
 * sections by station, by counter, by rating indicator, by department and of station days each
 * show the hub's table for the same filters (numbers equal cell by cell, rows named in words) and
 * download it as CSV with the BOM, the same header and as many rows; the red/yellow/blue board
 * printed hides the console's navigation and controls and keeps the board. No serious or critical
 * axe finding on either page; screenshots for the README. The stack is shared with other browser
 * tests: every comparison is with what the hub answers at the time, never with counts assumed.
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

interface Table {
  columns: Array<{ key: string; zh: string; en: string; kind: string }>;
  rows: Array<Record<string, string | number | null>>;
}

/** A cell as the console shows it (see formatCell in the console's report data). */
function shown(kind: string, value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (kind === 'rate') return `${Math.round(value * 10_000) / 100}%`;
  if (kind === 'hour') return `${String(value).padStart(2, '0')}:00`;
  return String(value);
}

/** The sections added for every table: id, table, the label column, what its words contain, a chart. */
const TABLE_SECTIONS = [
  { id: 'by-station', table: 'by-station', label: 'stationId', words: /./, chart: true },
  { id: 'by-counter', table: 'by-counter', label: 'counterId', words: /窗口/, chart: true },
  {
    id: 'ratings-by-indicator',
    table: 'ratings-by-indicator',
    label: 'indicator',
    words: /[\u4e00-\u9fff]/,
    chart: true,
  },
  {
    id: 'requests-by-department',
    table: 'requests-by-department',
    label: 'department',
    words: /[\u4e00-\u9fff]/,
    chart: true,
  },
  { id: 'station-days', table: 'station-days', label: 'day', words: /^\d{4}-\d{2}-\d{2}/, chart: false },
] as const;

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

  await test.step('each table has its section: the hub’s numbers, rows in words, CSV with BOM', async () => {
    for (const s of TABLE_SECTIONS) {
      const section = page.locator(`section[data-section="${s.id}"]`);
      await expect(section).toHaveAttribute('aria-busy', 'false');
      const res = await page.request.get(`${stack.hub}/api/reports/tables/${s.table}?${query}`);
      expect(res.ok(), s.id).toBe(true);
      const api = (await res.json()) as Table;
      expect(api.rows.length, `${s.id} has figures in the demo week`).toBeGreaterThan(0);
      const rows = section.locator('tbody tr');
      const count = await rows.count();
      expect(count, s.id).toBe(Math.min(api.rows.length, 100));
      // Every number shown is the hub's, cell by cell.
      const keys = await rows
        .first()
        .locator('td.num')
        .evaluateAll((tds) => tds.map((td) => (td as HTMLElement).dataset.key as string));
      expect(keys.length, s.id).toBeGreaterThan(1);
      for (const key of keys) {
        const kind = api.columns.find((c) => c.key === key)?.kind ?? 'count';
        expect(
          await section.locator(`tbody td[data-key="${key}"]`).allTextContents(),
          `${s.id} ${key}`,
        ).toEqual(api.rows.slice(0, count).map((r) => shown(kind, r[key])));
      }
      // Rows are named in words (a station by its id at most), never by an internal code.
      const labels = await section.locator(`tbody th[data-key="${s.label}"]`).allTextContents();
      labels.forEach((text, i) => {
        expect(text, `${s.id} row ${i}`).toMatch(s.words);
        const code = String(api.rows[i][s.label] ?? '');
        if (s.label !== 'stationId' && s.label !== 'day')
          expect(text.trim(), `${s.id} row ${i}`).not.toBe(code);
      });
      if (s.chart) await expect(section.locator('xz-report-chart svg').first()).toBeVisible();
      // The CSV: the same filters, the BOM, the header in Chinese and English, every row.
      const download = page.waitForEvent('download');
      await section.getByRole('button', { name: /下载 CSV Download CSV/ }).click();
      const file = await download;
      expect(file.suggestedFilename()).toBe(`xiaozhan-${s.table}-${from}-${to}.csv`);
      const bytes = readFileSync(await file.path());
      expect([...bytes.subarray(0, 3)], s.id).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toBe(api.columns.map((c) => `${c.zh} ${c.en}`).join(','));
      expect(lines.filter(Boolean).length - 1, s.id).toBe(api.rows.length);
      await expect(page.getByTestId(`csv-${s.id}`)).toContainText(/已下载 \d+ 行 Downloaded \d+ rows/);
    }
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
