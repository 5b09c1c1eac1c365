/**
 * Screenshots of every screen at the standing kiosk's portrait 1080×1920 and at landscape
 * 1920×1080, kept as test artifacts in test-results/screens/ for a look by eye: every kiosk screen
 * in Chinese, English and elder mode; the counter console, the call display, the operator
 * console's main pages and a case, and the phone pages of a policy, a ticket and a request; plus
 * the README's pictures: the home screen, a confirmation, the policy list, and the text
 * rendering of the slip the virtual printer received for the ticket. Those go to
 * test-results/screens/ on every run and into docs/screenshots/ (committed) only with
 * XZ_UPDATE_DOCS=1, so a test run leaves the checkout as it was:
 *   XZ_UPDATE_DOCS=1 npx playwright test test/e2e/screens.spec.ts -g README
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ADMIN_PASSWORD, expect, ROOT, type Stack, test } from './fixtures.ts';

test.use({ viewport: { width: 1080, height: 1920 }, actionTimeout: 15_000 });

const ORIENTATIONS = {
  portrait: { width: 1080, height: 1920 },
  landscape: { width: 1920, height: 1080 },
} as const;

type Variant = 'zh' | 'en' | 'elder';
const OUT = join(ROOT, 'test-results/screens');
const DOCS = process.env.XZ_UPDATE_DOCS === '1' ? join(ROOT, 'docs/screenshots') : join(OUT, 'readme');
/** Resident ID of someone born in 1950 (valid GB 11643 check digit). */
const SENIOR_ID = '110105195003151230';

async function openKiosk(page: Page, stack: Stack, variant: Variant) {
  await page.goto(`${stack.agent}/`);
  await page.evaluate((elder) => localStorage.setItem('xz-elder', elder ? '1' : '0'), variant === 'elder');
  await page.reload();
  await expect(page.locator('[data-route=services]')).toBeVisible();
  if (variant === 'en') {
    await page.locator('[data-action=lang]').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  }
}

async function home(page: Page) {
  const button = page.locator('xz-kiosk-header button').first();
  if (await button.count()) await button.click();
  await expect(page.locator('[data-route=services]')).toBeVisible();
}

/** Waits until the agent itself reports the printer ready again (it polls the printer). */
async function printerReady(stack: Stack) {
  await expect
    .poll(
      async () => ((await (await fetch(`${stack.agent}/api/printer`)).json()) as { state: string }).state,
      {
        timeout: 20_000,
      },
    )
    .toBe('ready');
}

async function shot(page: Page, path: string) {
  // Fonts loaded and no animation frame pending, so the picture is what a citizen sees.
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  });
  await page.screenshot({ path, fullPage: true });
}

const SCREENS: Record<string, (page: Page) => Promise<void>> = {
  home: async () => {},
  services: async (page) => {
    await page.locator('[data-route=services]').click();
    await expect(page.locator('[data-service]').first()).toBeVisible();
  },
  confirmation: async (page) => {
    await SCREENS.services(page);
    await page.locator('[data-service=tax]').click();
    await expect(page.getByTestId('ticket-number')).toBeVisible();
    await expect(page.locator('xz-ticket-confirmation xz-banner[kind=ok]')).toContainText(/已打印|printed/);
  },
  'green-typing': async (page) => {
    await page.locator('[data-route=green]').click();
    for (const ch of SENIOR_ID.slice(0, 10)) await page.locator(`xz-code-field [data-key="${ch}"]`).click();
  },
  'green-invalid': async (page) => {
    await page.locator('[data-route=green]').click();
    await page.keyboard.type(`${SENIOR_ID.slice(0, 17)}1`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('green-invalid')).toBeVisible();
  },
  'green-match': async (page) => {
    await page.locator('[data-route=green]').click();
    await page.keyboard.type(SENIOR_ID);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('green-match')).toBeVisible();
  },
  'green-services': async (page) => {
    await SCREENS['green-match'](page);
    await page.getByTestId('green-match').locator('button').click();
    await expect(page.locator('[data-service]').first()).toBeVisible();
  },
  'green-confirmation': async (page) => {
    await SCREENS['green-services'](page);
    await page.locator('[data-service=general]').click();
    await expect(page.getByTestId('ticket-number')).toBeVisible();
  },
  'green-declare': async (page) => {
    await page.locator('[data-route=green]').click();
    await page.locator('[data-tab=declare]').click();
    await expect(page.locator('[data-group]').first()).toBeVisible();
  },
  policies: async (page) => {
    await page.locator('[data-route=policies]').click();
    await expect(page.locator('[data-policy]').first()).toBeVisible();
  },
  'policy-search-keyboard': async (page) => {
    await SCREENS.policies(page);
    await page.getByTestId('policy-search').click();
    for (const ch of 'butie') await page.locator(`xz-touch-keyboard [data-skbtn="${ch}"]`).click();
    await expect(page.getByTestId('policy-search')).toHaveValue('butie');
  },
  'policy-detail': async (page) => {
    await SCREENS.policies(page);
    await page.locator('[data-policy]').first().click();
    await expect(page.locator('[data-action=policy-back]')).toBeVisible();
  },
  'policy-calendar': async (page) => {
    await SCREENS.policies(page);
    await page.locator('[data-tab=calendar]').click();
    await expect(page.locator('xz-policy-calendar table')).toBeVisible();
  },
  'policy-questionnaire': async (page) => {
    await SCREENS.policies(page);
    await page.locator('[data-tab=match]').click();
    await page.locator('[data-answer]').first().click();
    await page.locator('xz-policy-browser .actions .btn.primary').click();
    await expect(page.locator('xz-policy-browser h2')).toBeVisible();
  },
  rating: async (page) => {
    await page.locator('[data-route=rate]').click();
    await expect(page.locator('[data-level]').first()).toBeVisible();
  },
  request: async (page) => {
    await page.locator('[data-route=request]').click();
    await expect(page.locator('[data-category]').first()).toBeVisible();
  },
  'request-keyboard': async (page) => {
    await SCREENS.request(page);
    await page.locator('xz-phrase-picker textarea').click();
    for (const ch of 'qiye') await page.locator(`xz-touch-keyboard [data-skbtn="${ch}"]`).click();
    await expect(page.locator('xz-phrase-picker textarea')).toHaveValue('qiye');
  },
  'request-receipt': async (page) => {
    await SCREENS.request(page);
    await page.locator('[data-category=enterprise]').click();
    await page.locator('xz-phrase-picker .phrases .btn').first().click();
    for (const ch of '13800138000')
      await page.locator(`xz-code-field[mode=phone] [data-key="${ch}"]`).click();
    await page.locator('xz-request-form .actions .btn.primary').click();
    await expect(page.getByTestId('request-number')).toBeVisible();
  },
};

for (const [orientation, viewport] of Object.entries(ORIENTATIONS)) {
  for (const variant of ['zh', 'en', 'elder'] as const) {
    test(`screenshots of every kiosk screen (${orientation}, ${variant})`, async ({ page, stack }) => {
      test.setTimeout(180_000);
      mkdirSync(OUT, { recursive: true });
      await page.setViewportSize(viewport);
      await openKiosk(page, stack, variant);
      for (const [name, go] of Object.entries(SCREENS)) {
        await home(page);
        await go(page);
        await shot(page, join(OUT, `kiosk-${orientation}-${variant}-${name}.png`));
      }
    });
  }
}

test('screenshots of the paper-out fallback', async ({ page, stack }) => {
  mkdirSync(OUT, { recursive: true });
  await openKiosk(page, stack, 'zh');
  try {
    await stack.setPrinterMode('paper-out');
    await expect(page.locator('xz-kiosk-home xz-banner[kind=warn]')).toBeVisible({ timeout: 15_000 });
    await shot(page, join(OUT, 'kiosk-zh-home-paper-out.png'));
    await SCREENS.services(page);
    await page.locator('[data-service=legal]').click();
    await expect(page.getByText('请向工作人员出示此屏幕')).toBeVisible();
    await shot(page, join(OUT, 'kiosk-zh-confirmation-paper-out.png'));
  } finally {
    await stack.setPrinterMode('ready');
    await printerReady(stack);
  }
});

async function post<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...(body as object), idempotencyKey: crypto.randomUUID() }),
  });
  expect(res.ok, `${url}: ${res.status}`).toBe(true);
  return (await res.json()) as T;
}

/** The console's main pages, by their address, and what shows each has loaded. */
const CONSOLE_PAGES: [string, string][] = [
  ['policies', 'tr[data-policy]'],
  ['stations', 'tr[data-station]'],
  ['cases', 'tr[data-case]'],
  ['reports', '[data-testid^=figure-]'],
  ['calendar', 'xz-calendar h1'],
  ['users', 'tr[data-user]'],
];

for (const [orientation, viewport] of Object.entries(ORIENTATIONS)) {
  test(`screenshots of the counter console, call display, operator console and phone pages (${orientation})`, async ({
    page,
    stack,
  }) => {
    test.setTimeout(180_000);
    mkdirSync(OUT, { recursive: true });
    await page.setViewportSize(viewport);

    // People waiting for counter 3, a ticket and a request to follow on a phone.
    for (const serviceId of ['legal', 'real-estate']) await post(`${stack.agent}/api/tickets`, { serviceId });
    const ticket = await post<{ ticket: { statusUrl: string } }>(`${stack.agent}/api/tickets`, {
      serviceId: 'tax',
    });
    const request = await post<{ request: { statusUrl: string; number: string } }>(
      `${stack.agent}/api/requests`,
      { category: 'enterprise', description: '融资贷款困难，希望了解政策', phone: '13800138000' },
    );

    await test.step('counter console, waiting and serving', async () => {
      await page.goto(`${stack.agent}/counter`);
      await page.locator('select[name=counter]').selectOption('3');
      await page.getByLabel('工号').fill('li.qiang');
      await page.getByLabel('密码或 PIN').fill('246801');
      await page.locator('form button[type=submit]').click();
      const takeOver = page.locator('xz-banner[data-testid=conflict] button');
      await expect(page.locator('[data-action=call-next]').or(takeOver)).toBeVisible();
      if (await takeOver.isVisible()) await takeOver.click();
      await expect(page.locator('[data-action=call-next]')).toBeEnabled();
      await shot(page, join(OUT, `counter-${orientation}-waiting.png`));
      await page.locator('[data-action=call-next]').click();
      await expect(page.getByTestId('current-number')).toBeVisible();
      await shot(page, join(OUT, `counter-${orientation}-serving.png`));
    });

    await test.step('call display', async () => {
      await page.goto(`${stack.agent}/display`);
      await expect(page.getByTestId('call-3')).toBeVisible();
      await shot(page, join(OUT, `display-${orientation}.png`));
      if (orientation !== 'landscape') return;
      // Readable from 5 m: the number's ink is at least 15% of the screen's height, on screen.
      const ink = await page.getByTestId('call-3').evaluate((el) => {
        const style = getComputedStyle(el);
        const ctx = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
        ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const m = ctx.measureText(el.textContent ?? '');
        const box = el.getBoundingClientRect();
        return { height: m.actualBoundingBoxAscent + m.actualBoundingBoxDescent, right: box.right };
      });
      expect(ink.height).toBeGreaterThanOrEqual(1080 * 0.15);
      expect(ink.right).toBeLessThanOrEqual(1920);
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(1080);
    });

    await test.step('operator console: the main pages and a case', async () => {
      await page.goto(`${stack.hub}/console/`);
      const signIn = page.getByRole('button', { name: '登录 Sign in' });
      const cases = page.getByRole('link', { name: '办件 Cases', exact: true });
      await expect(signIn.or(cases)).toBeVisible();
      if (await signIn.isVisible()) {
        await page.getByLabel('用户名 User name').fill('admin');
        await page.getByLabel('密码 Password').fill(ADMIN_PASSWORD);
        await signIn.click();
      }
      await expect(cases).toBeVisible();
      for (const [name, ready] of CONSOLE_PAGES) {
        await page.goto(`${stack.hub}/console/#/${name}`);
        await expect(page.locator(ready).first()).toBeVisible({
          timeout: name === 'cases' ? 30_000 : 10_000,
        });
        await page.waitForLoadState('networkidle');
        await shot(page, join(OUT, `console-${orientation}-${name}.png`));
      }
      await page.goto(`${stack.hub}/console/#/cases`);
      const row = page.locator('tr[data-case]', { hasText: request.request.number });
      await expect(row).toBeVisible({ timeout: 30_000 });
      await row.locator('a').first().click();
      await expect(page.getByTestId('status')).toBeVisible();
      await shot(page, join(OUT, `console-${orientation}-case.png`));
    });

    await test.step('phone pages: a policy, a ticket, a request', async () => {
      const phone: [string, string][] = [
        ['policy', `${stack.hub}/p/ip-pledge-financing`],
        ['ticket', ticket.ticket.statusUrl],
        ['request', request.request.statusUrl],
      ];
      for (const [name, url] of phone) {
        // The ticket and the request reach the hub a moment after they are taken.
        await expect.poll(async () => (await page.goto(url))?.status(), { timeout: 20_000 }).toBe(200);
        await shot(page, join(OUT, `phone-${orientation}-${name}.png`));
      }
    });
  });
}

test('README pictures: the kiosk home, a confirmation and its printed slip, the policies', async ({
  page,
  stack,
}) => {
  mkdirSync(DOCS, { recursive: true });
  await openKiosk(page, stack, 'zh');
  await expect(page.getByTestId('home-queue')).toBeVisible();
  await shot(page, join(DOCS, 'kiosk-home.png'));
  await SCREENS.confirmation(page);
  const statusUrl = await page
    .locator('xz-ticket-confirmation xz-qr')
    .evaluate((el) => (el as HTMLElement & { value: string }).value);
  await shot(page, join(DOCS, 'ticket.png'));
  const job = (await stack.printedJobs()).find((j) => j.qr.includes(statusUrl));
  expect(job).toBeDefined();
  writeFileSync(join(DOCS, 'printed-ticket.txt'), `${job?.text}\n`);
  await home(page);
  await SCREENS.policies(page);
  await shot(page, join(DOCS, 'policies.png'));
});
