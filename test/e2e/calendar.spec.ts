/**
 * The working-day calendar in Chromium against the demo stack, its clock in December 2026 (so
 * 2027 has no holiday data yet): every console page warns that working days count Monday–Friday,
 * the admin follows the warning's link, enters 2027 with one holiday, a date outside the year is
 * refused beside its field, and once the year is saved (by whom and when shown) the warning is gone.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { ADMIN_PASSWORD, expect, test } from './fixtures.ts';

const WARNING =
  '2027 年节假日安排尚未录入：工作日暂按周一至周五计算，相关期限为暂定。 The 2027 holiday calendar is not loaded: working days count Monday–Friday and deadlines are provisional.';

async function axeProblems(page: Page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.describe.configure({ mode: 'serial' });

test.afterAll(({ stack }) => stack.setHubClock(undefined));

test('the console warns while 2027 is missing, and the admin enters it', async ({ stack, page }) => {
  test.setTimeout(120_000);
  stack.setHubClock('2026-12-08T10:00:00+08:00');
  await page.goto(`${stack.hub}/console/`);
  await page.getByLabel('用户名 User name').fill('admin');
  await page.getByLabel('密码 Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: '登录 Sign in' }).click();
  const warning = page.getByTestId('calendar-warning');

  await test.step('the dashboard and the cases desk carry the warning', async () => {
    await page.getByRole('link', { name: '站点 Stations' }).click();
    await expect(warning).toContainText(WARNING);
    await page.getByRole('link', { name: '办件 Cases', exact: true }).click();
    await expect(page.getByRole('heading', { name: '办件 Cases' })).toBeVisible();
    await expect(warning).toContainText(WARNING);
    expect(await axeProblems(page)).toEqual([]);
  });

  await test.step('the warning leads to 2027, not loaded yet, beside the bundled 2026', async () => {
    await warning.getByRole('link', { name: '录入日历 Enter the calendar 2027' }).click();
    await expect(page).toHaveURL(/#\/calendar\/2027$/);
    await expect(page.locator('tr[data-year="2027"]')).toContainText('尚未录入 Not loaded');
    await expect(page.locator('tr[data-year="2026"]')).toContainText('随系统提供 Bundled');
    await expect(page.getByTestId('year-origin')).toHaveText('尚未录入 Not loaded');
  });

  const to = page.getByLabel('结束 To 1');
  await test.step('a holiday ending outside the year is refused beside its field', async () => {
    await page.getByRole('button', { name: '添加节假日 Add a holiday' }).click();
    await page.getByLabel('中文名称 Chinese name 1').fill('元旦');
    await page.getByLabel('英文名称 English name 1').fill("New Year's Day");
    await page.getByLabel('开始 From 1').fill('2027-01-01');
    await to.fill('2028-01-01');
    await page.getByRole('button', { name: '保存 2027 年日历 Save the 2027 calendar' }).click();
    await expect(to).toHaveAttribute('aria-invalid', 'true');
    await expect(to).toBeFocused();
    const beside = page.locator('[data-error-for="holidays.0.to"]');
    await expect(beside).toHaveText('日期须在 2027 年内。 The date must be in 2027.');
    await expect(to).toHaveAttribute('aria-describedby', (await beside.getAttribute('id')) ?? '');
    await expect(page.getByTestId('calendar-error')).toHaveText(
      '请修改标出的项。 Please correct the marked fields.',
    );
    expect(await axeProblems(page)).toEqual([]);
    await expect(warning).toContainText(WARNING);
  });

  await test.step('saved, the year shows who saved it and when, and the warning is gone', async () => {
    await to.fill('2027-01-01');
    await page.getByRole('button', { name: '保存 2027 年日历 Save the 2027 calendar' }).click();
    await expect(page.getByRole('status')).toHaveText(
      '已保存，并将发送到各站点。 Saved; it goes out to every station.',
    );
    await expect(warning).toHaveCount(0);
    const row = page.locator('tr[data-year="2027"]');
    await expect(row).toContainText('中心已保存 Saved on the hub');
    await expect(row).toContainText(/admin · 2026-12-08 10:0\d/);
    await expect(row.locator('td').nth(1)).toHaveText('1');
  });

  await test.step('the hub keeps it: after a reload the year reads back and no page warns', async () => {
    await page.reload();
    await expect(page.getByLabel('中文名称 Chinese name 1')).toHaveValue('元旦');
    await expect(page.getByLabel('结束 To 1')).toHaveValue('2027-01-01');
    await page.getByRole('link', { name: '站点 Stations' }).click();
    await expect(page.getByTestId('case-counts')).toBeVisible();
    await expect(warning).toHaveCount(0);
    const res = await page.request.get(`${stack.hub}/api/calendar`);
    const overview = (await res.json()) as { missing: number[]; years: { year: number; source: string }[] };
    expect(overview.missing).toEqual([]);
    expect(overview.years.find((y) => y.year === 2027)?.source).toBe('hub');
  });
});
