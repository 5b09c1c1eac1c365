/**
 * The agent's settings: the station file plus environment overrides, checked once at start.
 * A bad value stops the agent with a message naming the variable or the file and field.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LogLevel, readLogLevel } from './log.ts';

export interface AgentEnv {
  port: number;
  host: string;
  stationConfigPath: string;
  dataDir: string;
  printerPath?: string;
  printerProfile?: string;
  hubUrl?: string;
  /** Extra host names (LAN name or address) the agent answers to besides loopback. */
  allowedHosts: string[];
  /** Public base URL of ticket status pages (the QR target). */
  publicBaseUrl?: string;
  /** Show the bundled demo policies (an agent demonstrated without a hub). */
  demoPolicies: boolean;
  /** Log level (XZ_LOG_LEVEL, default info). */
  logLevel: LogLevel;
  /** Minutes a no-show can be undone when the station file does not say (XZ_NO_SHOW_UNDO_MINUTES). */
  noShowUndoMinutes?: number;
  /** Seconds a new local store waits for the hub to give the station's history back (XZ_RESTORE_WAIT_SECONDS, default 30). */
  restoreWaitSeconds: number;
  /** Run without the hub although a hub URL is set and no credentials are stored (XZ_OFFLINE=1). */
  offline: boolean;
}

const KIOSK_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(KIOSK_DIR, '..');
export const DEMO_STATION_CONFIG = join(REPO_DIR, 'firmware-config/stations/demo.json');

export class EnvError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'EnvError';
  }
}

function port(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new EnvError(name, `not a port number: '${value}'`);
  return n;
}

function logLevel(value: string | undefined): LogLevel {
  try {
    return readLogLevel(value);
  } catch (error) {
    throw new EnvError('XZ_LOG_LEVEL', (error as Error).message.replace(/^XZ_LOG_LEVEL: /, ''));
  }
}

function url(name: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    return value.replace(/\/+$/, '');
  } catch {
    throw new EnvError(name, `not an http(s) URL: '${value}'`);
  }
}

function number(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new EnvError(name, `not a number from ${min} to ${max}: '${value}'`);
  return n;
}

export function readAgentEnv(env: NodeJS.ProcessEnv = process.env): AgentEnv {
  const allowed = (env.XZ_ALLOWED_HOSTS ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  for (const h of allowed) {
    if (!/^[a-z0-9.-]+$|^\[[0-9a-f:]+\]$/.test(h))
      throw new EnvError('XZ_ALLOWED_HOSTS', `bad host name '${h}'`);
  }
  const result: AgentEnv = {
    port: port('AGENT_PORT', env.AGENT_PORT, 8080),
    host: env.AGENT_HOST || '127.0.0.1',
    stationConfigPath: resolve(env.XZ_STATION_CONFIG || DEMO_STATION_CONFIG),
    dataDir: resolve(env.XZ_DATA_DIR || join(REPO_DIR, '.data/agent')),
    allowedHosts: allowed,
    demoPolicies: env.XZ_DEMO_POLICIES === '1',
    logLevel: logLevel(env.XZ_LOG_LEVEL),
    restoreWaitSeconds: number('XZ_RESTORE_WAIT_SECONDS', env.XZ_RESTORE_WAIT_SECONDS, 0, 3600) ?? 30,
    offline: env.XZ_OFFLINE === '1',
  };
  const undo = number('XZ_NO_SHOW_UNDO_MINUTES', env.XZ_NO_SHOW_UNDO_MINUTES, 0, 240);
  if (undo !== undefined) result.noShowUndoMinutes = undo;
  if (env.XZ_PRINTER_PATH) result.printerPath = env.XZ_PRINTER_PATH;
  if (env.XZ_PRINTER_PROFILE) result.printerProfile = env.XZ_PRINTER_PROFILE;
  const hub = url('XZ_HUB_URL', env.XZ_HUB_URL);
  if (hub) result.hubUrl = hub;
  const pub = url('XZ_PUBLIC_URL', env.XZ_PUBLIC_URL);
  if (pub) result.publicBaseUrl = pub;
  return result;
}
