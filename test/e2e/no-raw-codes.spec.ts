/**
 * Every code a label: every screen of the kiosk, the counter console, the call display, the
 * operator console and the phone pages, in both languages, shows words, never a string that
 * looks like an i18n key (`call.rule.transfer-front`), an internal id (`enterprise-registration`,
 * `intellectual-property`, `paper-out`) or an error code (`XZ_ERR_…`). The ids are those the
 * running stack itself uses (services, groups, policies, tags) plus the states the screens word.
 * The operator console may show a station's id (operators enrol kiosks by it), nothing else.
 */
import type { Page } from '@playwright/test';
import { REQUEST_CATEGORIES } from '@xz/shared/cases/categories';
import { DEFAULT_CASE_SETTINGS } from '@xz/shared/cases/settings';
import { ADMIN_PASSWORD, expect, type Stack, test } from './fixtures.ts';

test.use({ viewport: { width: 1080, height: 1920 }, actionTimeout: 15_000 });

const STATES = [
  'paper-out',
  'paper-near-end',
  'cover-open',
  'cutter-error',
  'no-show',
  'in-review',
  'on-time',
  'due-soon',
  'not-tracked',
  'never-seen',
  'green-first',
  'green-quota',
  'transfer-front',
  'transfer-back',
  'reserved-counter',
  'strict-priority',
  'individual-business',
];

/** Visible text of the page, through every shadow root. */
function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walk = (root: Document | ShadowRoot | Element) => {
      for (const node of root.childNodes) {
        if (node.nodeType === Node.TEXT_NODE) {
          const parent = node.parentElement;
          const text = node.textContent?.trim();
          if (text && parent?.checkVisibility({ visibilityProperty: true, opacityProperty: true }))
            out.push(text);
        } else if (node instanceof Element) {
          if (['SCRIPT', 'STYLE', 'TEMPLATE'].includes(node.tagName)) continue;
          if (node.shadowRoot) walk(node.shadowRoot);
          walk(node);
        }
      }
    };
    walk(document);
    return out.join('\n');
  });
}

/**
 * The ids the stack uses: services, groups, policies, tags, request categories, departments.
 * Those of one word (`tax`, `enterprise`, `finance`) are English words too: they are looked for
 * on Chinese screens only, where a lower-case Latin word is never a label.
 */
async function internalIds(stack: Stack): Promise<{ ids: string[]; words: string[] }> {
  const station = await (await fetch(`${stack.agent}/api/station`)).json();
  const policies = await (await fetch(`${stack.agent}/api/policies`)).json();
  const all: string[] = [
    ...station.services.map((s: { id: string }) => s.id),
    ...station.groups.map((g: { id: string }) => g.id),
    ...policies.policies.map((p: { id: string }) => p.id),
    ...policies.tags.map((t: { id: string }) => t.id),
    ...REQUEST_CATEGORIES,
    ...DEFAULT_CASE_SETTINGS.departments.map((d) => d.id),
    station.id,
    ...STATES,
  ];
  const unique = [...new Set(all)];
  return {
    ids: unique.filter((id) => /[-_.:]/.test(id)),
    words: unique.filter((id) => /^[a-z][a-z0-9]*$/.test(id)),
  };
}

type Ids = Awaited<ReturnType<typeof internalIds>>;

/** What in the text looks like a key, an id or an error code. */
function codesIn(text: string, ids: readonly string[], allowed: readonly string[] = []): string[] {
  const plain = text.replace(/\b[a-z]+:\/\/\S+/gi, ' ').replace(/\S+@\S+\.\S+/g, ' ');
  const found = new Set<string>();
  for (const m of plain.matchAll(/\b[a-z][a-z0-9]*(?:\.[a-z][a-z0-9-]*)+\b/g)) {
    if (!['e.g', 'i.e'].includes(m[0])) found.add(m[0]);
  }
  for (const m of plain.matchAll(/\bXZ_[A-Z_]+\b|\b[a-z]+_[a-z_]+\b/g)) found.add(m[0]);
  for (const id of ids) {
    if (allowed.includes(id)) continue;
    const re = new RegExp(`(^|[^A-Za-z0-9-])${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9-])`);
    if (re.test(plain)) found.add(id);
  }
  return [...found].filter((code) => !allowed.includes(code));
}

async function check(
  page: Page,
  where: string,
  known: Ids,
  problems: Record<string, string[]>,
  allowed: string[] = [],
  lang: 'zh' | 'en' | 'both' = 'zh',
) {
  const ids = lang === 'zh' ? [...known.ids, ...known.words] : known.ids;
  const text = await visibleText(page);
  const codes = codesIn(text, ids, allowed);
  // Pages in both languages at once (the console): a one-word id counts when a piece of text is
  // made of such ids only (`tax`, `finance, housing`), as a raw code shows in a cell or a label.
  if (lang === 'both')
    for (const line of text.split('\n')) {
      const tokens = line.split(/[\s,，、/]+/).filter(Boolean);
      if (tokens.length > 0 && tokens.every((t) => known.words.includes(t)))
        for (const t of tokens) if (!allowed.includes(t) && !codes.includes(t)) codes.push(t);
    }
  // Each with the line it was found on, so a failure shows where.
  const lines = text.split('\n');
  if (codes.length)
    problems[where] = codes.map(
      (code) => `${code} in "${lines.find((l) => l.includes(code))?.slice(0, 80)}"`,
    );
}

const KIOSK: Record<string, (page: Page) => Promise<void>> = {
  home: async (page) => {
    await expect(page.getByTestId('home-queue')).toBeVisible();
  },
  services: async (page) => {
    await page.locator('[data-route=services]').click();
    await expect(page.locator('[data-service]').first()).toBeVisible();
  },
  confirmation: async (page) => {
    await KIOSK.services(page);
    await page.locator('[data-service=tax]').click();
    await expect(page.getByTestId('ticket-number')).toBeVisible();
  },
  'green-match': async (page) => {
    await page.locator('[data-route=green]').click();
    await page.keyboard.type('110105195003151230');
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
  'policy-detail': async (page) => {
    await KIOSK.policies(page);
    await page.locator('[data-policy=ip-pledge-financing]').click();
    await expect(page.locator('[data-action=policy-back]')).toBeVisible();
  },
  'policy-calendar': async (page) => {
    await KIOSK.policies(page);
    await page.locator('[data-tab=calendar]').click();
    await expect(page.locator('xz-policy-calendar table')).toBeVisible();
  },
  'policy-questionnaire': async (page) => {
    await KIOSK.policies(page);
    await page.locator('[data-tab=match]').click();
    await page.locator('[data-answer]').first().click();
    await page.locator('xz-policy-browser .actions .btn.primary').click();
    await expect(page.locator('xz-policy-browser h2')).toBeVisible();
  },
  rating: async (page) => {
    await page.locator('[data-route=rate]').click();
    await page.locator('xz-rating-form .actions .btn.primary').click();
    await expect(page.locator('xz-rating-form xz-banner')).toBeVisible();
  },
  'request-errors': async (page) => {
    await page.locator('[data-route=request]').click();
    await page.locator('xz-request-form .actions .btn.primary').click();
    await expect(page.locator('xz-request-form xz-banner[data-field=category]')).toBeVisible();
  },
  'request-receipt': async (page) => {
    await page.locator('[data-route=request]').click();
    await page.locator('[data-category=enterprise]').click();
    await page.locator('xz-phrase-picker .phrases .btn').first().click();
    for (const ch of '13800138000')
      await page.locator(`xz-code-field[mode=phone] [data-key="${ch}"]`).click();
    await page.locator('xz-request-form .actions .btn.primary').click();
    await expect(page.getByTestId('request-number')).toBeVisible();
  },
};

test('kiosk, counter console and call display, in Chinese and English: words, never codes', async ({
  page,
  context,
  stack,
}) => {
  test.setTimeout(240_000);
  const ids = await internalIds(stack);
  const problems: Record<string, string[]> = {};
  for (const lang of ['zh', 'en'] as const) {
    for (const [name, go] of Object.entries(KIOSK)) {
      await page.goto(`${stack.agent}/`);
      await expect(page.locator('[data-route=services]')).toBeVisible();
      if (lang === 'en') await page.locator('[data-action=lang]').click();
      await go(page);
      await check(page, `kiosk ${lang} ${name}`, ids, problems, [], lang);
    }
  }

  // Serving, with tickets waiting: the calling rule of each is worded (every rule key: explain.test.ts).
  const counter = await context.newPage();
  await counter.setViewportSize({ width: 1280, height: 900 });
  await counter.goto(`${stack.agent}/counter`);
  await counter.locator('select[name=counter]').selectOption('2');
  await counter.getByLabel('工号').fill('wang.fang');
  await counter.getByLabel('密码或 PIN').fill('135790');
  await counter.locator('form button[type=submit]').click();
  const takeOver = counter.locator('xz-banner[data-testid=conflict] button');
  await expect(counter.locator('[data-action=call-next]').or(takeOver)).toBeVisible();
  if (await takeOver.isVisible()) await takeOver.click();
  for (let i = 0; i < 3; i++) {
    await fetch(`${stack.agent}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 'tax', idempotencyKey: crypto.randomUUID() }),
    });
  }
  await expect(counter.locator('[data-action=call-next]')).toBeEnabled();
  await counter.locator('[data-action=call-next]').click();
  await expect(counter.getByTestId('current-number')).toBeVisible();
  await check(counter, 'counter zh serving', ids, problems);
  await counter.getByRole('button', { name: 'English' }).click();
  await check(counter, 'counter en', ids, problems, [], 'en');

  const display = await context.newPage();
  await display.setViewportSize({ width: 1920, height: 1080 });
  await display.goto(`${stack.agent}/display`);
  await expect(display.getByTestId('call-2')).toBeVisible();
  await check(display, 'display', ids, problems);

  expect(problems).toEqual({});
});

test('operator console and phone pages, in Chinese and English: words, never codes', async ({
  page,
  stack,
}) => {
  test.setTimeout(180_000);
  const ids = await internalIds(stack);
  const station = (await (await fetch(`${stack.agent}/api/station`)).json()) as { id: string };
  const problems: Record<string, string[]> = {};

  // Phone pages: a policy, the station's policies, a ticket and a request.
  const ticket = await (
    await fetch(`${stack.agent}/api/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ serviceId: 'enterprise-registration', idempotencyKey: crypto.randomUUID() }),
    })
  ).json();
  const request = await (
    await fetch(`${stack.agent}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'enterprise',
        description: '融资贷款困难，希望了解政策',
        phone: '13800138000',
        idempotencyKey: crypto.randomUUID(),
      }),
    })
  ).json();
  const pages = [
    `${stack.hub}/p/ip-pledge-financing`,
    `${stack.hub}/p?station=${encodeURIComponent(station.id)}`,
    ticket.ticket.statusUrl,
    request.request.statusUrl,
  ];
  for (const url of pages) {
    for (const lang of ['zh', 'en']) {
      const u = new URL(url);
      u.searchParams.set('lang', lang);
      await expect.poll(async () => (await page.goto(u.href))?.status(), { timeout: 20_000 }).toBe(200);
      await check(page, `phone ${lang} ${u.pathname}`, ids, problems, [], lang as 'zh' | 'en');
    }
  }

  // The console, every page.
  await page.goto(`${stack.hub}/console/`);
  await page.getByLabel('用户名 User name').fill('admin');
  await page.getByLabel('密码 Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录 Sign in' }).click();
  await expect(page.locator('tr[data-policy]').first()).toBeVisible();
  // Sign-in names are what operators type, not codes: the users page and the audit log show them.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  // A department handler, so the users page shows a department (by its name, never its id).
  const handler = await fetch(`${stack.hub}/api/users`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify({
      username: 'words-check-handler',
      password: 'words-check-password-1',
      roles: ['department-handler'],
      department: 'commerce',
    }),
  });
  expect([201, 409]).toContain(handler.status);
  const users = (await (await fetch(`${stack.hub}/api/users`, { headers: { cookie } })).json()) as {
    users: { username: string }[];
  };
  const names = users.users.map((u) => u.username);
  for (const hash of [
    '#/policies',
    '#/policies/ip-pledge-financing',
    '#/stations',
    '#/cases',
    '#/case-settings',
    '#/calendar',
    '#/green-lists',
    '#/reports',
    '#/audit',
    '#/users',
  ]) {
    await page.goto(`${stack.hub}/console/${hash}`);
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    await check(page, `console ${hash}`, ids, problems, [station.id, ...names], 'both');
  }
  expect(problems).toEqual({});
});
