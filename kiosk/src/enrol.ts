/**
 * Enrolment of a kiosk with its hub: `npm run agent -- --enrol <hub-url> <code>` redeems a
 * one-time enrolment code (`POST <hub>/api/enrol`), checks that the credentials are for the
 * station in the station file, and keeps them in `<dataDir>/hub-credentials.json` (mode 0600)
 * together with the hub's address. Nothing is written when anything does not match.
 */
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadStationConfig } from '@xz/firmware-config/config';
import type { HubCredentials } from './sync.ts';

export const CREDENTIALS_FILE = 'hub-credentials.json';

/** Why an enrolment failed, in a sentence for the person at the kiosk PC. */
export class EnrolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnrolError';
  }
}

export interface EnrolOptions {
  hubUrl: string;
  code: string;
  dataDir: string;
  stationConfigPath: string;
  fetch?: typeof fetch;
}

export interface Enrolled {
  stationId: string;
  file: string;
}

const CODE = /^[0-9A-Za-z\s-]{12,20}$/;

function hubBase(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new EnrolError(`'${value}' is not a hub address (http://… or https://…).`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new EnrolError(`'${value}' is not a hub address (http://… or https://…).`);
  return value.replace(/\/+$/, '');
}

export async function enrolWithHub(options: EnrolOptions): Promise<Enrolled> {
  const hub = hubBase(options.hubUrl);
  const code = options.code.trim();
  if (!CODE.test(code))
    throw new EnrolError('The enrolment code has the wrong format (12–20 letters and digits).');
  const station = loadStationConfig(options.stationConfigPath);
  let res: Response;
  try {
    res = await (options.fetch ?? fetch)(`${hub}/api/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new EnrolError(`The hub at ${hub} did not answer (${(error as Error).message}).`);
  }
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON: reported below
  }
  if (res.status !== 200) {
    const said = typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
    throw new EnrolError(`The hub refused the enrolment code: ${said}`);
  }
  const { stationId, couchUrl, username, password } = body;
  if (
    typeof stationId !== 'string' ||
    typeof couchUrl !== 'string' ||
    typeof username !== 'string' ||
    typeof password !== 'string'
  ) {
    throw new EnrolError(`The hub at ${hub} gave an answer that is not an enrolment.`);
  }
  if (stationId !== station.stationId) {
    throw new EnrolError(
      `The code is for station ${stationId}, but this kiosk is station ${station.stationId} ` +
        `(${options.stationConfigPath}). Nothing was saved; ask the hub operator for a code for ${station.stationId}.`,
    );
  }
  const credentials: HubCredentials & { hubUrl: string; stationId: string } = {
    hubUrl: hub,
    stationId,
    couchUrl: couchUrl.replace(/\/+$/, ''),
    username,
    password,
  };
  mkdirSync(options.dataDir, { recursive: true });
  const file = join(options.dataDir, CREDENTIALS_FILE);
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return { stationId, file };
}
