/**
 * Loading and checking device configuration: printer profiles and station configuration files.
 * Every failure is a ConfigError naming the file and the JSON pointer of the field.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { validateDocAs } from '@xz/shared/docs/validate';
import { PROFILE_ID_PATTERN, PrinterProfile, type StationConfig } from './schemas.ts';

export const XZ_ERR_CONFIG_INVALID = 'XZ_ERR_CONFIG_INVALID';
export const XZ_ERR_CONFIG_UNREADABLE = 'XZ_ERR_CONFIG_UNREADABLE';
export const XZ_ERR_PROFILE_NOT_FOUND = 'XZ_ERR_PROFILE_NOT_FOUND';

export type ConfigErrorCode =
  | typeof XZ_ERR_CONFIG_INVALID
  | typeof XZ_ERR_CONFIG_UNREADABLE
  | typeof XZ_ERR_PROFILE_NOT_FOUND;

export interface ConfigIssue {
  /** JSON pointer of the field, '' for the whole document. */
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  readonly file: string;
  readonly issues: readonly ConfigIssue[];
  constructor(code: ConfigErrorCode, file: string, issues: readonly ConfigIssue[]) {
    super(`${file}: ${issues.map((i) => `${i.path || '/'}: ${i.message}`).join('; ')}`);
    this.name = 'ConfigError';
    this.code = code;
    this.file = file;
    this.issues = issues;
  }
}

/** The folder holding the shipped printer profiles. */
export const PROFILES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../profiles');

const MAX_CONFIG_BYTES = 256 * 1024;

function describe(schema: TSchema, fallback: string): string {
  const options: unknown[] = (schema.anyOf as TSchema[] | undefined)?.map((s) => s.const) ?? [];
  if (options.length === 0 || options.some((o) => o === undefined)) return fallback;
  return `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}`;
}

/** Schema errors, one per field (the first, most specific one). */
function schemaIssues(schema: TSchema, value: unknown): ConfigIssue[] {
  const byPath = new Map<string, ConfigIssue>();
  for (const e of Value.Errors(schema, value)) {
    if (!byPath.has(e.path)) byPath.set(e.path, { path: e.path, message: describe(e.schema, e.message) });
  }
  return [...byPath.values()];
}

/** Checks a parsed profile; throws ConfigError (XZ_ERR_CONFIG_INVALID) naming the field. */
export function validateProfile(value: unknown, file = '<profile>'): PrinterProfile {
  const issues = schemaIssues(PrinterProfile, value);
  if (issues.length === 0) {
    const p = value as PrinterProfile;
    const expectedCols = p.paperWidthMm === 58 ? [32] : [42, 48];
    if (!expectedCols.includes(p.charsPerLine)) {
      issues.push({
        path: '/charsPerLine',
        message: `${p.paperWidthMm} mm paper prints ${expectedCols.join(' or ')} columns in Font A`,
      });
    }
    if (p.paperWidthMm === 58 && p.dotsPerLine > 384) {
      issues.push({ path: '/dotsPerLine', message: '58 mm paper has at most 384 dots per line' });
    }
  }
  if (issues.length > 0) throw new ConfigError(XZ_ERR_CONFIG_INVALID, file, issues);
  return value as PrinterProfile;
}

export interface StationCheckOptions {
  /** Whether a printer profile id exists; defaults to the shipped profiles. */
  readonly profileExists?: (id: string) => boolean;
}

/**
 * Checks a parsed station configuration: the shared station document schema and its rules
 * (unique ids and prefixes, counters serve known services, warnAt ≤ dailyCap), a known time
 * zone, and an existing printer profile.
 */
export function validateStationConfig(
  value: unknown,
  file = '<station>',
  options: StationCheckOptions = {},
): StationConfig {
  const result = validateDocAs('station', value);
  if (!result.ok) {
    const byPath = new Map<string, ConfigIssue>();
    for (const e of result.errors) if (!byPath.has(e.path)) byPath.set(e.path, e);
    throw new ConfigError(XZ_ERR_CONFIG_INVALID, file, [...byPath.values()]);
  }
  const station = result.doc;
  const issues: ConfigIssue[] = [];
  station.hours.forEach((h, i) => {
    if (h.from >= h.to) issues.push({ path: `/hours/${i}/to`, message: 'must be later than from' });
  });
  try {
    Intl.DateTimeFormat('en', { timeZone: station.timeZone });
  } catch {
    issues.push({ path: '/timeZone', message: `unknown time zone '${station.timeZone}'` });
  }
  const profileExists = options.profileExists ?? shippedProfileExists;
  if (!profileExists(station.printerProfileId)) {
    issues.push({ path: '/printerProfileId', message: `no printer profile '${station.printerProfileId}'` });
  }
  if (issues.length > 0) throw new ConfigError(XZ_ERR_CONFIG_INVALID, file, issues);
  return station;
}

function shippedProfileExists(id: string): boolean {
  return listProfileIds().includes(id);
}

/** Ids of the shipped printer profiles. */
export function listProfileIds(): string[] {
  return readdirSync(PROFILES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Reads and parses a JSON file, refusing oversized ones. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_CONFIG_BYTES) {
      throw new ConfigError(XZ_ERR_CONFIG_UNREADABLE, file, [
        { path: '', message: `file is ${size} bytes, limit ${MAX_CONFIG_BYTES}` },
      ]);
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(XZ_ERR_CONFIG_UNREADABLE, file, [{ path: '', message: (error as Error).message }]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(XZ_ERR_CONFIG_INVALID, file, [
      { path: '', message: `not valid JSON: ${(error as Error).message}` },
    ]);
  }
}

/**
 * Loads a printer profile by id (a shipped profile) or by file path. The file name of a
 * shipped profile must match its id.
 */
export function loadProfile(idOrPath: string): PrinterProfile {
  const byId = new RegExp(PROFILE_ID_PATTERN).test(idOrPath);
  const file = byId ? join(PROFILES_DIR, `${idOrPath}.json`) : resolve(idOrPath);
  if (byId && !listProfileIds().includes(idOrPath)) {
    throw new ConfigError(XZ_ERR_PROFILE_NOT_FOUND, file, [
      { path: '', message: `no printer profile '${idOrPath}' (have: ${listProfileIds().join(', ')})` },
    ]);
  }
  const profile = validateProfile(readJsonFile(file), file);
  if (byId && profile.id !== idOrPath) {
    throw new ConfigError(XZ_ERR_CONFIG_INVALID, file, [
      { path: '/id', message: `id '${profile.id}' differs from file name '${idOrPath}'` },
    ]);
  }
  return profile;
}

/** Loads and checks a station configuration file. */
export function loadStationConfig(file: string, options: StationCheckOptions = {}): StationConfig {
  return validateStationConfig(readJsonFile(file), file, options);
}

export type ConfigKind = 'printer-profile' | 'station';

/** Decides which kind of configuration a parsed document is. */
export function detectConfigKind(value: unknown): ConfigKind | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if ((value as { type?: unknown }).type === 'station' || 'counters' in value) return 'station';
  if ('paperWidthMm' in value || 'charsPerLine' in value) return 'printer-profile';
  return undefined;
}

/** Checks one configuration file of either kind; returns its kind or throws ConfigError. */
export function checkConfigFile(file: string): ConfigKind {
  const value = readJsonFile(file);
  const kind = detectConfigKind(value);
  switch (kind) {
    case 'printer-profile':
      validateProfile(value, file);
      return kind;
    case 'station':
      validateStationConfig(value, file);
      return kind;
    case undefined:
      throw new ConfigError(XZ_ERR_CONFIG_INVALID, file, [
        { path: '', message: 'neither a printer profile nor a station configuration' },
      ]);
    default: {
      const never: never = kind;
      throw new Error(`unknown config kind ${never}`);
    }
  }
}
