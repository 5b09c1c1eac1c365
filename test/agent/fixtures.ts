/**
 * Station agents for tests: in-process (buildAgent) or as a child process that a test can kill,
 * each with its own data folder and a virtual printer on a socat pty pair. The child process runs
 * what `npm run agent` runs: the bundle `kiosk/dist/agent.mjs` with the same Node flags.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Agent, buildAgent } from '@xz/kiosk/app';
import { STAFF_FILE } from '@xz/kiosk/counter-staff';
import { readAgentEnv } from '@xz/kiosk/env';
import { loadHashKey } from '@xz/kiosk/green-lists';
import { startVirtualPrinter, type VirtualPrinter } from '@xz/kiosk/virtual-printer/device';
import { stationStaffId } from '@xz/shared/ids';
import { makeStaffVerifier } from '@xz/shared/staff/verifier';
import { hashKeyId } from '@xz/shared/validate/hash';
import { AGENT_BUNDLE, agentBundleState, buildAgentBundle } from '../../kiosk/agent-bundle.mjs';

export const ROOT = resolve(import.meta.dirname, '../..');

/** The `agent` script of package.json, word by word: `[NAME=value…] node [--flag…] <bundle>`. */
const AGENT_SCRIPT = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { agent: string } }
).scripts.agent
  .split(' ')
  .filter(Boolean);

/** The environment the `agent` script sets for Node (the C library's memory arenas). */
export const AGENT_ENV: Record<string, string> = Object.fromEntries(
  AGENT_SCRIPT.slice(0, AGENT_SCRIPT.indexOf('node')).map((part) => part.split('=', 2)),
);

/** The Node flags of the `agent` script. */
export const AGENT_NODE_FLAGS = AGENT_SCRIPT.filter((part) => part.startsWith('--')).join(' ');

export async function tempDir(tag: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `xz-${tag}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Staff of the test station: one signs in with a PIN, one with the account's password. */
export const TEST_STAFF = [
  { id: 'wang.fang', name: '王芳', pin: '135790' },
  { id: 'li.lei', name: '李雷', password: 'li-lei-password-1' },
] as const;

/**
 * Writes the station's local staff file (`station-staff.json`, verifiers only) into an agent's
 * data folder, with the agent's deployment key (XZ_HASH_KEY, or the key file it uses).
 */
export async function writeStaffFile(
  dataDir: string,
  options: {
    stationId?: string;
    key?: Uint8Array;
    staff?: readonly { id: string; name: string; pin?: string; password?: string }[];
  } = {},
): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const key = options.key ?? loadHashKey(dataDir, process.env.XZ_HASH_KEY);
  const stationId = options.stationId ?? 'xhd-lingzhu-01';
  const staff = [];
  for (const m of options.staff ?? TEST_STAFF) {
    staff.push({
      id: m.id,
      name: m.name,
      ...('pin' in m && m.pin ? { pin: await makeStaffVerifier(key, 'pin', m.pin) } : {}),
      ...('password' in m && m.password
        ? { password: await makeStaffVerifier(key, 'password', m.password) }
        : {}),
    });
  }
  const doc = {
    _id: stationStaffId(stationId),
    type: 'station-staff',
    schemaVersion: 1,
    stationId,
    staff,
    keyId: hashKeyId(key),
    updatedAt: Date.now(),
  };
  await writeFile(join(dataDir, STAFF_FILE), JSON.stringify(doc), { mode: 0o600 });
}

/** Signs in at a counter as a test staff member (王芳 with her PIN unless told otherwise). */
export async function signInCounter(
  url: string,
  counterId: string,
  as: { staff: string; secret: string; force?: boolean } = { staff: 'wang.fang', secret: '135790' },
): Promise<{ authorization: string }> {
  const res = await api(url, 'POST', `/api/counters/${counterId}/session`, as);
  if (res.status !== 201) throw new Error(`counter sign-in: ${res.status} ${JSON.stringify(res.body)}`);
  return { authorization: `Bearer ${res.body.token}` };
}

export interface AgentRig {
  url: string;
  agent: Agent;
  printer: VirtualPrinter;
  dataDir: string;
  close(): Promise<void>;
}

export async function startAgentRig(
  options: { env?: Record<string, string>; now?: () => number; hashKey?: Uint8Array } = {},
): Promise<AgentRig> {
  const dir = await tempDir('agent');
  const printer = await startVirtualPrinter({ dir: join(dir.path, 'printer') });
  const env = readAgentEnv({
    AGENT_PORT: '0',
    XZ_DATA_DIR: join(dir.path, 'data'),
    XZ_PRINTER_PATH: printer.path,
    ...options.env,
  });
  await writeStaffFile(env.dataDir, options.hashKey ? { key: options.hashKey } : {});
  let agent: Agent;
  try {
    agent = await buildAgent({
      env,
      ...(options.now ? { now: options.now } : {}),
      ...(options.hashKey ? { hashKey: options.hashKey } : {}),
    });
  } catch (error) {
    await printer.close();
    await dir.remove();
    throw error;
  }
  const url = await agent.listen();
  return {
    url,
    agent,
    printer,
    dataDir: env.dataDir,
    async close() {
      await agent.close();
      await printer.close();
      await dir.remove();
    },
  };
}

export async function api(
  url: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(url + path, {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}

/** A request with a Host header of our choosing (fetch does not let a caller set Host). */
export function rawGet(url: string, path: string, headers: Record<string, string>): Promise<number> {
  const u = new URL(url);
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET', headers }, (res) => {
      res.resume();
      resolvePromise(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The agent as its own process (`npm run agent`), printing its address on stdout. */
export interface AgentProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

let building: Promise<void> | undefined;

/**
 * The agent bundle, built first when it is missing or older than its sources (the same build as
 * `npm run build:agent`), so a test never runs anything but the current bundle; a failed build
 * fails the test with esbuild's message.
 */
export async function agentBundle(): Promise<string> {
  const before = agentBundleState();
  if (before.state !== 'fresh') {
    const why = before.state === 'missing' ? 'missing' : `older than ${before.newer}`;
    building ??= (async () => {
      process.stderr.write(`building the station agent (kiosk/dist/agent.mjs ${why})…\n`);
      try {
        await buildAgentBundle();
      } catch (error) {
        throw new Error(`building the station agent bundle failed: ${(error as Error).message}`);
      }
    })().finally(() => {
      building = undefined;
    });
    await building;
  }
  return AGENT_BUNDLE;
}

export async function spawnAgent(env: Record<string, string>): Promise<AgentProcess> {
  // The same Node flags and environment as `npm run agent` (package.json): a small young
  // generation, a heap cap and two memory arenas keep the agent within the station PC's budget.
  const flags = (process.env.XZ_AGENT_NODE_FLAGS ?? AGENT_NODE_FLAGS).split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, await agentBundle()], {
    cwd: ROOT,
    // Agents of tests run without a hub unless the test gives one (and its credentials).
    env: { ...process.env, ...AGENT_ENV, AGENT_PORT: '0', XZ_OFFLINE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`agent did not start:\n${out}`)), 30_000);
    const onData = () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolvePromise(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`agent exited with ${code}:\n${out}`));
    });
  });
  return { child, url, output: () => out };
}

export async function kill9(p: AgentProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  p.child.kill('SIGKILL');
  await exited;
}

/** `npm run agent -- --enrol <hub> <code>` on a data folder (the hub runs in this process: no spawnSync). */
export async function enrolCli(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const flags = AGENT_NODE_FLAGS.split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, await agentBundle(), '--enrol', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...AGENT_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}
