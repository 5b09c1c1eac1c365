/**
 * Development-only stand-in for the station agent, to look at the screens before the real
 * agent exists. Not used by any test of record. Serves kiosk/dist/ui and an in-memory API that
 * follows notes of the agent contract; POST /dev/printer {type} and /dev/hub {type} flip states.
 * Run: npx tsx kiosk/ui/dev/mock-agent.ts [port]
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';

const root = fileURLToPath(new URL('../../dist/ui/', import.meta.url));
// The shared workspace's data, found through its package (not a path out of this folder).
const dataDir = fileURLToPath(new URL('./', import.meta.resolve('@xz/shared/data/services.json')));
const servicesData = JSON.parse(readFileSync(join(dataDir, 'services.json'), 'utf8'));
const groupsData = JSON.parse(readFileSync(join(dataDir, 'special-groups.json'), 'utf8'));
const policiesData = JSON.parse(readFileSync(join(dataDir, 'policies.sample.json'), 'utf8'));
const port = Number(process.argv[2] ?? 8080);
const statusBase = 'http://hub.example.gov.cn/s/';

const st = servicesData.demoStation;
const state = {
  printer: 'ready' as string,
  hub: 'online' as string,
  seq: new Map<string, number>(),
  tickets: [] as Record<string, unknown>[],
  keys: new Map<string, unknown>(),
  sessions: new Map<string, { token: string; staff: string }>(),
  calls: [] as Record<string, unknown>[],
  ratings: new Set<string>(),
  requests: 0,
};
const closed: Record<string, string> = { legal: 'hours', 'real-estate': 'cap' };

function services() {
  return servicesData.services.map((s: Record<string, unknown>) => {
    const waiting = state.tickets.filter((t) => t.serviceId === s.id && t.status === 'waiting').length;
    const counters = st.counters
      .filter((c: { services: string[] }) => c.services.includes(s.id as string))
      .map((c: { id: string }) => c.id);
    return {
      id: s.id,
      prefix: s.prefix,
      name: { zh: s.zh, en: s.en },
      open: !closed[s.id as string],
      ...(closed[s.id as string] ? { closedReason: closed[s.id as string] } : {}),
      nearCap: s.id === 'tax',
      waiting: waiting + 3,
      estimate: { minMinutes: 5 + waiting * 3, maxMinutes: 15 + waiting * 6 },
      counters,
    };
  });
}

const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idCheck(v: string): string | undefined {
  if (v.length !== 18) return 'length';
  if (!/^\d{17}[\dX]$/.test(v)) return 'format';
  const b = v.slice(6, 14);
  const d = new Date(`${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10).replace(/-/g, '') !== b) return 'birth-date';
  const sum = ID_W.reduce((a, w, i) => a + w * Number(v[i]), 0);
  if ('10X98765432'[sum % 11] !== v[17]) return 'check-digit';
  return undefined;
}
const CC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
function ccCheck(v: string): string | undefined {
  if (v.length !== 18) return 'length';
  if (![...v].every((c) => CC.includes(c))) return 'format';
  const sum = CC_W.reduce((a, w, i) => a + w * CC.indexOf(v[i]), 0);
  if (CC[(31 - (sum % 31)) % 31] !== v[17]) return 'check-digit';
  return undefined;
}

function groupName(id: string) {
  const g = groupsData.groups.find((x: { id: string }) => x.id === id);
  return { zh: g.zh, en: g.en };
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
const fail = (
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  messageZh: string,
  extra = {},
) => send(res, status, { code, message, messageZh, ...extra });

async function body(req: IncomingMessage): Promise<Record<string, unknown>> {
  let s = '';
  for await (const c of req) s += c;
  return s ? JSON.parse(s) : {};
}

function ticketDto(t: Record<string, unknown>) {
  const ahead = state.tickets.filter(
    (x) =>
      x.status === 'waiting' &&
      x.serviceId === t.serviceId &&
      (x.issuedAt as number) < (t.issuedAt as number),
  ).length;
  return {
    ...t,
    ahead: ahead + 3,
    print: { state: ['paper-out', 'cover-open'].includes(state.printer) ? 'held' : 'queued' },
  };
}

async function api(req: IncomingMessage, res: ServerResponse, path: string) {
  const m = req.method;
  if (m === 'GET' && path === '/api/health')
    return send(res, 200, {
      ok: true,
      stationId: st.id,
      version: 'dev',
      hub: { state: state.hub },
      printer: { state: state.printer, profile: 'virtual-80', pending: 0, lastJobs: [] },
    });
  if (m === 'GET' && path === '/api/station')
    return send(res, 200, {
      id: st.id,
      name: { zh: st.zh, en: st.en },
      timeZone: st.timeZone,
      idleSeconds: 60,
      counters: st.counters,
      groups: groupsData.groups.map((g: Record<string, unknown>) => ({
        id: g.id,
        name: { zh: g.zh, en: g.en },
        declarable: JSON.stringify(g.how).includes('declared'),
        confirm: g.confirm,
      })),
    });
  if (m === 'GET' && path === '/api/services') return send(res, 200, { services: services() });
  if (m === 'GET' && path === '/api/printer')
    return send(res, 200, { state: state.printer, profile: 'virtual-80', pending: 0, lastJobs: [] });
  if (m === 'POST' && path === '/api/green/check') {
    const b = await body(req);
    if (typeof b.idNumber === 'string') {
      const reason = idCheck(b.idNumber);
      if (reason)
        return fail(
          res,
          400,
          'XZ_ERR_VALIDATION',
          `Invalid ID number (${reason})`,
          `身份证号无效（${reason}）`,
          { field: 'idNumber', reason },
        );
      const year = Number(b.idNumber.slice(6, 10));
      return send(
        res,
        200,
        year <= 1960
          ? {
              valid: true,
              grant: {
                groupId: 'elderly',
                name: groupName('elderly'),
                how: 'id-age',
                needsConfirmation: false,
              },
            }
          : { valid: true },
      );
    }
    if (typeof b.creditCode === 'string') {
      const reason = ccCheck(b.creditCode);
      if (reason)
        return fail(
          res,
          400,
          'XZ_ERR_VALIDATION',
          `Invalid credit code (${reason})`,
          `信用代码无效（${reason}）`,
          { field: 'creditCode', reason },
        );
      return send(res, 200, {
        valid: true,
        grant: {
          groupId: 'key-enterprise',
          name: groupName('key-enterprise'),
          how: 'list-credit-code',
          needsConfirmation: false,
        },
      });
    }
    return fail(res, 400, 'XZ_ERR_VALIDATION', 'idNumber or creditCode required', '请提供身份证号或信用代码');
  }
  if (m === 'POST' && path === '/api/tickets') {
    const b = await body(req);
    const key = String(b.idempotencyKey);
    if (state.keys.has(key))
      return send(res, 200, { ticket: ticketDto(state.keys.get(key) as Record<string, unknown>) });
    const svc = services().find((s: { id: string }) => s.id === b.serviceId);
    if (!svc) return fail(res, 404, 'XZ_ERR_UNKNOWN_SERVICE', 'Unknown service', '没有这项业务');
    if (!svc.open)
      return fail(
        res,
        409,
        svc.closedReason === 'cap' ? 'XZ_ERR_DAILY_CAP' : 'XZ_ERR_QUEUE_CLOSED',
        'This service is closed now',
        '该业务现在不办理',
      );
    const n = (state.seq.get(svc.id) ?? 0) + 1;
    state.seq.set(svc.id, n);
    let green: unknown;
    if (typeof b.idNumber === 'string' && Number(b.idNumber.slice(6, 10)) <= 1960)
      green = { groupId: 'elderly', name: groupName('elderly'), how: 'id-age', needsConfirmation: false };
    if (typeof b.creditCode === 'string')
      green = {
        groupId: 'key-enterprise',
        name: groupName('key-enterprise'),
        how: 'list-credit-code',
        needsConfirmation: false,
      };
    if (typeof b.declaredGroup === 'string')
      green = {
        groupId: b.declaredGroup,
        name: groupName(b.declaredGroup),
        how: 'declared',
        needsConfirmation: true,
      };
    const now = Date.now();
    const id = `t${now}${n}`;
    const t = {
      id,
      number: `${svc.prefix}${String(n).padStart(3, '0')}`,
      serviceId: svc.id,
      serviceName: svc.name,
      kind: green ? 'green' : 'normal',
      ...(green ? { green } : {}),
      status: 'waiting',
      issuedAt: now,
      issuedAtText: new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Asia/Shanghai',
        dateStyle: 'short',
        timeStyle: 'short',
      }).format(now),
      estimate: svc.estimate,
      counters: svc.counters,
      statusUrl: `${statusBase}t/${id}`,
    };
    state.tickets.push(t);
    state.keys.set(key, t);
    io.emit('queue-changed', {
      waiting: state.tickets.filter((x) => x.status === 'waiting').length,
      byService: {},
    });
    return send(res, 201, { ticket: ticketDto(t) });
  }
  if (m === 'GET' && path === '/api/queue') {
    const waiting: Record<string, unknown>[] = state.tickets
      .filter((t) => t.status === 'waiting')
      .map((t) => ({
        ...ticketDto(t),
        ...(t.kind === 'green'
          ? {
              wouldBeCalledBy: {
                counterId: '1',
                rule: 'green-first',
                explanation: { key: 'decider.green-first', params: {} },
              },
            }
          : {}),
      }));
    const counters = st.counters.map((c: { id: string; services: string[] }) => {
      const cur = state.tickets.find((t) => t.status === 'called' && t.counterId === c.id);
      const nx = waiting.find((t) => c.services.includes(t.serviceId as string)) as
        | Record<string, string>
        | undefined;
      return {
        ...c,
        ...(state.sessions.get(c.id) ? { staff: state.sessions.get(c.id)?.staff } : {}),
        ...(cur ? { current: ticketDto(cur) } : {}),
        ...(nx
          ? {
              next: {
                ticketId: nx.id,
                number: nx.number,
                rule: nx.kind === 'green' ? 'green-first' : 'fifo',
                explanation: {
                  key: nx.kind === 'green' ? 'decider.green-first' : 'decider.fifo',
                  params: {},
                },
              },
            }
          : {}),
      };
    });
    return send(res, 200, { waiting, counters, recentCalls: state.calls.slice(-8).reverse() });
  }
  const cm = /^\/api\/counters\/([^/]+)\/([a-z-]+)$/.exec(path);
  if (cm && m === 'POST') {
    const [, cid, action] = cm;
    const b = await body(req);
    if (action === 'session') {
      const held = state.sessions.get(cid);
      if (held && !b.force)
        return fail(
          res,
          409,
          'XZ_ERR_CONFLICT',
          `Counter held by ${held.staff}`,
          `窗口已由 ${held.staff} 登录`,
          { staff: held.staff },
        );
      const token = `tok-${cid}-${Date.now()}`;
      state.sessions.set(cid, { token, staff: String(b.staff) });
      return send(res, 200, { token, counterId: cid, staff: b.staff });
    }
    if (state.sessions.get(cid)?.token !== (req.headers.authorization ?? '').replace('Bearer ', ''))
      return fail(res, 401, 'XZ_ERR_UNAUTHORIZED', 'Sign in first', '请先登录');
    const counter = st.counters.find((c: { id: string }) => c.id === cid);
    const cur = state.tickets.find((t) => t.status === 'called' && t.counterId === cid);
    const call = (t: Record<string, unknown>, recall = false) => {
      t.status = 'called';
      t.counterId = cid;
      const ev = {
        number: t.number,
        counterId: cid,
        green: t.kind === 'green',
        serviceId: t.serviceId,
        at: Date.now(),
        recall,
      };
      state.calls.push(ev);
      io.emit('ticket-called', ev);
    };
    if (action === 'call-next' || action === 'call') {
      if (cur) cur.status = 'served';
      const w = state.tickets.filter((t) => t.status === 'waiting' && counter.services.includes(t.serviceId));
      const t =
        action === 'call' ? w.find((x) => x.id === b.ticketId) : (w.find((x) => x.kind === 'green') ?? w[0]);
      if (!t) return fail(res, 409, 'XZ_ERR_EMPTY_QUEUE', 'Nobody waiting', '暂无等候');
      call(t);
    } else if (action === 'recall' && cur) call(cur, true);
    else if (action === 'no-show' && cur) cur.status = 'no-show';
    else if (action === 'finish' && cur) cur.status = 'served';
    else if (action === 'transfer' && cur) {
      cur.status = 'waiting';
      cur.serviceId = b.toServiceId;
      delete cur.counterId;
    }
    io.emit('queue-changed', {
      waiting: state.tickets.filter((x) => x.status === 'waiting').length,
      byService: {},
    });
    return send(res, 200, {});
  }
  if (m === 'GET' && path === '/api/policies')
    return send(res, 200, {
      policies: policiesData.policies.map((p: { id: string }) => ({ ...p, url: `${statusBase}p/${p.id}` })),
    });
  const pm = /^\/api\/policies\/([^/]+)\/print$/.exec(path);
  if (pm && m === 'POST') return send(res, 200, { ok: true });
  if (m === 'POST' && path === '/api/ratings') {
    const b = await body(req);
    if (state.ratings.has(String(b.ticketNumber)))
      return fail(res, 409, 'XZ_ERR_ALREADY_RATED', 'This ticket has already been rated', '该号码已评价过');
    state.ratings.add(String(b.ticketNumber));
    return send(res, 201, { rating: { id: 'r1', ...b } });
  }
  if (m === 'POST' && path === '/api/requests') {
    const b = await body(req);
    if (typeof b.creditCode === 'string' && ccCheck(b.creditCode))
      return fail(
        res,
        400,
        'XZ_ERR_VALIDATION',
        'The credit code check character is wrong',
        '统一社会信用代码校验位不正确',
        { field: 'creditCode', reason: ccCheck(b.creditCode) },
      );
    state.requests++;
    const number = `Q20261125-${String(state.requests).padStart(4, '0')}`;
    return send(res, 201, {
      request: { id: number, number, kioskAt: Date.now(), statusUrl: `${statusBase}r/${number}` },
    });
  }
  if (m === 'POST' && (path === '/dev/printer' || path === '/dev/hub')) {
    const b = await body(req);
    if (path === '/dev/printer') {
      state.printer = String(b.type);
      io.emit('printer-status', { type: state.printer });
    } else {
      state.hub = String(b.type);
      io.emit('hub-status', { type: state.hub });
    }
    return send(res, 200, { ok: true });
  }
  return fail(res, 404, 'XZ_ERR_NOT_FOUND', 'Not found', '未找到');
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
};
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/dev/')) {
    api(req, res, url.pathname).catch((e) => fail(res, 500, 'XZ_ERR_INTERNAL', String(e), '内部错误'));
    return;
  }
  const page = { '/': 'index.html', '/counter': 'counter.html', '/display': 'display.html' }[url.pathname];
  const file = normalize(join(root, page ?? url.pathname));
  if (!file.startsWith(root) || !existsSync(file))
    return fail(res, 404, 'XZ_ERR_NOT_FOUND', 'Not found', '未找到');
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  res.end(readFileSync(file));
});
const io = new Server(server, { path: '/socket.io' });
server.listen(port, '127.0.0.1', () => console.log(`mock agent on http://127.0.0.1:${port}`));
