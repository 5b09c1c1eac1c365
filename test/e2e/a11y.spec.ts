/**
 * Accessibility of every kiosk screen in Chinese, English and elder mode at the standing kiosk's
 * 1080×1920, with the on-screen keyboard open too, and of the counter console and the call
 * display: axe-core with every rule, label-content-name-mismatch included (accessible names
 * contain the visible text), finds no serious or critical violation; everything a person can touch
 * on a kiosk screen (buttons, links, form fields and their labels, elements with an interactive role,
 * on-screen keyboard keys, anything that listens for taps) is at least 64 × 64 px (text fields at
 * least 64 px high), and on the counter console at least 48 px.
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

/**
 * Installed before the page loads: remembers every element that gets a click, pointer, touch or
 * mouse listener (Lit's `@click` included), so custom elements that handle taps are measured too.
 */
function trackTapListeners() {
  const tappable = new WeakSet<EventTarget>();
  (window as unknown as { __xzTappable: WeakSet<EventTarget> }).__xzTappable = tappable;
  const add = EventTarget.prototype.addEventListener;
  const TAP = /^(click|pointerdown|pointerup|touchstart|touchend|mousedown|mouseup)$/;
  EventTarget.prototype.addEventListener = function (
    this: EventTarget,
    type: string,
    ...rest: [EventListenerOrEventListenerObject | null, (boolean | AddEventListenerOptions)?]
  ) {
    if (this instanceof Element && TAP.test(type)) tappable.add(this);
    return add.call(this, type, ...rest);
  };
}

/**
 * Everything a person can touch (through every shadow root): buttons, links, form fields,
 * elements with an interactive role, and elements that listen for taps. A radio or checkbox is
 * measured by its label (the label is what a finger presses; the input itself may be visually
 * hidden). Text fields need only the height; everything else min × min px. Returns how many were
 * measured and a description of each one that is too small.
 */
async function touchTargets(page: Page, min = 64) {
  return page.evaluate((min) => {
    const tappable = (window as unknown as { __xzTappable?: WeakSet<EventTarget> }).__xzTappable;
    const ROLES = new Set(['button', 'link', 'tab', 'radio', 'option', 'checkbox', 'switch', 'menuitem']);
    const TEXT_TYPES = new Set(['text', 'search', 'tel', 'email', 'number', 'password', 'url', '']);
    const CONTROLS = 'button, a[href], input, textarea, select, [role], [data-skbtn], [data-key]';
    const found: string[] = [];
    const seen = new Set<Element>();
    let checked = 0;
    const where = (el: Element) => {
      const hosts: string[] = [];
      for (let root = el.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode())
        hosts.unshift(root.host.tagName.toLowerCase());
      return hosts.join(' > ');
    };
    const describe = (el: Element, shown: Element) => {
      const role = el.getAttribute('role');
      const type = el.getAttribute('type');
      const data = [...el.attributes]
        .filter((a) => a.name.startsWith('data-'))
        .map((a) => `[${a.name}=${a.value}]`)
        .join('');
      const cls =
        typeof el.className === 'string' && el.className
          ? `.${el.className.trim().split(/\s+/).join('.')}`
          : '';
      const name = (
        el.getAttribute('aria-label') ||
        shown.textContent?.replace(/\s+/g, ' ').trim() ||
        el.getAttribute('placeholder') ||
        el.getAttribute('title') ||
        ''
      ).slice(0, 30);
      const what = `<${el.tagName.toLowerCase()}${type ? ` type=${type}` : ''}${role ? ` role=${role}` : ''}>${cls}${data}`;
      return `${where(el) || 'page'} ${what}${shown !== el ? ' (its label)' : ''} "${name}"`;
    };
    const interactive = (el: Element) => {
      const tag = el.tagName;
      if (tag === 'BUTTON' || tag === 'SELECT' || tag === 'TEXTAREA') return true;
      if (tag === 'INPUT') return (el as HTMLInputElement).type !== 'hidden';
      if (tag === 'A') return el.hasAttribute('href');
      if (ROLES.has(el.getAttribute('role') ?? '')) return true;
      const h = el as HTMLElement;
      if (!(tappable?.has(el) || h.onclick || h.onpointerdown || h.ontouchstart)) return false;
      // A container that listens on behalf of the controls inside it (the app, the keyboard's
      // rows) is not itself a target; its controls are measured.
      return !el.querySelector(CONTROLS) && !el.shadowRoot?.querySelector(CONTROLS);
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return false;
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden' && style.display !== 'none';
    };
    const measure = (el: Element) => {
      // A radio or checkbox is pressed through its label.
      let shown: Element = el;
      if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) {
        const label = el.labels?.[0] ?? el.closest('label');
        if (label) shown = label;
      }
      if (seen.has(shown) || !visible(shown)) return;
      seen.add(shown);
      checked++;
      const r = shown.getBoundingClientRect();
      const textField =
        el instanceof HTMLTextAreaElement ||
        (el instanceof HTMLInputElement && TEXT_TYPES.has(el.getAttribute('type') ?? ''));
      const small = textField ? r.height < min - 0.5 : r.width < min - 0.5 || r.height < min - 0.5;
      if (small) found.push(`${describe(el, shown)} ${Math.round(r.width)}×${Math.round(r.height)}`);
    };
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) walk(el.shadowRoot);
        if (interactive(el)) measure(el);
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
    await page.addInitScript(trackTapListeners);
    await openKiosk(page, stack, variant);
    const problems: Record<string, unknown> = {};
    for (const [name, go] of Object.entries(SCREENS)) {
      await home(page);
      await go(page);
      const axe = await axeProblems(page);
      const targets = await touchTargets(page);
      if (axe.length) problems[`${name} axe`] = axe;
      if (targets.checked < 3) problems[`${name} targets`] = `only ${targets.checked} touch targets found`;
      if (targets.small.length) problems[`${name} small targets`] = targets.small;
    }
    expect(problems).toEqual({});
  });
}

test('counter console and call display: no serious or critical axe violations, counter touch targets ≥ 48 px', async ({
  context,
  stack,
}) => {
  await context.addInitScript(trackTapListeners);
  const counter = await context.newPage();
  await counter.goto(`${stack.agent}/counter`);
  await expect(counter.locator('select[name=counter]')).toBeVisible();
  const problems: Record<string, unknown> = {};
  const signIn = await axeProblems(counter);
  if (signIn.length) problems['counter sign-in'] = signIn;
  const signInTargets = await touchTargets(counter, 48);
  if (signInTargets.small.length) problems['counter sign-in small targets'] = signInTargets.small;

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
  const consoleTargets = await touchTargets(counter, 48);
  if (consoleTargets.small.length) problems['counter console small targets'] = consoleTargets.small;
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
  if (counterTargets.small.length) problems['counter serving small targets'] = counterTargets.small;

  const display = await context.newPage();
  await display.goto(`${stack.agent}/display`);
  await expect(display.getByTestId('call-1')).toBeVisible();
  const displayView = await axeProblems(display);
  if (displayView.length) problems['call display'] = displayView;
  expect(problems).toEqual({});
});
