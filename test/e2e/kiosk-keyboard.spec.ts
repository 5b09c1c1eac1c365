/**
 * Touch only: the kiosk's text fields take input from the on-screen keyboard, Chinese by pinyin
 * through the candidate bar, every step a tap (real touch events, as a finger on the screen sends), at the standing kiosk's portrait 1080×1920 and at landscape
 * 1920×1080. Search finds policies by pinyin, by tag and by synonym, open ones first.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const SIZES = [
  { name: 'portrait', width: 1080, height: 1920 },
  { name: 'landscape', width: 1920, height: 1080 },
] as const;

const keyboard = (page: Page) => page.locator('xz-touch-keyboard');

/** The kiosk pages as built (`npm run build`), served by the agent. */
const UI_DIST = resolve(import.meta.dirname, '../../kiosk/dist/ui');
/** The kiosk's JavaScript budget before a text field opens (SPEC: ≤ 80 KB gzip). */
const KIOSK_JS_GZIP_BUDGET = 80 * 1024;

const gzipBytes = (paths: readonly string[]) =>
  [...new Set(paths)].reduce(
    (sum, path) => sum + gzipSync(readFileSync(join(UI_DIST, path)), { level: 9 }).length,
    0,
  );

async function tapKeys(page: Page, letters: string) {
  for (const ch of letters) await keyboard(page).locator(`[data-skbtn="${ch}"]`).tap();
}

async function pick(page: Page, word: string) {
  await keyboard(page).locator(`[data-candidate="${word}"]`).tap();
}

for (const size of SIZES) {
  test.describe(`${size.name} ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height }, hasTouch: true });

    test('search typed on the on-screen keyboard: butie → 补贴 finds both 奖励补贴 policies, open first', async ({
      page,
      stack,
    }) => {
      // The keyboard's engine (keys, pinyin table) loads only when a text field opens.
      const scripts: string[] = [];
      page.on('response', (res) => {
        if (res.url().endsWith('.js')) scripts.push(new URL(res.url()).pathname);
      });
      await page.goto(`${stack.agent}/`);
      await page.locator('[data-route=policies]').tap();
      await expect(page.locator('[data-policy]').first()).toBeVisible();
      await expect(keyboard(page)).toHaveCount(0);
      const atLoad = scripts.length;
      expect(scripts.some((p) => p.includes('engine'))).toBe(false);
      // Everything the kiosk loaded so far stays within its budget.
      const loaded = gzipBytes(scripts);
      expect(loaded).toBeGreaterThan(0);
      expect(loaded).toBeLessThanOrEqual(KIOSK_JS_GZIP_BUDGET);

      await page.getByTestId('policy-search').tap();
      await expect(keyboard(page).locator('[data-skbtn="b"]')).toBeVisible();
      expect(scripts.slice(atLoad).some((p) => p.includes('engine'))).toBe(true);
      await tapKeys(page, 'butie');
      // Every key, candidate and page button is a touch target of at least 64 × 64 px.
      await expect(keyboard(page).locator('[data-candidate]').first()).toBeVisible();
      const small = await keyboard(page)
        .locator('button')
        .evaluateAll((els) =>
          els
            .map((el) => ({ key: el.textContent?.trim(), box: el.getBoundingClientRect() }))
            .filter(({ box }) => box.width < 63.5 || box.height < 63.5)
            .map(({ key, box }) => `${key} ${Math.round(box.width)}×${Math.round(box.height)}`),
        );
      expect(small).toEqual([]);
      // While composing, the letters already search by pinyin.
      await expect(page.getByTestId('policy-search')).toHaveValue('butie');
      // Taps on keys leave the field focused (the caret stays where the letters go).
      await expect(page.getByTestId('policy-search')).toBeFocused();
      await expect(page.locator('[data-policy=individual-to-enterprise]')).toBeVisible();
      await pick(page, '补贴');
      await expect(page.getByTestId('policy-search')).toHaveValue('补贴');

      const found = await page
        .locator('[data-policy]')
        .evaluateAll((els) =>
          els.map((el) => ({ id: el.getAttribute('data-policy'), closed: el.classList.contains('closed') })),
        );
      const ids = found.map((f) => f.id);
      expect(ids.slice(0, 2).sort()).toEqual(['individual-to-enterprise', 'tourism-development']);
      // Open before closed: once a closed one appears, no open one follows.
      const firstClosed = found.findIndex((f) => f.closed);
      if (firstClosed >= 0) expect(found.slice(firstClosed).every((f) => f.closed)).toBe(true);
      await expect(page.locator('[data-policy].closed').first()).toContainText('申报已截止');

      // Hiding the keyboard gives the screen back.
      await keyboard(page).locator('[data-skbtn="{done}"]').tap();
      await expect(keyboard(page)).toHaveCount(0);
    });

    test('a request described in Chinese through pinyin candidates', async ({ page, stack }) => {
      await page.goto(`${stack.agent}/`);
      await page.locator('[data-route=request]').tap();
      await page.locator('[data-category=enterprise]').tap();
      const text = page.locator('xz-phrase-picker textarea');
      await text.tap();
      await expect(keyboard(page).locator('[data-skbtn="q"]')).toBeVisible();
      await tapKeys(page, 'qiye');
      await pick(page, '企业');
      await tapKeys(page, 'rongzi');
      await pick(page, '融资');
      await tapKeys(page, 'kunnan');
      await pick(page, '困难');
      await expect(text).toHaveValue('企业融资困难');
      await expect(text).toBeFocused();
      // Backspace removes the last character.
      await keyboard(page).locator('[data-skbtn="{bksp}"]').tap();
      await expect(text).toHaveValue('企业融资困');
      await tapKeys(page, 'nan');
      await pick(page, '难');
      await expect(text).toHaveValue('企业融资困难');

      for (const ch of '13800138000')
        await page.locator(`xz-code-field[mode=phone] [data-key="${ch}"]`).tap();
      await page.locator('xz-request-form .actions .btn.primary').tap();
      await expect(page.getByTestId('request-number')).toBeVisible();
      await expect(keyboard(page)).toHaveCount(0);
    });
  });
}
