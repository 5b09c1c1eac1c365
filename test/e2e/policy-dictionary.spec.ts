/**
 * The policy dictionary as data: an operator renames a tag and adds a synonym in the console;
 * the open kiosk shows the new name on its tag chip and finds the tag's policies by the new
 * synonym, and the phone page of a policy shows tag names, never keys.
 */
import { ADMIN_PASSWORD, expect, test } from './fixtures.ts';

test('a tag renamed in the console reaches the kiosk and the phone page; search knows its new synonym', async ({
  page,
  context,
  stack,
}) => {
  test.setTimeout(120_000);
  const res = await fetch(`${stack.hub}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  expect(res.status).toBe(200);

  await page.goto(`${stack.agent}/`);
  await page.locator('[data-route=policies]').click();
  await expect(page.locator('[data-tag=award]')).toHaveText('奖励补贴');

  const console = await context.newPage();
  await console.goto(`${stack.hub}/console/`);
  await console.getByLabel('用户名 User name').fill('admin');
  await console.getByLabel('密码 Password').fill(ADMIN_PASSWORD);
  await console.getByRole('button', { name: '登录 Sign in' }).click();
  await console.getByLabel('中文名称 Chinese name 奖励补贴').fill('奖补资金');
  const synonyms = console.getByLabel('同义词 Synonyms 奖补资金');
  await synonyms.fill(`${await synonyms.inputValue()}，以奖代补`);
  await console.getByRole('button', { name: '保存词典 Save the dictionary' }).click();
  await expect(console.getByRole('status')).toContainText('已保存');

  // The kiosk, already open, gets the new name without a reload.
  await expect(page.locator('[data-tag=award]')).toHaveText('奖补资金', { timeout: 15_000 });
  await page.getByTestId('policy-search').click();
  await page.getByTestId('policy-search').pressSequentially('以奖代补');
  await expect(page.locator('[data-policy=individual-to-enterprise]')).toBeVisible();
  await expect(page.locator('[data-policy=tourism-development]')).toBeVisible();

  const phone = await context.newPage();
  await phone.goto(`${stack.hub}/p/individual-to-enterprise`);
  await expect(phone.locator('.tag', { hasText: '奖补资金' })).toBeVisible();
  await expect(phone.locator('body')).not.toContainText('individual-business');
  await phone.goto(`${stack.hub}/p/individual-to-enterprise?lang=en`);
  await expect(phone.locator('.tag', { hasText: 'Sole traders' })).toBeVisible();
});
