/**
 * Staff at a counter sign in, call the next citizen, and the call display in the waiting hall
 * (a second page) shows the number at once; a green-channel call is marked by icon and text.
 */
import type { Page } from '@playwright/test';
import { expect, type Stack, test } from './fixtures.ts';

test.use({ viewport: { width: 1280, height: 900 } });

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function residentId(first17: string): string {
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * WEIGHTS[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

async function issue(stack: Stack, serviceId: string, extra: Record<string, string> = {}) {
  const res = await fetch(`${stack.agent}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId, idempotencyKey: crypto.randomUUID(), lang: 'zh', ...extra }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { ticket: { id: string; number: string } }).ticket;
}

/** Opens the call display and waits until its live link to the agent is up. */
async function openDisplay(display: Page, stack: Stack) {
  const linked = display
    .waitForEvent('websocket')
    .then((ws) => ws.waitForEvent('framereceived', { predicate: (f) => String(f.payload).startsWith('40') }));
  await display.goto(`${stack.agent}/display`);
  await linked;
  await expect(display.locator('[data-counter]').first()).toBeVisible();
}

/** Signs in at /counter; takes the counter over when another session holds it. */
/** A demo station's staff member (scripts/start.ts): staff number, name, counter PIN. */
type Staff = { id: string; name: string; pin: string };

/** Signs in at /counter with the staff number and PIN; takes the counter over when another session holds it. */
async function signIn(counter: Page, stack: Stack, counterId: string, staff: Staff) {
  await counter.goto(`${stack.agent}/counter`);
  await counter.locator('select[name=counter]').selectOption(counterId);
  await counter.getByLabel('工号').fill(staff.id);
  await counter.getByLabel('密码或 PIN').fill(staff.pin);
  await counter.getByRole('button', { name: '登录' }).click();
  const takeOver = counter.getByRole('button', { name: '接管此窗口' });
  await expect(counter.getByRole('button', { name: '叫下一位' }).or(takeOver)).toBeVisible();
  if (await takeOver.isVisible()) await takeOver.click();
  await expect(counter.getByText(`${counterId} 号窗口 · ${staff.name}`)).toBeVisible();
}

const WANG_FANG: Staff = { id: 'wang.fang', name: '王芳', pin: '135790' };

test('the counter is refused without the staff credential, and taking it over needs one too', async ({
  context,
  stack,
}) => {
  const counter = await context.newPage();
  await counter.goto(`${stack.agent}/counter`);
  await counter.locator('select[name=counter]').selectOption('1');
  await counter.getByLabel('工号').fill('wang.fang');
  // No PIN: the form does not even send.
  await counter.getByRole('button', { name: '登录' }).click();
  await expect(counter.getByLabel('密码或 PIN')).toHaveJSProperty('validity.valueMissing', true);
  await counter.getByLabel('密码或 PIN').fill('000000');
  await counter.getByRole('button', { name: '登录' }).click();
  await expect(counter.getByTestId('counter-message')).toContainText('工号、密码或 PIN 不正确');
  await expect(counter.getByRole('button', { name: '叫下一位' })).toHaveCount(0);

  await signIn(counter, stack, '1', WANG_FANG);
  // Someone else at another browser needs their own credential to take the counter over.
  const other = await context.browser()?.newContext();
  const second = await (other ?? context).newPage();
  await second.goto(`${stack.agent}/counter`);
  await second.locator('select[name=counter]').selectOption('1');
  await second.getByLabel('工号').fill('li.qiang');
  await second.getByLabel('密码或 PIN').fill('111111');
  await second.getByRole('button', { name: '登录' }).click();
  await expect(second.getByTestId('counter-message')).toContainText('工号、密码或 PIN 不正确');
  await expect(second.getByRole('button', { name: '接管此窗口' })).toHaveCount(0);
  await signIn(second, stack, '1', { id: 'li.qiang', name: '李强', pin: '246801' });
  await second.getByRole('button', { name: '退出' }).click();
  await other?.close();
});

test('staff sign in, call next, and the call display shows the number within a second', async ({
  context,
  stack,
}) => {
  await issue(stack, 'tax');
  const display = await context.newPage();
  await openDisplay(display, stack);
  const counter = await context.newPage();
  await signIn(counter, stack, '2', WANG_FANG);

  const next = counter.getByTestId('next-number');
  await expect(next).toHaveText(/^[A-Z]\d{3}$/);
  const number = (await next.textContent())?.trim() ?? '';
  await expect(counter.getByText(/原因：/)).toBeVisible();

  await counter.getByRole('button', { name: '叫下一位' }).click();
  await expect(display.getByTestId('call-2')).toHaveText(number, { timeout: 1000 });

  await expect(counter.getByTestId('current-number')).toHaveText(number);
  await expect(counter.getByTestId('counter-message')).toContainText(number);
  await expect(display.locator('[data-counter="2"]')).toContainText('2 号窗口');
  await expect(display.locator('ol.recent li').first()).toContainText(`${number} → 2 号窗口`);

  await counter.getByRole('button', { name: '办结' }).click();
  await counter.getByRole('button', { name: '退出' }).click();
  await expect(counter.getByRole('button', { name: '登录' })).toBeVisible();
});

test('a green-channel ticket called by number is marked on the call display by icon and text', async ({
  context,
  stack,
}) => {
  const green = await issue(stack, 'real-estate', { idNumber: residentId('37021119480101551') });
  const display = await context.newPage();
  await openDisplay(display, stack);
  const counter = await context.newPage();
  await signIn(counter, stack, '3', { id: 'li.qiang', name: '李强', pin: '246801' });

  const row = counter.locator(`tr[data-ticket="${green.number}"]`);
  await expect(row).toContainText('绿色通道');
  await row.getByRole('button', { name: `叫此号 ${green.number}` }).click();

  const card = display.locator('[data-counter="3"]');
  await expect(card.getByTestId('call-3')).toHaveText(green.number);
  await expect(card).toContainText('绿色通道');
  await expect(card).toContainText('Green channel');
  // Numbers only: never a name or ID data on the display.
  await expect(display.locator('body')).not.toContainText('李强');

  await counter.getByRole('button', { name: '办结' }).click();
  await counter.getByRole('button', { name: '退出' }).click();
});
