/**
 * A no-show is marked only after staff confirm it, and one marked by mistake is restored from the
 * "recently missed" list: the ticket waits again at its original place and is the next call.
 */
import type { Page } from '@playwright/test';
import { expect, type Stack, test } from './fixtures.ts';

test.use({ viewport: { width: 1280, height: 900 } });

async function issue(stack: Stack, serviceId: string) {
  const res = await fetch(`${stack.agent}/api/tickets`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId, idempotencyKey: crypto.randomUUID(), lang: 'zh' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { ticket: { id: string; number: string } }).ticket;
}

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

test('no-show asks for confirmation, and a restored ticket is called again first', async ({
  page,
  stack,
}) => {
  const first = await issue(stack, 'legal');
  const second = await issue(stack, 'legal');
  await signIn(page, stack, '3', { id: 'li.na', name: '李娜', pin: '112358' });
  await page.getByRole('button', { name: '叫下一位' }).click();
  await expect(page.getByTestId('current-number')).toHaveText(first.number);

  // Cancelling the confirmation leaves the ticket at the counter.
  await page.locator('[data-action=no-show]').click();
  await expect(page.getByText(`确认将 ${first.number} 标记为过号？`)).toBeVisible();
  await page.getByRole('button', { name: '取消' }).click();
  await expect(page.getByTestId('current-number')).toHaveText(first.number);

  await page.locator('[data-action=no-show]').click();
  await page.locator('[data-action=no-show-confirm]').click();
  await expect(page.getByText('当前无办理中的号码')).toBeVisible();
  const missed = page.locator(`[data-missed="${first.number}"]`);
  await expect(missed).toBeVisible();
  await expect(page.getByTestId('next-number')).toHaveText(second.number);

  // Restore: back at its place, ahead of the ticket issued after it.
  await missed.getByRole('button', { name: `恢复 ${first.number} 到原来的排队位置` }).click();
  await expect(missed).toBeHidden();
  await expect(page.getByTestId('next-number')).toHaveText(first.number);
  await expect(page.locator(`[data-ticket="${first.number}"]`)).toBeVisible();

  // The same in English.
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Call next' }).click();
  await expect(page.getByTestId('current-number')).toHaveText(first.number);
  await page.locator('[data-action=no-show]').click();
  await expect(page.getByText(`Mark ${first.number} as a no-show?`)).toBeVisible();
  await page.getByRole('button', { name: 'Mark no-show' }).click();
  await expect(
    page.getByRole('button', { name: `Restore ${first.number} to its place in the queue` }),
  ).toBeVisible();
});
