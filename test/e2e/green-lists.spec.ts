/**
 * Green-channel lists and counter PINs from the operator console, in Chromium against the demo
 * stack: a CSV of credit codes with one bad line is refused naming that line and nothing changes;
 * a valid file publishes the next version and the page never shows a number afterwards; an admin
 * sets a demo staff member's PIN (refused as typed when short or repeated differently) and a new
 * station staff member sets their own; each then signs in at the station's counter console with it.
 */
import type { Page } from '@playwright/test';
import { creditCodeCheckChar } from '@xz/shared/validate/credit-code';
import { residentIdCheckChar } from '@xz/shared/validate/resident-id';
import { ADMIN_PASSWORD, expect, type Stack, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const credit = (first17: string) => first17 + creditCodeCheckChar(first17);
const residentId = (first17: string) => first17 + residentIdCheckChar(first17);
const CODES = [credit('91350100M000100Y4'), credit('91110108MA01ABCD2'), credit('9131011500000012X')];
/** The first code with a wrong check character. */
const BAD = CODES[0].slice(0, 17) + (CODES[0][17] === '0' ? '1' : '0');
const IDS = [residentId('11010519491231002'), residentId('44030619850704123')];

async function signInConsole(page: Page, stack: Stack, username: string, password: string) {
  await page.goto(`${stack.hub}/console/`);
  await page.getByLabel('用户名 User name').fill(username);
  await page.getByLabel('密码 Password').fill(password);
  await page.getByRole('button', { name: '登录 Sign in' }).click();
  await expect(page.getByRole('button', { name: '退出 Sign out' })).toBeVisible();
}

/** Every text and field value the page shows, shadow roots included. */
function shownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const parts: string[] = [];
    const walk = (root: Node) => {
      for (const node of Array.from(root.childNodes)) {
        if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent ?? '');
        if (node instanceof HTMLInputElement || node instanceof HTMLTextAreaElement) parts.push(node.value);
        if (node instanceof Element && node.shadowRoot) walk(node.shadowRoot);
        walk(node);
      }
    };
    walk(document);
    return parts.join('\n');
  });
}

/** Signs in at the counter console, retrying while the new PIN is on its way to the station. */
async function signInCounter(
  counter: Page,
  stack: Stack,
  counterId: string,
  staff: string,
  pin: string,
  name: string,
) {
  await counter.goto(`${stack.agent}/counter`);
  const signedIn = counter.getByText(`${counterId} 号窗口 · ${name}`);
  const takeOver = counter.getByRole('button', { name: '接管此窗口' });
  for (let attempt = 1; ; attempt++) {
    await counter.locator('select[name=counter]').selectOption(counterId);
    await counter.getByLabel('工号').fill(staff);
    await counter.getByLabel('密码或 PIN').fill(pin);
    await counter.getByRole('button', { name: '登录' }).click();
    const refused = counter.getByTestId('counter-message');
    await expect(signedIn.or(takeOver).or(refused)).toBeVisible();
    if (await takeOver.isVisible()) await takeOver.click();
    if (await signedIn.isVisible()) break;
    // Refused: the staff document has not reached the station yet (at most 3 of the 5 attempts).
    expect(attempt, 'the new PIN reached the station').toBeLessThan(3);
    await counter.waitForTimeout(4000);
  }
  await expect(signedIn).toBeVisible();
  await counter.getByRole('button', { name: '退出' }).click();
}

test('a list with a bad line is refused by its line; a valid one is published without a number left on the page', async ({
  stack,
  page,
}) => {
  await signInConsole(page, stack, 'admin', ADMIN_PASSWORD);
  await page.getByRole('link', { name: '绿色通道名单 Green-channel lists' }).click();
  const enterprises = page.locator('section[data-group="key-enterprise"]');
  await expect(
    enterprises.getByRole('heading', { name: '重点企业、重点项目 Key enterprises and projects' }),
  ).toBeVisible();
  const version = enterprises.getByTestId('list-version');
  await expect(version).toHaveText('尚未发布 Not published yet');
  const file = enterprises.getByLabel('名单文件 List file (.csv, .txt)');
  const upload = enterprises.getByRole('button', { name: '上传并发布 Upload and publish' });

  await test.step('one bad line: refused, the line named with its reason, nothing published', async () => {
    const csv = ['统一社会信用代码,名称', `${CODES[1]},甲公司`, `${CODES[2]},乙公司`, `${BAD},丙公司`].join(
      '\n',
    );
    await file.setInputFiles({ name: 'enterprises.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await upload.click();
    const refused = enterprises.getByTestId('refused-lines');
    await expect(refused).toContainText('名单未发布：有 1 行不符合要求');
    await expect(refused.locator('li')).toHaveText([
      '第 4 行：统一社会信用代码校验位不正确 · Line 4: The credit code’s check character does not match',
    ]);
    await expect(version).toHaveText('尚未发布 Not published yet');
    await page.reload();
    await expect(version).toHaveText('尚未发布 Not published yet');
  });

  await test.step('a valid file: the next version with its count, and no number on the page', async () => {
    const csv = ['统一社会信用代码', ...CODES, ''].join('\r\n');
    await file.setInputFiles({ name: 'enterprises.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await upload.click();
    await expect(enterprises.getByRole('status')).toHaveText(
      '已发布第 1 版，共 3 个号码，将发送到各站点。 Version 1 published with 3 numbers; it goes out to every station.',
    );
    await expect(version).toContainText('第 1 版 Version 1 · 3 个号码 numbers');
    await expect(version).toContainText('admin');
    expect(await file.evaluate((input: HTMLInputElement) => input.files?.length ?? 0)).toBe(0);
    const shown = await shownText(page);
    for (const code of [...CODES, BAD]) expect(shown).not.toContain(code);
  });

  await test.step('resident ID numbers for another group, and still no number after a reload', async () => {
    const disability = page.locator('section[data-group="disability"]');
    await disability
      .getByLabel('名单文件 List file (.csv, .txt)')
      .setInputFiles({ name: 'ids.csv', mimeType: 'text/csv', buffer: Buffer.from(IDS.join('\n')) });
    await disability.getByRole('button', { name: '上传并发布 Upload and publish' }).click();
    await expect(disability.getByTestId('list-version')).toContainText(
      '第 1 版 Version 1 · 2 个号码 numbers',
    );
    await page.reload();
    await expect(version).toContainText('第 1 版 Version 1 · 3 个号码 numbers');
    const shown = await shownText(page);
    for (const n of [...CODES, ...IDS]) expect(shown).not.toContain(n);
  });
});

test('an admin sets a demo staff member’s PIN, and it opens the counter', async ({
  stack,
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await signInConsole(page, stack, 'admin', ADMIN_PASSWORD);
  await page.getByRole('link', { name: '用户 Users' }).click();
  const row = page.locator('tr[data-user="li.na"]');
  await expect(row.getByTestId('pin-state')).toContainText('已设置 Set');
  await row.getByRole('button', { name: '设置 PIN Set the PIN: li.na' }).click();
  const form = page.getByRole('form', { name: '设置柜台 PIN Set the counter PIN: 李娜' });
  const pin = form.getByLabel('李娜 的新 PIN New PIN for 李娜（6–12 位数字 6–12 digits）');
  const again = form.getByLabel('再次输入 PIN Type the PIN again');
  const save = form.getByRole('button', { name: '设置 PIN Set the PIN' });

  await test.step('refused as typed: too short, then typed differently', async () => {
    await pin.fill('12345');
    await again.fill('12345');
    await save.click();
    await expect(form.locator('[data-error-for="pin"]')).toHaveText(
      'PIN 为 6 到 12 位数字。 A PIN is 6 to 12 digits.',
    );
    await expect(pin).toHaveAttribute('aria-invalid', 'true');
    await expect(pin).toBeFocused();
    await pin.fill('80246813');
    await again.fill('80246814');
    await save.click();
    await expect(form.locator('[data-error-for="again"]')).toHaveText(
      '两次输入的 PIN 不一致。 The two PINs differ.',
    );
  });

  await test.step('set, it signs li.na in at the counter', async () => {
    await again.fill('80246813');
    await save.click();
    await expect(form.getByRole('status')).toHaveText(
      '李娜 的柜台 PIN 已设置，几分钟内在站点生效。 李娜’s counter PIN is set; the station has it within minutes.',
    );
    await expect(pin).toHaveValue('');
    const counter = await context.newPage();
    await signInCounter(counter, stack, '2', 'li.na', '80246813', '李娜');
    await counter.close();
  });

  await test.step('the demo PIN put back', async () => {
    await pin.fill('112358');
    await again.fill('112358');
    await save.click();
    await expect(form.getByRole('status')).toBeVisible();
  });
});

test('a station staff member sets their own PIN and signs in at the counter with it', async ({
  stack,
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await signInConsole(page, stack, 'admin', ADMIN_PASSWORD);
  await page.getByRole('link', { name: '用户 Users' }).click();
  await page.getByLabel('用户名 User name').fill('zhao.min');
  await page.getByLabel('初始密码 Initial password (≥ 8)').fill('zhao-min-password-1');
  await page.getByLabel('显示名 Display name').fill('赵敏');
  await page.getByLabel('站点 Station (station staff)').fill('xhd-lingzhu-01');
  await page.getByLabel('站点人员 station staff').check();
  await page.getByRole('button', { name: '创建 Create' }).click();
  await expect(page.getByText('已创建 Created zhao.min')).toBeVisible();
  await page.getByRole('button', { name: '退出 Sign out' }).click();

  await signInConsole(page, stack, 'zhao.min', 'zhao-min-password-1');
  await page.getByRole('link', { name: '我的 PIN My PIN' }).click();
  const form = page.getByRole('form', { name: '设置我的柜台 PIN Set my counter PIN' });
  await form.getByLabel('新 PIN New PIN（6–12 位数字 6–12 digits）').fill('97531');
  await form.getByLabel('再次输入 PIN Type the PIN again').fill('97531');
  await form.getByRole('button', { name: '设置我的 PIN Set my PIN' }).click();
  await expect(form.locator('[data-error-for="pin"]')).toHaveText(
    'PIN 为 6 到 12 位数字。 A PIN is 6 to 12 digits.',
  );
  await form.getByLabel('新 PIN New PIN（6–12 位数字 6–12 digits）').fill('9753102');
  await form.getByLabel('再次输入 PIN Type the PIN again').fill('9753102');
  await form.getByRole('button', { name: '设置我的 PIN Set my PIN' }).click();
  await expect(form.getByRole('status')).toContainText('赵敏 的柜台 PIN 已设置');

  const counter = await context.newPage();
  await signInCounter(counter, stack, '2', 'zhao.min', '9753102', '赵敏');
  await counter.close();
});
