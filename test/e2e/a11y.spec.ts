/**
 * Accessibility of every kiosk screen in Chinese, English and elder mode at the standing kiosk's
 * 1080×1920, with the on-screen keyboard open too, and of the counter console and the call
 * display: axe-core with every rule, label-content-name-mismatch included (accessible names
 * contain the visible text), finds no serious or critical violation; every button on a kiosk
 * screen is a touch target of at least 64 × 64 px, and on the counter console at least 48 px.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, type Stack, test } from './fixtures.ts';

test.use({ viewport: { width: 1080, height: 1920 }, actionTimeout: 15_000 });

type Variant = 'zh' | 'en' | 'elder';
const VARIANTS: Variant[] = ['zh', 'en', 'elder'];
/** Resident ID of someone born in 1950 (valid GB 11643 check digit). */
const SENIOR_ID = '110105195003151230';

async function axeProblems(page: Page, include?: string) {
  // Every rule axe has, and the experimental label-in-name rule (WCAG 2.5.3) on top.
  let builder = new AxeBuilder({ page }).options({
    rules: { 'label-content-name-mismatch': { enabled: true } },
  });
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(' ')} :: ${n.failureSummary?.split('\n')[1] ?? ''}`),
    }));
}

/** Buttons (through every shadow root) that are visible, and those smaller than min × min px. */
async function touchTargets(page: Page, min = 64) {
  return page.evaluate((min) => {
    const found: string[] = [];
    let checked = 0;
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        if (el.tagName !== 'BUTTON') continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        checked++;
        if (r.width < min - 0.5 || r.height < min - 0.5) {
          const name =
            el.getAttribute('aria-label') || el.textContent?.trim().slice(0, 30) || el.outerHTML.slice(0, 60);
          found.push(`${name} ${Math.round(r.width)}×${Math.round(r.height)}`);
        }
      }
    };
    walk(document);
    return { checked, small: found };
  }, min);
}

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

/** Back to the home screen with the header's home button (if not there already). */
async function home(page: Page) {
  const button = page.locator('xz-kiosk-header button').first();
  if (await button.count()) await button.click();
  await expect(page.locator('[data-route=services]')).toBeVisible();
}

/** Each kiosk screen and how to reach it from home; each leaves the page on that screen. */
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
  },
  'green-channel': async (page) => {
    await page.locator('[data-route=green]').click();
    await page.keyboard.type(SENIOR_ID);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('green-match')).toBeVisible();
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
    for (const ch of 'bt') await page.locator(`xz-touch-keyboard [data-skbtn="${ch}"]`).click();
    await expect(page.getByTestId('policy-search')).toHaveValue('bt');
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

for (const variant of VARIANTS) {
  test(`kiosk screens (${variant}): no serious or critical axe violations, touch targets ≥ 64 px`, async ({
    page,
    stack,
  }) => {
    test.setTimeout(300_000);
    await openKiosk(page, stack, variant);
    const problems: Record<string, unknown> = {};
    for (const [name, go] of Object.entries(SCREENS)) {
      await home(page);
      await go(page);
      const axe = await axeProblems(page);
      const targets = await touchTargets(page);
      if (axe.length) problems[`${name} axe`] = axe;
      if (targets.checked < 3) problems[`${name} buttons`] = `only ${targets.checked} buttons found`;
      if (targets.small.length) problems[`${name} small targets`] = targets.small;
    }
    expect(problems).toEqual({});
  });
}

test('counter console and call display: no serious or critical axe violations', async ({
  context,
  stack,
}) => {
  const counter = await context.newPage();
  await counter.goto(`${stack.agent}/counter`);
  await expect(counter.locator('select[name=counter]')).toBeVisible();
  const problems: Record<string, unknown> = {};
  const signIn = await axeProblems(counter);
  if (signIn.length) problems['counter sign-in'] = signIn;

  await counter.locator('select[name=counter]').selectOption('1');
  await counter.getByLabel('工号').fill('wang.fang');
  await counter.getByLabel('密码或 PIN').fill('135790');
  await counter.locator('form button[type=submit]').click();
  const takeOver = counter.locator('xz-banner[data-testid=conflict] button');
  await expect(counter.locator('[data-action=call-next]').or(takeOver)).toBeVisible();
  if (await takeOver.isVisible()) await takeOver.click();
  await expect(counter.locator('[data-action=call-next]')).toBeVisible();
  const consoleView = await axeProblems(counter);
  if (consoleView.length) problems['counter console'] = consoleView;
  // A call on the display, so its numbers and the recent list are checked too.
  await fetch(`${stack.agent}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'enterprise-registration', idempotencyKey: crypto.randomUUID() }),
  });
  await expect(counter.locator('[data-action=call-next]')).toBeEnabled();
  await counter.locator('[data-action=call-next]').click();
  await expect(counter.getByTestId('current-number')).toBeVisible();
  const serving = await axeProblems(counter);
  if (serving.length) problems['counter console serving'] = serving;
  const counterTargets = await touchTargets(counter, 48);
  if (counterTargets.small.length) problems['counter small targets'] = counterTargets.small;

  const display = await context.newPage();
  await display.goto(`${stack.agent}/display`);
  await expect(display.getByTestId('call-1')).toBeVisible();
  const displayView = await axeProblems(display);
  if (displayView.length) problems['call display'] = displayView;
  expect(problems).toEqual({});
});
