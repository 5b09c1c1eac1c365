/**
 * The agent's log: errors leave one line with stack, request id and station; and no line holds a
 * resident ID number, a credit code or a phone number, whatever the citizen typed and wherever.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAgent } from '@xz/kiosk/app';
import { readAgentEnv } from '@xz/kiosk/env';
import { afterEach, describe, expect, it } from 'vitest';
import { api, kill9, spawnAgent, tempDir } from './fixtures.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

function residentId(birth: string, seqDigits: string): string {
  const first17 = `110105${birth.replaceAll('-', '')}${seqDigits}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const ELDER = residentId('1950-03-01', '123');
const OTHER = residentId('1988-07-15', '321');
const CREDIT = '91350100M000100Y43';
const PHONE = '13812345678';

describe('agent log', () => {
  it('holds no ID number, credit code or phone number in any line', { timeout: 90_000 }, async () => {
    const dir = await tempDir('log');
    cleanups.push(dir.remove);
    const agent = await spawnAgent({ XZ_DATA_DIR: join(dir.path, 'data'), XZ_LOG_LEVEL: 'trace' });
    cleanups.push(() => kill9(agent));
    let n = 0;
    const key = () => `log-test-${n++}-key`;

    const green = await api(agent.url, 'POST', '/api/tickets', {
      serviceId: 'tax',
      idempotencyKey: key(),
      idNumber: ELDER,
    });
    expect(green.status).toBe(201);
    expect(green.body.ticket.kind).toBe('green');
    const withCode = await api(agent.url, 'POST', '/api/tickets', {
      serviceId: 'enterprise-registration',
      idempotencyKey: key(),
      creditCode: CREDIT,
    });
    expect(withCode.status).toBe(201);
    expect((await api(agent.url, 'POST', '/api/green/check', { idNumber: OTHER })).status).toBe(200);
    const badId = `${ELDER.slice(0, 17)}${ELDER.endsWith('0') ? '1' : '0'}`;
    expect((await api(agent.url, 'POST', '/api/green/check', { idNumber: badId })).status).toBe(400);
    const request = await api(agent.url, 'POST', '/api/requests', {
      category: 'other',
      description: `log-marker: please call me at ${PHONE}, my ID is ${OTHER}, company ${CREDIT}`,
      phone: PHONE,
      creditCode: CREDIT,
      idempotencyKey: key(),
    });
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    // The log is written asynchronously: wait until the last request's line is out, then stop.
    for (let i = 0; i < 100 && !agent.output().includes('log-marker'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    await kill9(agent);

    const file = join(dir.path, 'agent.log');
    await writeFile(file, agent.output());
    const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.startsWith('{'));
    // The log saw these requests and their bodies (so a number could have reached it) …
    expect(lines.some((l) => l.includes('"url":"/api/requests"'))).toBe(true);
    expect(lines.some((l) => l.includes('log-marker'))).toBe(true);
    expect(lines.filter((l) => l.includes('"url":"/api/tickets"'))).toHaveLength(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ station: 'xhd-lingzhu-01' });
    // … and no line holds one of them.
    for (const raw of [ELDER, OTHER, badId, CREDIT, PHONE]) {
      expect(lines.filter((l) => l.includes(raw))).toEqual([]);
    }
  });

  it('writes one line per failed request with its stack, request id and station', async () => {
    const dir = await tempDir('log-error');
    cleanups.push(dir.remove);
    const lines: string[] = [];
    const env = readAgentEnv({ AGENT_PORT: '0', XZ_DATA_DIR: join(dir.path, 'data') });
    const agent = await buildAgent({
      env,
      logger: { level: 'info', sink: { write: (l: string) => lines.push(l) } },
    });
    cleanups.push(() => agent.close());
    agent.app.get('/api/fail', async () => {
      throw new Error(`the store broke while reading ${ELDER} for ${PHONE}`);
    });
    const url = await agent.listen();
    const res = await api(url, 'GET', '/api/fail');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('store broke');
    const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ station: 'xhd-lingzhu-01', reqId: expect.any(String) });
    expect(errors[0].err.stack).toMatch(/the store broke while reading \[id-number\] for \[phone\]\n\s+at /);
    expect(lines.join('')).not.toContain(ELDER);
  });
});
