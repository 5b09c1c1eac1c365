/**
 * The kiosk's screens used well at the standing kiosk's portrait 1080×1920, at landscape
 * 1920×1080 and at a small portrait 768×1366: the home screen fits the screen with the date and clock in station time, opening
 * hours, phone and the live waiting per service; the ticket confirmation returns home by itself
 * once the slip is printed, after the station's confirmation time. At portrait the home, services
 * and ticket-confirmation screens spread their content over most of the screen's height (they
 * once left 70% of it empty); the call display's numbers: screens.spec.ts.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const SIZES = [
  { name: 'portrait', width: 1080, height: 1920 },
  { name: 'landscape', width: 1920, height: 1080 },
  { name: 'tablet portrait', width: 768, height: 1366 },
] as const;

for (const size of SIZES) {
  test.describe(`${size.name} ${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('home: station time, hours, phone and waiting per service, on one screen', async ({
      page,
      stack,
    }) => {
      const station = (await (await fetch(`${stack.agent}/api/station`)).json()) as {
        timeZone: string;
        phone: string;
      };
      await page.goto(`${stack.agent}/`);
      const clock = page.getByTestId('home-clock');
      await expect(clock).toBeVisible();
      const now = new Intl.DateTimeFormat('en-GB', {
        timeZone: station.timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
      // The clock shows station time (the browser may be in another zone), within a minute.
      const shown = (await clock.locator('.time').textContent())?.trim();
      const a = now.format(Date.now() - 60_000);
      const b = now.format(Date.now());
      expect([a, b]).toContain(shown);
      await expect(page.getByText('办理时间：24小时开放')).toBeVisible();
      await expect(page.getByText(`咨询电话：${station.phone}`)).toBeVisible();

      // Waiting per service, live: a ticket taken elsewhere shows up in the count.
      const tax = page.locator('[data-service-summary=tax]');
      await expect(tax).toContainText('税务服务');
      const before = Number((await tax.locator('.n').textContent())?.match(/等候 (\d+) 人/)?.[1]);
      await fetch(`${stack.agent}/api/tickets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ serviceId: 'tax', idempotencyKey: crypto.randomUUID() }),
      });
      await expect(tax.locator('.n')).toContainText(`等候 ${before + 1} 人`);

      // Everything on one screen, nothing cut off at the side.
      const fits = await page.evaluate(() => ({
        height: document.documentElement.scrollHeight,
        width: document.documentElement.scrollWidth,
      }));
      expect(fits.height).toBeLessThanOrEqual(size.height);
      expect(fits.width).toBeLessThanOrEqual(size.width);
      for (const route of ['services', 'green', 'policies', 'rate', 'request']) {
        const box = await page.locator(`[data-route=${route}]`).boundingBox();
        expect(box?.height ?? 0).toBeGreaterThanOrEqual(120);
      }
    });

    test('the confirmation returns home by itself 30 s after the slip is printed', async ({
      page,
      stack,
    }) => {
      const seconds = (
        (await (await fetch(`${stack.agent}/api/station`)).json()) as { confirmationSeconds: number }
      ).confirmationSeconds;
      expect(seconds).toBe(30);
      await page.clock.install();
      await page.goto(`${stack.agent}/`);
      await page.locator('[data-route=services]').click();
      await page.locator('[data-service=legal]').click();
      await expect(page.getByTestId('ticket-number')).toBeVisible();
      // Printed: the screen says so and counts down.
      await page.clock.runFor(2000);
      await expect(page.locator('xz-ticket-confirmation xz-banner[kind=ok]')).toContainText('已打印', {
        timeout: 15_000,
      });
      await expect(page.getByTestId('return-home')).toContainText('秒后返回首页');
      await page.clock.runFor((seconds - 5) * 1000);
      await expect(page.getByTestId('ticket-number')).toBeVisible();
      await page.clock.runFor(6000);
      await expect(page.getByRole('heading', { name: '欢迎办理' })).toBeVisible();
      await expect(page.getByTestId('ticket-number')).toHaveCount(0);
    });
  });
}

/**
 * How much of the screen's height the kiosk's current screen uses: from the top of its highest
 * visible piece of content to the bottom of its lowest, over the viewport's height. A piece of
 * content is what draws something a citizen sees in the screen's shadow tree (text, a picture,
 * a QR, a button, a field), not a box that is only stretched to fill, so a layout that pushes its
 * content to the top of a tall empty box measures short.
 */
function usedHeight(page: Page): Promise<{ top: number; bottom: number; share: number }> {
  return page.evaluate(() => {
    const app = document.querySelector('xz-kiosk-app');
    const screen = app?.shadowRoot?.querySelector('main > *');
    if (!screen?.shadowRoot) throw new Error('no kiosk screen');
    const drawn = new Set(['IMG', 'SVG', 'CANVAS', 'BUTTON', 'INPUT', 'TEXTAREA', 'SELECT', 'XZ-QR']);
    let top = Number.POSITIVE_INFINITY;
    let bottom = Number.NEGATIVE_INFINITY;
    const visit = (root: ShadowRoot | Element) => {
      for (const el of root.children) {
        if (['STYLE', 'SCRIPT', 'TEMPLATE'].includes(el.tagName)) continue;
        if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
        const hasText = [...el.childNodes].some(
          (n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim(),
        );
        const box = el.getBoundingClientRect();
        if ((hasText || drawn.has(el.tagName.toUpperCase())) && box.width > 0 && box.height > 0) {
          top = Math.min(top, Math.max(0, box.top));
          bottom = Math.max(bottom, Math.min(innerHeight, box.bottom));
        }
        if (el.shadowRoot) visit(el.shadowRoot);
        visit(el);
      }
    };
    visit(screen.shadowRoot);
    return { top, bottom, share: (bottom - top) / innerHeight };
  });
}

test.describe('portrait 1080×1920: the screens use the height', () => {
  test.use({ viewport: { width: 1080, height: 1920 } });

  test('home, services and the ticket confirmation span at least 60% of the screen', async ({
    page,
    stack,
  }) => {
    await page.goto(`${stack.agent}/`);
    await expect(page.getByTestId('home-queue')).toBeVisible();
    const used: Record<string, Awaited<ReturnType<typeof usedHeight>>> = {};
    used.home = await usedHeight(page);
    await page.locator('[data-route=services]').click();
    await expect(page.locator('[data-service]').first()).toBeVisible();
    used.services = await usedHeight(page);
    await page.locator('[data-service=tax]').click();
    await expect(page.getByTestId('ticket-number')).toBeVisible();
    used.confirmation = await usedHeight(page);
    for (const [name, u] of Object.entries(used))
      expect(u.share, `${name}: content from ${u.top}px to ${u.bottom}px of 1920px`).toBeGreaterThanOrEqual(
        0.6,
      );
  });
});
