/**
 * The agent's log: pino through Fastify, one JSON line per entry, on by default at `info`
 * (XZ_LOG_LEVEL: fatal, error, warn, info, debug, trace or silent). Every line names the station;
 * a request's lines carry its request id; an error carries its stack.
 *
 * No line holds a resident ID number, a credit code or a mobile number (PIPL): known fields are
 * redacted by path, and every finished line is masked once more, so a number that reaches a
 * message, a URL or an error text is masked as well.
 * At `debug` each request gets a line (method, URL, status, time); at `trace` also its body.
 */
import type { FastifyServerOptions } from 'fastify';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const EDGE_BEFORE = '(?<![0-9A-Za-z])';
const EDGE_AFTER = '(?![0-9A-Za-z])';
/** 18-character resident ID number (GB 11643): 17 digits and a digit or X. */
const ID_NUMBER = new RegExp(`${EDGE_BEFORE}\\d{17}[\\dXx]${EDGE_AFTER}`, 'g');
/** 18-character unified social credit code (GB 32100): two characters, a 6-digit region, ten more. */
const CREDIT_CODE = new RegExp(
  `${EDGE_BEFORE}[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}${EDGE_AFTER}`,
  'g',
);
/** Mainland mobile number: 11 digits from 13…19, also written with spaces or dashes (138 1234 5678). */
const MOBILE = new RegExp(`${EDGE_BEFORE}(?:\\+?86[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}${EDGE_AFTER}`, 'g');

/** Masks ID numbers, credit codes and mobile numbers anywhere in a text. */
export function maskPersonalNumbers(text: string): string {
  return text
    .replace(ID_NUMBER, '[id-number]')
    .replace(CREDIT_CODE, '[credit-code]')
    .replace(MOBILE, '[phone]');
}

/** Fields that hold personal numbers or secrets wherever they appear in a logged object. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'password',
  'idNumber',
  'creditCode',
  'phone',
  'contact',
  '*.password',
  '*.idNumber',
  '*.creditCode',
  '*.phone',
  '*.contact',
];

/** Where log lines go: a writable that gets whole lines. */
export interface LogSink {
  write(line: string): unknown;
}

export function readLogLevel(value: string | undefined): LogLevel {
  if (value === undefined || value === '') return 'info';
  const level = value.trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new Error(`XZ_LOG_LEVEL: not a log level: '${value}' (${LOG_LEVELS.join(', ')})`);
  }
  return level as LogLevel;
}

/** Fastify's logger options for the agent of `stationId`. */
export function agentLoggerOptions(options: {
  level: LogLevel;
  stationId: string;
  sink?: LogSink;
}): NonNullable<FastifyServerOptions['logger']> {
  const sink = options.sink ?? process.stdout;
  return {
    level: options.level,
    base: { pid: process.pid, station: options.stationId },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    stream: { write: (line: string) => sink.write(maskPersonalNumbers(line)) },
  };
}
