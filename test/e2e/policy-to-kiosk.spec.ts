/**
 * An operator publishes a policy in the console and the demo kiosk, already open on its policy
 * list, shows it without a reload; withdrawn, it disappears again.
 */
import { ADMIN_PASSWORD, expect, test } from './fixtures.ts';

const POLICY_ID = 'e2e-kiosk-live-grant';
const TITLE = '端到端即时推送补贴';

async function api(hub: string, method: string, path: string, body?: unknown, cookie?: string) {
  const res = await fetch(`${hub}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(cookie ? { cookie } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : undefined,
    cookie: (res.headers.get('set-cookie') ?? '').split(';')[0],
  };
}

test('a published policy reaches the open kiosk at once and a withdrawn one leaves it', async ({
  page,
  context,
  stack,
}) => {
  test.setTimeout(120_000);
  const admin = (
    await api(stack.hub, 'POST', '/api/auth/sign-in', { username: 'admin', password: ADMIN_PASSWORD })
  ).cookie;
  for (const username of ['kiosk-writer', 'kiosk-publisher']) {
    const res = await api(
      stack.hub,
      'POST',
      '/api/users',
      { username, password: `${username}-pw-1`, roles: ['district-operator'] },
      admin,
    );
    expect(res.status).toBe(201);
  }
  const writer = (
    await api(stack.hub, 'POST', '/api/auth/sign-in', {
      username: 'kiosk-writer',
      password: 'kiosk-writer-pw-1',
    })
  ).cookie;
  const base = (await api(stack.hub, 'GET', '/api/policies/gaoxin-loan', undefined, admin)).body;
  const content = {
    ...(base.policy?.content ?? base.content),
    id: POLICY_ID,
    title: { zh: TITLE, en: 'End-to-end live grant' },
  };
  expect((await api(stack.hub, 'POST', '/api/policies', { content }, writer)).status).toBe(201);
  expect((await api(stack.hub, 'POST', `/api/policies/${POLICY_ID}/submit`, {}, writer)).status).toBe(200);
  expect((await api(stack.hub, 'POST', `/api/policies/${POLICY_ID}/approve`, {}, admin)).status).toBe(200);

  // The kiosk is open on its policy list before the publish.
  await page.goto(`${stack.agent}/`);
  await page
    .getByRole('button', { name: /惠企政策/ })
    .first()
    .click();
  await expect(page.getByText('“高新贷”科技型小微企业授信支持').first()).toBeVisible();
  await expect(page.getByText(TITLE)).toHaveCount(0);

  const console = await context.newPage();
  await console.goto(`${stack.hub}/console/`);
  await console.getByLabel('用户名 User name').fill('kiosk-publisher');
  await console.getByLabel('密码 Password').fill('kiosk-publisher-pw-1');
  await console.getByRole('button', { name: '登录 Sign in' }).click();
  await console.locator(`tr[data-policy="${POLICY_ID}"]`).getByRole('link').click();
  await console.getByRole('button', { name: '立即发布 Publish now' }).click();
  await expect(console.getByTestId('status')).toHaveText('已发布 published');

  await expect(page.getByText(TITLE).first()).toBeVisible({ timeout: 15_000 });

  const publisher = (await console.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const withdrawn = await api(
    stack.hub,
    'POST',
    `/api/policies/${POLICY_ID}/withdraw`,
    { reason: 'e2e' },
    publisher,
  );
  expect(withdrawn.status).toBe(200);
  await expect(page.getByText(TITLE)).toHaveCount(0, { timeout: 15_000 });

  // The station-wide QR opens the hub's page of every policy for this station.
  const list = await (await fetch(`${stack.agent}/api/policies`)).json();
  const all = await fetch(list.allUrl);
  expect(all.status).toBe(200);
  expect(await all.text()).toContain('高新贷');
});
