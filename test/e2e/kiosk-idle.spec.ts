/**
 * Privacy and elder mode: a kiosk left alone goes back home with every input cleared, in
 * Chinese and in standard mode for the next person. Elder mode (长辈版) waits longer and warns
 * larger, but resets too; its type is larger with line spacing of at least 1.3. Time is advanced
 * with Playwright's fake clock, not waited for: the kiosk measures idle time with Date.now() on a
 * one-second setInterval (kiosk/ui/src/kiosk/idle.ts), and the station's idle times are
 * GET /api/station idleSeconds and elderIdleSeconds.
 */
import type { Page } from '@playwright/test';
import { expect, type Stack, test } from './fixtures.ts';

test.use({ viewport: { width: 1280, height: 1024 } });

const PARTIAL_ID = '3702111950';

async function idleSeconds(stack: Stack): Promise<number> {
  const res = await fetch(`${stack.agent}/api/station`);
  return ((await res.json()) as { idleSeconds: number }).idleSeconds;
}

async function elderIdleSeconds(stack: Stack): Promise<number> {
  const res = await fetch(`${stack.agent}/api/station`);
  return ((await res.json()) as { elderIdleSeconds: number }).elderIdleSeconds;
}

async function openHome(page: Page, stack: Stack) {
  await page.clock.install();
  await page.goto(`${stack.agent}/`);
  await expect(page.locator('[data-route=services]')).toBeVisible();
}

async function typeOnPad(page: Page, chars: string) {
  for (const ch of chars) await page.locator(`xz-code-field [data-key="${ch}"]`).click();
}

const fieldValue = (page: Page) => page.locator('xz-code-field #value');

async function fontPx(page: Page, selector: string): Promise<{ size: number; lineHeight: number }> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const s = getComputedStyle(el);
      return { size: Number.parseFloat(s.fontSize), lineHeight: Number.parseFloat(s.lineHeight) };
    });
}

/** Line height as a multiple of the font size, to two decimals (computed values are rounded px). */
const spacing = (m: { size: number; lineHeight: number }) => Math.round((m.lineHeight / m.size) * 100) / 100;

test('left alone mid-task, the kiosk warns, returns home in Chinese and the typed ID is gone', async ({
  page,
  stack,
}) => {
  const idle = await idleSeconds(stack);
  expect(idle).toBe(60);
  await openHome(page, stack);
  await page.locator('[data-action=lang]').click();
  await page.locator('[data-route=green]').click();
  await expect(page.getByRole('heading', { name: 'Green channel' })).toBeVisible();
  await typeOnPad(page, PARTIAL_ID);
  await expect(fieldValue(page)).toHaveText('370211 1950');

  // Ten seconds before the end a warning shows, and the input is still there.
  await page.clock.fastForward((idle - 10) * 1000);
  await expect(page.getByText(/Returning to the home screen in \d+ s/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Keep going' })).toBeVisible();
  await expect(fieldValue(page)).toHaveText('370211 1950');

  await page.clock.fastForward(11_000);
  await expect(page.getByRole('heading', { name: '欢迎办理' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByText(/无操作将在/)).toHaveCount(0);

  await page.locator('[data-route=green]').click();
  await expect(fieldValue(page)).toHaveText('尚未输入');
  await expect(page.locator('xz-code-field .count')).toHaveText('已输入 0/18 位');
});

test('a touch restarts the idle countdown', async ({ page, stack }) => {
  const idle = await idleSeconds(stack);
  await openHome(page, stack);
  await page.locator('[data-route=green]').click();
  await typeOnPad(page, '37');
  await page.clock.fastForward((idle - 5) * 1000);
  await typeOnPad(page, '0');
  await page.clock.fastForward((idle - 15) * 1000);
  await expect(page.getByRole('heading', { name: '绿色通道' })).toBeVisible();
  await expect(fieldValue(page)).toHaveText('370');
});

test('elder mode (长辈版): larger type, a longer wait and a larger warning, then back to standard mode with every input cleared', async ({
  page,
  stack,
}) => {
  const idle = await idleSeconds(stack);
  const elderIdle = await elderIdleSeconds(stack);
  expect(elderIdle).toBeGreaterThan(idle);
  await openHome(page, stack);
  const standard = {
    heading: await fontPx(page, 'xz-kiosk-home h1'),
    tile: await fontPx(page, 'xz-kiosk-home .tile .sub'),
    body: await fontPx(page, 'body'),
  };

  await page.getByRole('button', { name: '长辈版' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-elder', '');
  await expect(page.locator('[data-action=elder]')).toHaveAttribute('aria-pressed', 'true');
  const elder = {
    heading: await fontPx(page, 'xz-kiosk-home h1'),
    tile: await fontPx(page, 'xz-kiosk-home .tile .sub'),
    body: await fontPx(page, 'body'),
  };
  expect(elder.heading.size).toBeGreaterThan(standard.heading.size * 1.2);
  expect(elder.tile.size).toBeGreaterThan(standard.tile.size * 1.2);
  expect(elder.body.size).toBeGreaterThanOrEqual(28);
  for (const m of Object.values(elder)) expect(spacing(m)).toBeGreaterThanOrEqual(1.3);

  await page.locator('[data-route=green]').click();
  await typeOnPad(page, PARTIAL_ID);
  const intro = await fontPx(page, 'xz-green-channel p');
  expect(intro.size).toBeGreaterThanOrEqual(28);
  expect(spacing(intro)).toBeGreaterThanOrEqual(1.3);
  const key = await page.locator('xz-code-field [data-key="5"]').boundingBox();
  expect(key?.height ?? 0).toBeGreaterThanOrEqual(64);

  // Past the standard idle time nothing happens yet: elder mode waits longer.
  await page.clock.fastForward((idle + 5) * 1000);
  await expect(page.getByRole('heading', { name: '绿色通道' })).toBeVisible();
  await expect(fieldValue(page)).toHaveText('370211 1950');
  await expect(page.getByTestId('idle-warning')).toHaveCount(0);

  // Thirty seconds before the end, a large warning.
  await page.clock.fastForward((elderIdle - idle - 5 - 30) * 1000);
  const warning = page.getByTestId('idle-warning');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(/无操作将在 \d+ 秒后返回首页/);
  expect((await fontPx(page, '[data-testid=idle-warning] p')).size).toBeGreaterThanOrEqual(40);

  // Then home, in standard mode and Chinese; the typed number is gone.
  await page.clock.fastForward(31_000);
  await expect(page.getByRole('heading', { name: '欢迎办理' })).toBeVisible();
  await expect(page.locator('html')).not.toHaveAttribute('data-elder', '');
  await expect(page.locator('[data-action=elder]')).toHaveAttribute('aria-pressed', 'false');
  expect((await fontPx(page, 'xz-kiosk-home h1')).size).toBe(standard.heading.size);
  await page.locator('[data-route=green]').click();
  await expect(fieldValue(page)).toHaveText('尚未输入');
});

test('text typed on the on-screen keyboard is cleared by an idle reset, and the keyboard closed', async ({
  page,
  stack,
}) => {
  const idle = await idleSeconds(stack);
  await openHome(page, stack);
  await page.locator('[data-route=policies]').click();
  await page.getByTestId('policy-search').click();
  for (const ch of 'bt') await page.locator(`xz-touch-keyboard [data-skbtn="${ch}"]`).click();
  await expect(page.getByTestId('policy-search')).toHaveValue('bt');
  await page.clock.fastForward((idle + 1) * 1000);
  await expect(page.getByRole('heading', { name: '欢迎办理' })).toBeVisible();
  await expect(page.locator('xz-touch-keyboard')).toHaveCount(0);
  await page.locator('[data-route=policies]').click();
  await expect(page.getByTestId('policy-search')).toHaveValue('');
});
