import { expect, test } from './fixtures.ts';

test('the demo stack serves the kiosk, the counter console, the call display and both health endpoints', async ({
  page,
  stack,
}) => {
  const agentHealth = await (await fetch(`${stack.agent}/api/health`)).json();
  expect(agentHealth.ok).toBe(true);
  const hubHealth = await (await fetch(`${stack.hub}/api/health`)).json();
  expect(hubHealth.ok).toBe(true);
  await page.goto(`${stack.agent}/`);
  await expect(page.getByRole('button', { name: /取号/ }).first()).toBeVisible();
  await page.goto(`${stack.agent}/counter`);
  await expect(page.locator('body')).toContainText(/窗口|Counter/);
  // Staff see the station's replication with the hub.
  await expect(page.getByTestId('hub-sync')).toHaveAttribute('data-state', 'online', { timeout: 20_000 });
  await expect(page.getByTestId('hub-sync')).toContainText('与中心同步正常');
  await page.goto(`${stack.agent}/display`);
  await expect(page.locator('body')).toContainText(/叫号|Calling|窗口/);
});
