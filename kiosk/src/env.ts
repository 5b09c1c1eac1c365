/**
 * The agent's settings: the station file plus environment overrides, checked once at start.
 * A bad value stops the agent with a message naming the variable or the file and field.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  };
  if (env.XZ_PRINTER_PATH) result.printerPath = env.XZ_PRINTER_PATH;
  if (env.XZ_PRINTER_PROFILE) result.printerProfile = env.XZ_PRINTER_PROFILE;
  const hub = url('XZ_HUB_URL', env.XZ_HUB_URL);
  if (hub) result.hubUrl = hub;
  const pub = url('XZ_PUBLIC_URL', env.XZ_PUBLIC_URL);
  if (pub) result.publicBaseUrl = pub;
  return result;
}
