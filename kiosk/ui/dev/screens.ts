/**
 * Development-only: takes screenshots of every kiosk screen (zh, en, elder mode) plus the
 * counter console and call display from a running agent (real or mock), for a visual check.
 * Run: npx tsx kiosk/ui/dev/screens.ts http://127.0.0.1:8090 /tmp/xz-shots
 */
import { chromium, type Page } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:8090';
const out = process.argv[3] ?? '/tmp/xz-shots';
const only = process.argv[4];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const errors: string[] = [];

async function kiosk(variant: 'zh' | 'en' | 'elder') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1024 } });
  page.on('pageerror', (e) => errors.push(`${variant}: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`${variant}: ${m.text()}`));
  await page.goto(base);
  await page.evaluate(() => localStorage.removeItem('xz-elder'));
  await page.reload();
  const shot = async (name: string) => {
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${out}/kiosk-${variant}-${name}.png`, fullPage: true });
  };
  const click = (sel: string) => page.locator(sel).first().click();
  await page.getByText(/欢迎办理|Welcome/).waitFor();
  if (variant === 'en') await click('[data-action=lang]');
  if (variant === 'elder') await click('[data-action=elder]');
  await shot('home');
  await click('[data-route=services]');
  await page.locator('[data-service]').first().waitFor();
  await shot('services');
  await click('[data-service=tax]');
  await page.getByTestId('ticket-number').waitFor();
  await shot('ticket');
  await home(page);
  await click('[data-route=green]');
  await page.keyboard.type('11010519491231002X');
  await shot('green-typed');
  await page.keyboard.press('Enter');
  await page.getByTestId('green-match').waitFor();
  await shot('green-match');
  await page.getByTestId('green-match').locator('button').click();
  await shot('green-services');
  await click('[data-service=general]');
  await page.getByTestId('ticket-number').waitFor();
  await shot('green-ticket');
  await home(page);
  await click('[data-route=green]');
  await page.keyboard.type('110105194912310021');
  await page.keyboard.press('Enter');
  await page.getByTestId('green-invalid').waitFor();
  await shot('green-invalid');
  await click('[data-tab=code]');
  await shot('green-code');
  await click('[data-tab=declare]');
  await shot('green-declare');
  await home(page);
  await click('[data-route=policies]');
  await page.locator('[data-policy]').first().waitFor();
  await shot('policies');
  await click('[data-policy]');
  await shot('policy-detail');
  await click('[data-action=policy-back]');
  await click('[data-tab=match]');
  await click('[data-answer=technology]');
  await click('[data-answer=small-micro]');
  await page.getByRole('button', { name: /查看匹配政策|Show matching/ }).click();
  await shot('policy-match');
  await click('[data-tab=calendar]');
  await page.getByRole('button', { name: /下个月|Next month/ }).click();
  await shot('policy-calendar');
  await home(page);
  await click('[data-route=rate]');
  await page.keyboard.type('B001');
  await click('[data-level="2"]');
  await shot('rate');
  await page.getByRole('button', { name: /^(提交|Submit)$/ }).click();
  await shot('rate-done');
  await home(page);
  await click('[data-route=request]');
  await click('[data-category=enterprise]');
  await page.getByRole('button', { name: /融资贷款困难|Hard to get financing/ }).click();
  await page.keyboard.type('13800138000');
  await shot('request');
  await page.getByRole('button', { name: /^(提交|Submit)$/ }).click();
  await page.getByTestId('request-number').waitFor();
  await shot('request-receipt');
  await home(page);
  await fetch(`${base}/dev/printer`, { method: 'POST', body: JSON.stringify({ type: 'paper-out' }) });
  await fetch(`${base}/dev/hub`, { method: 'POST', body: JSON.stringify({ type: 'offline' }) });
  await page.waitForTimeout(500);
  await shot('home-trouble');
  await click('[data-route=services]');
  await click('[data-service=enterprise-registration]');
  await page.getByTestId('ticket-number').waitFor();
  await shot('ticket-trouble');
  await fetch(`${base}/dev/printer`, { method: 'POST', body: JSON.stringify({ type: 'ready' }) });
  await fetch(`${base}/dev/hub`, { method: 'POST', body: JSON.stringify({ type: 'online' }) });
  await page.close();
}

async function home(page: Page) {
  await page
    .getByRole('button', { name: /返回首页|^Home$/ })
    .first()
    .click();
}

async function staff() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => errors.push(`counter: ${e.message}`));
  await page.goto(`${base}/counter`);
  await page.getByLabel(/工号或姓名/).fill('王芳 007');
  await page.screenshot({ path: `${out}/counter-signin.png` });
  await page.getByRole('button', { name: '登录' }).click();
  await page.locator('[data-action=call-next]').waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${out}/counter-console.png`, fullPage: true });
  const display = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  display.on('pageerror', (e) => errors.push(`display: ${e.message}`));
  await display.goto(`${base}/display`);
  await display.waitForTimeout(800);
  await page.locator('[data-action=call-next]').click();
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${out}/counter-called.png`, fullPage: true });
  await display.screenshot({ path: `${out}/display.png` });
  const other = await browser.newPage();
  await other.goto(`${base}/counter`);
  await other.getByLabel(/工号或姓名/).fill('李雷');
  await other.getByRole('button', { name: '登录' }).click();
  await other.getByTestId('conflict').waitFor();
  await other.screenshot({ path: `${out}/counter-conflict.png` });
}

try {
  for (const v of ['zh', 'en', 'elder'] as const) if (!only || only === v) await kiosk(v);
  if (!only || only === 'staff') await staff();
} finally {
  await browser.close();
  console.log(errors.length ? `ERRORS:\n${errors.join('\n')}` : 'no page errors');
}
