/**
 * The station agent over real HTTP with its local PouchDB on disk and a virtual printer on a
 * socat pseudo-terminal pair: what a kiosk, a counter and a misbehaving caller would see.
 */
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashIdentifier } from '@xz/shared/validate/hash';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type AgentRig,
  api,
  ROOT,
  rawGet,
  signInCounter,
  startAgentRig,
  tempDir,
  until,
} from './fixtures.ts';

const rigs: AgentRig[] = [];
const dirs: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.close().catch(() => undefined);
  for (const remove of dirs.splice(0)) await remove();
});

async function rig(options: Parameters<typeof startAgentRig>[0] = {}) {
  const r = await startAgentRig(options);
  rigs.push(r);
  return r;
}

let keySeq = 0;
const key = () => `test-key-${Date.now().toString(36)}-${keySeq++}`;
const key8 = key;

/** A valid 18-digit resident ID number for a birth date (check digit computed per GB 11643). */
function residentId(birth: string, seqDigits = '123'): string {
  const first17 = `110105${birth.replaceAll('-', '')}${seqDigits}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

describe('taking a ticket', () => {
  it('issues B001 for tax, prints it with GB18030 text, a native QR of the status URL and a cut', async () => {
    const r = await rig();
    const res = await api(r.url, 'POST', '/api/tickets', { serviceId: 'tax', idempotencyKey: key() });
    expect(res.status).toBe(201);
    expect(res.body.ticket).toMatchObject({
      number: 'B001',
      serviceId: 'tax',
      kind: 'normal',
      status: 'waiting',
      ahead: 0,
    });
    expect(res.body.ticket.counters).toEqual(['2']);
    const [job] = await r.printer.waitForJobs(1, 15_000);
    expect(job.bytes.includes(iconv.encode('税务服务', 'gb18030'))).toBe(true);
    expect(job.qr).toEqual([res.body.ticket.statusUrl]);
    expect(job.cut).not.toBe('none');
    expect(job.bytes.length).toBeLessThan(1024);
    await until(
      async () =>
        (await api(r.url, 'GET', `/api/tickets/${encodeURIComponent(res.body.ticket.id)}`)).body.ticket.print
          ?.state === 'printed',
      10_000,
      'the job to be confirmed',
    );
  });

  it('gives the same ticket for a repeated idempotency key, also for rapid repeats, and prints it once', async () => {
    const r = await rig();
    const k = key();
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        api(r.url, 'POST', '/api/tickets', { serviceId: 'social-insurance', idempotencyKey: k }),
      ),
    );
    const numbers = new Set(answers.map((a) => a.body.ticket.number));
    expect(numbers).toEqual(new Set(['C001']));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    const next = await api(r.url, 'POST', '/api/tickets', {
      serviceId: 'social-insurance',
      idempotencyKey: key(),
    });
    expect(next.body.ticket.number).toBe('C002');
    await r.printer.waitForJobs(2, 15_000);
    await new Promise((done) => setTimeout(done, 500));
    expect(r.printer.jobs().length).toBe(2);
  });

  it('recognises an elderly citizen from the ID number, prints a green slip, and never stores the raw number', async () => {
    const r = await rig();
    const id = residentId('1950-03-01');
    const normal = await api(r.url, 'POST', '/api/tickets', { serviceId: 'tax', idempotencyKey: key() });
    const green = await api(r.url, 'POST', '/api/tickets', {
      serviceId: 'tax',
      idempotencyKey: key(),
      idNumber: id,
    });
    expect(green.status).toBe(201);
    expect(green.body.ticket).toMatchObject({ kind: 'green', green: { groupId: 'elderly', how: 'id-age' } });
    const jobs = await r.printer.waitForJobs(2, 15_000);
    expect(jobs[1].text).toContain('绿色通道');
    expect(jobs[1].text).toContain('老年人');
    expect(normal.body.ticket.kind).toBe('normal');
    await r.agent.close();
    for (const file of await filesUnder(r.dataDir)) {
      const content = await readFile(file);
      expect(content.includes(Buffer.from(id)), `raw ID number found in ${file}`).toBe(false);
    }
  });

  it('explains a wrong check digit and issues nothing', async () => {
    const r = await rig();
    const good = residentId('1950-03-01');
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await api(r.url, 'POST', '/api/tickets', {
      serviceId: 'tax',
      idempotencyKey: key(),
      idNumber: bad,
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'XZ_ERR_VALIDATION', field: 'idNumber', reason: 'check-digit' });
    expect(res.body.messageZh).toMatch(/校验/);
    const check = await api(r.url, 'POST', '/api/green/check', { idNumber: bad });
    expect(check.status).toBe(400);
    const services = await api(r.url, 'GET', '/api/services');
    expect(services.body.services.find((s: { id: string }) => s.id === 'tax').waiting).toBe(0);
  });

  it('refuses bad bodies with a 4xx naming the problem', async () => {
    const r = await rig();
    const cases: [unknown, number, string, string?][] = [
      [{ serviceId: 'tax' }, 400, 'XZ_ERR_VALIDATION', 'idempotencyKey'],
      [{ serviceId: 'tax', idempotencyKey: 'short' }, 400, 'XZ_ERR_VALIDATION', 'idempotencyKey'],
      [{ serviceId: 'tax', idempotencyKey: key(), extra: 1 }, 400, 'XZ_ERR_VALIDATION', 'extra'],
      [{ serviceId: 'no-such', idempotencyKey: key() }, 404, 'XZ_ERR_UNKNOWN_SERVICE'],
      [
        { serviceId: 'tax', idempotencyKey: key(), declaredGroup: 'elderly' },
        400,
        'XZ_ERR_VALIDATION',
        'declaredGroup',
      ],
      ['{not json', 400, 'XZ_ERR_VALIDATION'],
      [
        { serviceId: 'tax', idempotencyKey: key(), creditCode: 'x'.repeat(20_000) },
        413,
        'XZ_ERR_PAYLOAD_TOO_LARGE',
      ],
    ];
    for (const [body, status, code, field] of cases) {
      const res = await api(r.url, 'POST', '/api/tickets', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.body.code).toBe(code);
      expect(typeof res.body.message).toBe('string');
      if (field) expect(res.body.field).toBe(field);
    }
    expect(
      (await api(r.url, 'GET', '/api/services')).body.services.every(
        (s: { waiting: number }) => s.waiting === 0,
      ),
    ).toBe(true);
  });

  it('refuses requests addressed to another host or from another origin (DNS rebinding)', async () => {
    const r = await rig();
    const port = new URL(r.url).port;
    expect(await rawGet(r.url, '/api/health', { host: `evil.example:${port}` })).toBe(403);
    expect(await rawGet(r.url, '/api/health', { host: `127.0.0.1:${port}` })).toBe(200);
    const evilOrigin = await api(
      r.url,
      'POST',
      '/api/tickets',
      { serviceId: 'tax', idempotencyKey: key() },
      { origin: 'http://evil.example' },
    );
    expect(evilOrigin.status).toBe(403);
    const own = await api(r.url, 'GET', '/api/health', undefined, { origin: r.url });
    expect(own.status).toBe(200);
  });
});

describe('green-channel lists and declarations', () => {
  it('recognises an ID on the station list by its keyed hash, and a declared group the counter confirms', async () => {
    const dir = await tempDir('lists');
    dirs.push(dir.remove);
    const key = 'station-test-hash-key-0123456789';
    const listed = residentId('1990-05-05', '456');
    const data = join(dir.path, 'data');
    await mkdir(data, { recursive: true });
    await writeFile(
      join(data, 'green-lists.json'),
      JSON.stringify({ idHashes: { disability: [hashIdentifier(key, 'id', listed)] }, creditHashes: [] }),
    );
    const r = await rig({ env: { XZ_DATA_DIR: data }, hashKey: new TextEncoder().encode(key) });
    const onList = await api(r.url, 'POST', '/api/tickets', {
      serviceId: 'tax',
      idempotencyKey: key8(),
      idNumber: listed,
    });
    expect(onList.body.ticket).toMatchObject({
      kind: 'green',
      green: { groupId: 'disability', how: 'list' },
    });
    const stranger = await api(r.url, 'POST', '/api/tickets', {
      serviceId: 'tax',
      idempotencyKey: key8(),
      idNumber: residentId('1990-05-05', '457'),
    });
    expect(stranger.body.ticket.kind).toBe('normal');

    const declared = await api(r.url, 'POST', '/api/tickets', {
      serviceId: 'real-estate',
      idempotencyKey: key8(),
      declaredGroup: 'pregnant',
    });
    expect(declared.body.ticket).toMatchObject({
      kind: 'green',
      green: { groupId: 'pregnant', how: 'declared', needsConfirmation: true },
    });
    const auth = await signInCounter(r.url, '3');
    const called = await api(r.url, 'POST', '/api/counters/3/call-next', {}, auth);
    expect(called.body.ticket.number).toBe(declared.body.ticket.number);
    const confirmed = await api(r.url, 'POST', '/api/counters/3/confirm-green', { confirmed: true }, auth);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.ticket.green.needsConfirmation).toBe(false);
  });
});

describe('ratings', () => {
  it('takes one rating per served ticket and classes it', async () => {
    const r = await rig();
    const t = await api(r.url, 'POST', '/api/tickets', { serviceId: 'legal', idempotencyKey: key() });
    const number = t.body.ticket.number;
    const early = await api(r.url, 'POST', '/api/ratings', { ticketNumber: number, level: 5 });
    expect(early.status).toBe(409);
    const auth = await signInCounter(r.url, '3');
    await api(r.url, 'POST', '/api/counters/3/call-next', {}, auth);
    await api(r.url, 'POST', '/api/counters/3/finish', {}, auth);
    const rated = await api(r.url, 'POST', '/api/ratings', {
      ticketNumber: number,
      level: 2,
      comment: '等待太久',
    });
    expect(rated.status).toBe(201);
    expect(rated.body.rating.class).toBe('bad');
    const again = await api(r.url, 'POST', '/api/ratings', { ticketNumber: number, level: 5 });
    expect(again.status).toBe(409);
  });
});

describe('documentation', () => {
  it('describes the API as OpenAPI at /docs', async () => {
    const r = await rig();
    const spec = await api(r.url, 'GET', '/docs/json');
    expect(spec.status).toBe(200);
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/tickets',
        '/api/tickets/{id}',
        '/api/services',
        '/api/printer',
        '/api/counters/{id}/call-next',
      ]),
    );
  });
});

describe('service hours and caps', () => {
  async function stationFile(mutate: (s: any) => void): Promise<string> {
    const dir = await tempDir('station');
    dirs.push(dir.remove);
    const station = JSON.parse(await readFile(join(ROOT, 'firmware-config/stations/demo.json'), 'utf8'));
    mutate(station);
    const file = join(dir.path, 'station.json');
    await writeFile(file, JSON.stringify(station));
    return file;
  }

  it('says a service is closed outside opening hours and issues nothing', async () => {
    const file = await stationFile((s) => {
      s.hours = [{ days: 'working-days', from: '08:30', to: '17:00' }];
    });
    // Sunday 29 November 2026, 10:00 in Shanghai.
    const sunday = Date.UTC(2026, 10, 29, 2, 0);
    const r = await rig({ env: { XZ_STATION_CONFIG: file }, now: () => sunday });
    const services = await api(r.url, 'GET', '/api/services');
    expect(services.body.services[0]).toMatchObject({ open: false, closedReason: 'hours' });
    const res = await api(r.url, 'POST', '/api/tickets', { serviceId: 'tax', idempotencyKey: key() });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('XZ_ERR_QUEUE_CLOSED');
    expect(r.printer.jobs()).toHaveLength(0);
  });

  it('stops at the daily cap', async () => {
    const file = await stationFile((s) => {
      const tax = s.services.find((x: { id: string }) => x.id === 'tax');
      tax.dailyCap = 2;
      tax.warnAt = 1;
    });
    const r = await rig({ env: { XZ_STATION_CONFIG: file } });
    for (let i = 0; i < 2; i++)
      expect(
        (await api(r.url, 'POST', '/api/tickets', { serviceId: 'tax', idempotencyKey: key() })).status,
      ).toBe(201);
    const third = await api(r.url, 'POST', '/api/tickets', { serviceId: 'tax', idempotencyKey: key() });
    expect(third.status).toBe(409);
    expect(third.body.code).toBe('XZ_ERR_DAILY_CAP');
    const tax = (await api(r.url, 'GET', '/api/services')).body.services.find(
      (s: { id: string }) => s.id === 'tax',
    );
    expect(tax).toMatchObject({ open: false, closedReason: 'cap', nearCap: true });
  });

  it('fails to start with a message naming the file and field of a bad station file', async () => {
    const file = await stationFile((s) => {
      s.services[0].prefix = 'I';
    });
    await expect(rig({ env: { XZ_STATION_CONFIG: file } })).rejects.toThrow(
      /station\.json.*\/services\/0\/prefix/,
    );
  });
});

describe('counters', () => {
  it('signs in one staff per counter, calls the green ticket first and says why', async () => {
    const r = await rig();
    await api(r.url, 'POST', '/api/tickets', { serviceId: 'enterprise-registration', idempotencyKey: key() });
    await api(r.url, 'POST', '/api/tickets', {
      serviceId: 'enterprise-registration',
      idempotencyKey: key(),
      idNumber: residentId('1940-01-01'),
    });
    const noToken = await api(r.url, 'POST', '/api/counters/1/call-next', {});
    expect(noToken.status).toBe(401);
    const session = await api(r.url, 'POST', '/api/counters/1/session', {
      staff: 'wang.fang',
      secret: '135790',
    });
    expect(session.status).toBe(201);
    const other = await api(r.url, 'POST', '/api/counters/1/session', {
      staff: 'li.lei',
      secret: 'li-lei-password-1',
    });
    expect(other.status).toBe(409);
    const queue = await api(r.url, 'GET', '/api/queue');
    const counter1 = queue.body.counters.find((c: { id: string }) => c.id === '1');
    expect(counter1.next.number).toBe('A002');
    const auth = { authorization: `Bearer ${session.body.token}` };
    const called = await api(r.url, 'POST', '/api/counters/1/call-next', {}, auth);
    expect(called.status).toBe(200);
    expect(called.body.ticket).toMatchObject({ number: 'A002', status: 'called', counterId: '1' });
    expect(called.body.rule).toBe('green-first');
    const busy = await api(r.url, 'POST', '/api/counters/1/call-next', {}, auth);
    expect(busy.status).toBe(409);
    expect(busy.body.code).toBe('XZ_ERR_COUNTER_BUSY');
    expect((await api(r.url, 'POST', '/api/counters/1/finish', {}, auth)).status).toBe(200);
    const second = await api(r.url, 'POST', '/api/counters/1/call-next', {}, auth);
    expect(second.body.ticket.number).toBe('A001');
    const display = (await api(r.url, 'GET', '/api/queue')).body.recentCalls;
    expect(display.map((c: { number: string }) => c.number)).toEqual(['A001', 'A002']);
  });
});

describe('printer trouble', () => {
  it('holds tickets while paper is out, tells the kiosk, and prints each once when paper is back', async () => {
    const r = await rig();
    r.printer.setMode('paper-out');
    await until(
      async () => (await api(r.url, 'GET', '/api/printer')).body.state === 'paper-out',
      15_000,
      'paper-out state',
    );
    const a = await api(r.url, 'POST', '/api/tickets', { serviceId: 'housing-fund', idempotencyKey: key() });
    const b = await api(r.url, 'POST', '/api/tickets', { serviceId: 'housing-fund', idempotencyKey: key() });
    expect(a.body.ticket.print).toEqual({ state: 'held', reason: 'paper-out' });
    await new Promise((done) => setTimeout(done, 1500));
    expect(r.printer.jobs()).toHaveLength(0);
    r.printer.setMode('ready');
    const jobs = await r.printer.waitForJobs(2, 20_000);
    expect(jobs.map((j) => j.qr[0])).toEqual([a.body.ticket.statusUrl, b.body.ticket.statusUrl]);
    await new Promise((done) => setTimeout(done, 1000));
    expect(r.printer.jobs()).toHaveLength(2);
    expect((await stat(r.dataDir)).isDirectory()).toBe(true);
  });
});
