/**
 * The cases desk in Chromium against the demo stack: a request filed through the station agent's
 * API (as the kiosk files it) reaches the hub and appears on the desk in words; a department
 * handler created by the admin in the console records the contact and replies; a note carrying
 * markup is shown as text and never runs; a colleague's stale action is refused with the hub's
 * message; and as the hub's clock moves, an untouched request turns yellow, then red, and the
 * dashboard's red count leads into the desk filtered by that light. The case view shows what the
 * citizen wrote and how to reach them, their markup as text.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { ADMIN_PASSWORD, expect, type Stack, test } from './fixtures.ts';

const HOSTILE = '<img src=x onerror=alert(1)>';
const HANDLER = { username: 'commerce-1', password: 'commerce-1-password' };

async function fileRequest(
  stack: Stack,
  category: string,
  description: string,
  key: string,
  more: { contactName?: string } = {},
) {
  const res = await fetch(`${stack.agent}/api/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ category, description, phone: '13800138000', idempotencyKey: key, ...more }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { request: { number: string } }).request.number;
}

async function signIn(browser: Browser, stack: Stack, username: string, password: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${stack.hub}/console/`);
  await page.getByLabel('用户名 User name').fill(username);
  await page.getByLabel('密码 Password').fill(password);
  await page.getByRole('button', { name: '登录 Sign in' }).click();
  await expect(page.getByRole('link', { name: '办件 Cases', exact: true })).toBeVisible();
  return page;
}

/** Serious or critical WCAG 2.1 A/AA problems axe-core finds on the page as it is. */
async function axeProblems(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The desk's row of a request, waiting for it to reach the hub (the desk refreshes itself). */
async function deskRow(page: Page, number: string) {
  const row = page.locator('tr[data-case]', { hasText: number });
  await expect(row).toBeVisible({ timeout: 30_000 });
  return row;
}

test.describe.configure({ mode: 'serial' });

test.afterAll(({ stack }) => stack.setHubClock(undefined));

test('a request is worked on the desk, markup stays text, and lights follow the hub clock', async ({
  stack,
  browser,
}) => {
  test.setTimeout(180_000);
  // Tuesday 2026-12-08 10:00 at the hub: contact is due at the end of Wednesday 12-09.
  stack.setHubClock('2026-12-08T10:00:00+08:00');
  const first = await fileRequest(stack, 'enterprise', '营业执照变更需要帮助', 'e2e-case-desk-0001');

  const admin = await signIn(browser, stack, 'admin', ADMIN_PASSWORD);

  await test.step('the admin creates a department handler of the commerce bureau', async () => {
    await admin.getByRole('link', { name: '用户 Users' }).click();
    await admin.getByLabel('用户名 User name').fill(HANDLER.username);
    await admin.getByLabel('初始密码 Initial password (≥ 8)').fill(HANDLER.password);
    await admin.getByLabel('部门 Department (handlers)').selectOption({ label: '商务局 Commerce Bureau' });
    await admin.getByLabel('承办部门 department handler').check();
    await admin.getByRole('button', { name: '创建 Create' }).click();
    await expect(admin.getByText(`已创建 Created ${HANDLER.username}`)).toBeVisible();
  });

  await test.step('the request reaches the desk in words, with its deadline as a day and 24:00', async () => {
    await admin.getByRole('link', { name: '办件 Cases', exact: true }).click();
    const row = await deskRow(admin, first);
    await expect(row).toContainText('绿灯 · 按时 Green: on time');
    await expect(row).toContainText('企业诉求 Business request');
    await expect(row).toContainText('商务局 Commerce Bureau');
    await expect(row).toContainText('已受理 Received');
    await expect(row).toContainText('2026-12-08 10:00');
    await expect(row).toContainText('联系时限 Contact by: 2026-12-09 24:00');
    await expect(row).not.toContainText('enterprise');
    expect(await axeProblems(admin)).toEqual([]);
  });

  const handler = await signIn(browser, stack, HANDLER.username, HANDLER.password);
  const dialogs: string[] = [];
  handler.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });

  await test.step('the handler records the contact; a note with markup is shown as text', async () => {
    await handler.getByRole('link', { name: '办件 Cases', exact: true }).click();
    await (await deskRow(handler, first)).getByRole('link', { name: first }).click();
    await expect(handler.getByTestId('department')).toHaveText('商务局 Commerce Bureau');
    await handler.getByRole('button', { name: '记录联系 Record contact' }).click();
    await handler.getByRole('button', { name: '提交 Submit' }).click();
    await expect(handler.getByText('请选择一项。 Please choose one.')).toBeVisible();
    await expect(handler.getByText('请填写此项。 Please fill this in.')).toBeVisible();
    expect(await axeProblems(handler)).toEqual([]);
    await handler.getByLabel('方式 Channel').selectOption({ label: '电话 Phone' });
    await handler.getByLabel('联系情况 What was said').fill(HOSTILE);
    await handler.getByRole('button', { name: '提交 Submit' }).click();
    await expect(handler.getByTestId('status')).toHaveText('已联系 Contacted');
    const contact = handler.locator('li[data-event="RequesterContacted"]');
    await expect(contact).toContainText('联系诉求人 Contacted the requester');
    await expect(contact).toContainText(HANDLER.username);
    await expect(contact).toContainText('电话 Phone');
    await expect(contact.getByTestId('user-text')).toHaveText(HOSTILE);
    await expect(handler.locator('img')).toHaveCount(0);
  });

  await test.step('the handler replies; the reply is what the citizen will read', async () => {
    await handler.getByRole('button', { name: '答复 Reply', exact: true }).click();
    await handler.getByLabel('答复内容（群众可见） Reply (the citizen reads it)').fill('已为您办理变更。');
    await handler.getByRole('button', { name: '提交 Submit' }).click();
    await expect(handler.getByTestId('status')).toHaveText('已答复 Answered');
    await expect(handler.locator('li[data-event="ReplyGiven"]')).toContainText('已为您办理变更。');
    await expect(handler.locator('tr[data-due="contactBy"]')).toContainText('已完成 Done');
  });

  await test.step('a stale action is refused with the hub’s message in both languages', async () => {
    await admin.goto(`${stack.hub}/console/#/cases`);
    await (await deskRow(admin, first)).getByRole('link', { name: first }).click();
    await admin.getByRole('button', { name: '办结 Close', exact: true }).click();
    await handler.getByRole('button', { name: '办结 Close', exact: true }).click();
    await handler.getByRole('button', { name: '提交 Submit' }).click();
    await expect(handler.getByTestId('status')).toHaveText('已办结 Closed');
    await admin.getByRole('button', { name: '提交 Submit' }).click();
    await expect(admin.getByTestId('action-error')).toHaveText('该办件已办结。 This case is closed.');
    expect(dialogs).toEqual([]);
  });

  const second = await fileRequest(stack, 'complaint', '窗口排队时间过长', 'e2e-case-desk-0002');

  await test.step('an untouched request turns yellow on its due day, then red', async () => {
    await admin.goto(`${stack.hub}/console/#/cases`);
    await expect(await deskRow(admin, second)).toContainText('绿灯 · 按时 Green: on time');
    await expect(await deskRow(admin, second)).toContainText('市场监督管理局 Market Regulation Bureau');

    stack.setHubClock('2026-12-09T10:00:00+08:00');
    await admin.reload();
    await expect(await deskRow(admin, second)).toContainText('黄灯 · 今日到期 Yellow: due today');

    stack.setHubClock('2026-12-10T10:00:00+08:00');
    await admin.reload();
    const row = await deskRow(admin, second);
    await expect(row).toContainText('红灯 · 超期 Red: overdue');
    await expect(row).toContainText('已超期 missed');
    // Red cases first (other requests filed on this stack may be red too and older).
    const lights = await admin
      .locator('tr[data-case]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-light')));
    expect(lights.indexOf('red')).toBe(0);
    expect(lights.slice(0, lights.lastIndexOf('red') + 1).every((l) => l === 'red')).toBe(true);
  });

  await test.step('the dashboard counts it red and leads into the desk filtered by that light', async () => {
    await admin.getByRole('link', { name: '站点 Stations' }).click();
    // Other specs on this stack may have left requests of their own: count what the hub says.
    const counts = (await (await admin.request.get(`${stack.hub}/api/cases/counts`)).json()) as {
      red: number;
    };
    expect(counts.red).toBeGreaterThanOrEqual(1);
    const red = admin.getByTestId('case-counts').locator('a[data-light="red"]');
    await expect(red).toContainText(`红灯 · 超期 Red: overdue ${counts.red}`);
    await red.click();
    await expect(admin).toHaveURL(/#\/cases\?light=red$/);
    await expect(admin.getByLabel('灯 Light')).toHaveValue('red');
    await expect(admin.locator('tr[data-case]')).toHaveCount(counts.red);
    await expect(admin.locator('tr[data-case]', { hasText: second })).toHaveCount(1);
    // The filtered view is an address another operator can open: the handler sees only theirs.
    await handler.goto(`${stack.hub}/console/#/cases?light=red`);
    await expect(handler.getByLabel('灯 Light')).toHaveValue('red');
    await expect(handler.locator('tr[data-case]', { hasText: second })).toHaveCount(0);
  });

  await test.step('the district edits a deadline; a wrong one is refused with a message beside it', async () => {
    await admin.getByRole('link', { name: '办件设置 Case settings' }).click();
    const contact = admin.getByLabel('投诉 Complaint 联系时限 Contact within');
    await contact.fill('61');
    await admin.getByRole('button', { name: '保存设置 Save settings' }).click();
    await expect(contact).toHaveAttribute('aria-invalid', 'true');
    await expect(
      admin.getByText('天数为 0 到 60 的整数。 Days are a whole number from 0 to 60.'),
    ).toBeVisible();
    await contact.fill('2');
    await admin.getByRole('button', { name: '保存设置 Save settings' }).click();
    await expect(admin.getByRole('status')).toContainText('已保存');
    await admin.reload();
    await expect(admin.getByLabel('投诉 Complaint 联系时限 Contact within')).toHaveValue('2');
  });
});

test('the case view shows what the citizen wrote, their markup as text', async ({ stack, browser }) => {
  const description = '门口台阶破损 <b>请尽快修</b> & 谢谢';
  const number = await fileRequest(stack, 'complaint', description, 'e2e-case-desk-0003', {
    contactName: '王<i>女士</i>',
  });
  const admin = await signIn(browser, stack, 'admin', ADMIN_PASSWORD);
  await admin.getByRole('link', { name: '办件 Cases', exact: true }).click();
  await (await deskRow(admin, number)).getByRole('link', { name: number }).click();
  const citizen = admin.getByRole('region', { name: '群众所述 What the citizen gave' });
  await expect(citizen.getByTestId('citizen-description')).toHaveText(description);
  await expect(citizen.getByTestId('citizen-contact-name')).toHaveText('王<i>女士</i>');
  await expect(citizen.getByTestId('citizen-phone')).toHaveText('13800138000');
  await expect(citizen.getByRole('rowheader', { name: '诉求内容 Request' })).toBeVisible();
  await expect(admin.locator('xz-case-view b, xz-case-view i')).toHaveCount(0);
});
