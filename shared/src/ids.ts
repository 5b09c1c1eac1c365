/**
 * Every document id scheme and database name in Xiaozhan, with builders and parsers.
 *
 * Ids are `kind:part:part…` so that one kind is one key range (`startkey: 'ticket:st-1:'`), and
 * numbers are zero-padded so the byte order CouchDB sorts ids in is the natural order:
 * - ticket        ticket:{stationId}:{day}:{serviceId}:{seq 3}   (one station day, one service, 001–999)
 * - ticket event  event:{stationId}:{seq 12}                     (station-wide event sequence, never reset)
 * - rating        rating:{ticketId}                              (one rating per ticket)
 * - follow-up     case:{ratingId}                                (one case per bad rating; reopening reuses it)
 * - request       request:{stationId}:{yyyymmdd}-{seq 4}; public number {STATIONID}-{yyyymmdd}-{seq 4}
 * - policy        policy:{policyId}; version policy:{policyId}:v{n 6}
 * - station       station:{stationId} (configuration); heartbeat:{stationId};
 *                 printer-status:{stationId}:{printerId}; green-list:{groupId}
 * - station staff staff:{stationId}                              (hub-written: who signs in at the counters)
 * - phone rating  phone-rating:{ticketId}                        (hub-written: a rating given on the ticket's phone page)
 * Builders throw XZ_ERR_VALIDATION on a malformed part; parsers return null for a foreign id.
 */
import { compactDay, type Day, dayFromCompact, isDay } from './calendar/day.ts';
import { DomainError, ErrorCode } from './errors.ts';

/** Station ids are CouchDB-safe: lower-case letters, digits and dashes, starting with a letter. */
export const STATION_ID_PATTERN = '^[a-z][a-z0-9-]{1,47}$';
export const SERVICE_ID_PATTERN = '^[a-z][a-z0-9-]{0,39}$';
export const COUNTER_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9-]{0,15}$';
export const POLICY_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,63}$';
export const PRINTER_ID_PATTERN = '^[a-z0-9][a-z0-9-]{0,31}$';
export const GROUP_ID_PATTERN = '^[a-z][a-z0-9-]{0,39}$';
/** Service prefix letters: A–Z without I and O (they read as 1 and 0). */
export const SERVICE_PREFIX_PATTERN = '^[A-HJ-NP-Z]$';

const body = (pattern: string) => pattern.slice(1, -1);
const STATION = body(STATION_ID_PATTERN);
const SERVICE = body(SERVICE_ID_PATTERN);
const POLICY = body(POLICY_ID_PATTERN);
const PRINTER = body(PRINTER_ID_PATTERN);
const GROUP = body(GROUP_ID_PATTERN);
const DAY = '\\d{4}-\\d{2}-\\d{2}';

export const TICKET_ID_PATTERN = `^ticket:(${STATION}):(${DAY}):(${SERVICE}):(\\d{3})$`;
export const TICKET_EVENT_ID_PATTERN = `^event:(${STATION}):(\\d{12})$`;
export const RATING_ID_PATTERN = `^rating:(ticket:${STATION}:${DAY}:${SERVICE}:\\d{3})$`;
export const CASE_ID_PATTERN = `^case:(rating:ticket:${STATION}:${DAY}:${SERVICE}:\\d{3})$`;
export const REQUEST_ID_PATTERN = `^request:(${STATION}):(\\d{8})-(\\d{4})$`;
export const REQUEST_NUMBER_PATTERN = `^(${STATION.toUpperCase()})-(\\d{8})-(\\d{4})$`;
export const POLICY_DOC_ID_PATTERN = `^policy:(${POLICY})$`;
export const POLICY_VERSION_ID_PATTERN = `^policy:(${POLICY}):v(\\d{6})$`;
export const STATION_CONFIG_ID_PATTERN = `^station:(${STATION})$`;
export const HEARTBEAT_ID_PATTERN = `^heartbeat:(${STATION})$`;
export const PRINTER_STATUS_ID_PATTERN = `^printer-status:(${STATION}):(${PRINTER})$`;
export const GREEN_LIST_ID_PATTERN = `^green-list:(${GROUP})$`;
export const STATION_STAFF_ID_PATTERN = `^staff:(${STATION})$`;
export const PHONE_RATING_ID_PATTERN = `^phone-rating:(ticket:${STATION}:${DAY}:${SERVICE}:\\d{3})$`;

const re = (pattern: string) => new RegExp(pattern);
const RX = {
  station: re(STATION_ID_PATTERN),
  service: re(SERVICE_ID_PATTERN),
  policy: re(POLICY_ID_PATTERN),
  printer: re(PRINTER_ID_PATTERN),
  group: re(GROUP_ID_PATTERN),
  prefix: re(SERVICE_PREFIX_PATTERN),
  ticket: re(TICKET_ID_PATTERN),
  event: re(TICKET_EVENT_ID_PATTERN),
  rating: re(RATING_ID_PATTERN),
  case: re(CASE_ID_PATTERN),
  request: re(REQUEST_ID_PATTERN),
  requestNumber: re(REQUEST_NUMBER_PATTERN),
  policyDoc: re(POLICY_DOC_ID_PATTERN),
  policyVersion: re(POLICY_VERSION_ID_PATTERN),
  stationConfig: re(STATION_CONFIG_ID_PATTERN),
  heartbeat: re(HEARTBEAT_ID_PATTERN),
  printerStatus: re(PRINTER_STATUS_ID_PATTERN),
  greenList: re(GREEN_LIST_ID_PATTERN),
  ticketNumber: /^([A-HJ-NP-Z])(\d{3})$/,
} as const;

/** Highest ticket sequence of one service on one day (numbers have 3 digits). */
export const MAX_TICKET_SEQ = 999;
export const MAX_REQUEST_SEQ = 9999;
export const MAX_EVENT_SEQ = 999_999_999_999;
export const MAX_POLICY_VERSION = 999_999;

function invalid(field: string, value: unknown, rule: string): DomainError {
  return new DomainError(ErrorCode.Validation, `${field} ${JSON.stringify(value)} is not valid: ${rule}`, {
    field,
  });
}

function need(ok: boolean, field: string, value: unknown, rule: string): void {
  if (!ok) throw invalid(field, value, rule);
}

function seqIn(field: string, value: number, max: number): void {
  need(Number.isInteger(value) && value >= 1 && value <= max, field, value, `a whole number 1–${max}`);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const isStationId = (v: unknown): v is string => typeof v === 'string' && RX.station.test(v);
export const isServiceId = (v: unknown): v is string => typeof v === 'string' && RX.service.test(v);
export const isPolicyId = (v: unknown): v is string => typeof v === 'string' && RX.policy.test(v);

function stationPart(stationId: string): void {
  need(
    isStationId(stationId),
    'stationId',
    stationId,
    'lower-case letters, digits and dashes, 2–48, starting with a letter',
  );
}

// ── tickets ──────────────────────────────────────────────────────────────────────────────────

export interface TicketIdParts {
  stationId: string;
  day: Day;
  serviceId: string;
  seq: number;
}

export function ticketId(p: TicketIdParts): string {
  stationPart(p.stationId);
  need(isDay(p.day), 'day', p.day, 'a real date YYYY-MM-DD');
  need(isServiceId(p.serviceId), 'serviceId', p.serviceId, 'lower-case letters, digits and dashes');
  seqIn('seq', p.seq, MAX_TICKET_SEQ);
  return `ticket:${p.stationId}:${p.day}:${p.serviceId}:${pad(p.seq, 3)}`;
}

export function parseTicketId(id: string): TicketIdParts | null {
  const m = RX.ticket.exec(id);
  if (m === null || !isDay(m[2]) || Number(m[4]) < 1) return null;
  return { stationId: m[1], day: m[2], serviceId: m[3], seq: Number(m[4]) };
}

/** The number a citizen sees: service prefix + 3 digits, e.g. A001. */
export function ticketNumber(prefix: string, seq: number): string {
  need(RX.prefix.test(prefix), 'prefix', prefix, 'one capital letter A–Z except I and O');
  seqIn('seq', seq, MAX_TICKET_SEQ);
  return `${prefix}${pad(seq, 3)}`;
}

export function parseTicketNumber(number: string): { prefix: string; seq: number } | null {
  const m = RX.ticketNumber.exec(number);
  if (m === null || Number(m[2]) < 1) return null;
  return { prefix: m[1], seq: Number(m[2]) };
}

// ── ticket events ────────────────────────────────────────────────────────────────────────────

export interface TicketEventIdParts {
  stationId: string;
  /** Station-wide event sequence, from 1, never reset. */
  seq: number;
}

export function ticketEventId(p: TicketEventIdParts): string {
  stationPart(p.stationId);
  seqIn('seq', p.seq, MAX_EVENT_SEQ);
  return `event:${p.stationId}:${pad(p.seq, 12)}`;
}

export function parseTicketEventId(id: string): TicketEventIdParts | null {
  const m = RX.event.exec(id);
  if (m === null || Number(m[2]) < 1) return null;
  return { stationId: m[1], seq: Number(m[2]) };
}

// ── ratings and follow-up cases ──────────────────────────────────────────────────────────────

export function ratingId(ofTicketId: string): string {
  need(parseTicketId(ofTicketId) !== null, 'ticketId', ofTicketId, 'a ticket id');
  return `rating:${ofTicketId}`;
}

/** The ticket a rating belongs to. */
export function parseRatingId(id: string): { ticketId: string; ticket: TicketIdParts } | null {
  const m = RX.rating.exec(id);
  const ticket = m === null ? null : parseTicketId(m[1]);
  return m === null || ticket === null ? null : { ticketId: m[1], ticket };
}

export function caseId(ofRatingId: string): string {
  need(parseRatingId(ofRatingId) !== null, 'ratingId', ofRatingId, 'a rating id');
  return `case:${ofRatingId}`;
}

export function parseCaseId(id: string): { ratingId: string; ticketId: string } | null {
  const m = RX.case.exec(id);
  const rating = m === null ? null : parseRatingId(m[1]);
  return m === null || rating === null ? null : { ratingId: m[1], ticketId: rating.ticketId };
}

// ── requests (诉求) ─────────────────────────────────────────────────────────────────────────

export interface RequestIdParts {
  stationId: string;
  /** Station day the request was taken. */
  day: Day;
  /** Per station and day, from 1. */
  seq: number;
}

function checkRequest(p: RequestIdParts): void {
  stationPart(p.stationId);
  need(isDay(p.day), 'day', p.day, 'a real date YYYY-MM-DD');
  seqIn('seq', p.seq, MAX_REQUEST_SEQ);
}

export function requestId(p: RequestIdParts): string {
  checkRequest(p);
  return `request:${p.stationId}:${compactDay(p.day)}-${pad(p.seq, 4)}`;
}

export function parseRequestId(id: string): RequestIdParts | null {
  const m = RX.request.exec(id);
  const day = m === null ? null : dayFromCompact(m[2]);
  if (m === null || day === null || Number(m[3]) < 1) return null;
  return { stationId: m[1], day, seq: Number(m[3]) };
}

/** The number a citizen is given and types to follow a request, e.g. XHD-LINGZHU-01-20260309-0007. */
export function requestNumber(p: RequestIdParts): string {
  checkRequest(p);
  return `${p.stationId.toUpperCase()}-${compactDay(p.day)}-${pad(p.seq, 4)}`;
}

/** Reads a request number as typed (any case, surrounding spaces). */
export function parseRequestNumber(number: string): RequestIdParts | null {
  const m = RX.requestNumber.exec(number.trim().toUpperCase());
  if (m === null) return null;
  const stationId = m[1].toLowerCase();
  const day = dayFromCompact(m[2]);
  if (!isStationId(stationId) || day === null || Number(m[3]) < 1) return null;
  return { stationId, day, seq: Number(m[3]) };
}

export function requestIdFromNumber(number: string): string | null {
  const parts = parseRequestNumber(number);
  return parts === null ? null : requestId(parts);
}

export function requestNumberFromId(id: string): string | null {
  const parts = parseRequestId(id);
  return parts === null ? null : requestNumber(parts);
}

// ── policies ─────────────────────────────────────────────────────────────────────────────────

export function policyDocId(policyId: string): string {
  need(isPolicyId(policyId), 'policyId', policyId, 'lower-case letters, digits and dashes');
  return `policy:${policyId}`;
}

export function policyVersionId(policyId: string, version: number): string {
  need(isPolicyId(policyId), 'policyId', policyId, 'lower-case letters, digits and dashes');
  seqIn('version', version, MAX_POLICY_VERSION);
  return `policy:${policyId}:v${pad(version, 6)}`;
}

export type PolicyDocIdParts =
  | { kind: 'policy'; policyId: string }
  | { kind: 'version'; policyId: string; version: number };

export function parsePolicyDocId(id: string): PolicyDocIdParts | null {
  const doc = RX.policyDoc.exec(id);
  if (doc !== null) return { kind: 'policy', policyId: doc[1] };
  const version = RX.policyVersion.exec(id);
  if (version === null || Number(version[2]) < 1) return null;
  return { kind: 'version', policyId: version[1], version: Number(version[2]) };
}

// ── station documents ────────────────────────────────────────────────────────────────────────

export function stationConfigId(stationId: string): string {
  stationPart(stationId);
  return `station:${stationId}`;
}

export function parseStationConfigId(id: string): { stationId: string } | null {
  const m = RX.stationConfig.exec(id);
  return m === null ? null : { stationId: m[1] };
}

export function heartbeatId(stationId: string): string {
  stationPart(stationId);
  return `heartbeat:${stationId}`;
}

export function parseHeartbeatId(id: string): { stationId: string } | null {
  const m = RX.heartbeat.exec(id);
  return m === null ? null : { stationId: m[1] };
}

export function printerStatusId(stationId: string, printerId: string): string {
  stationPart(stationId);
  need(RX.printer.test(printerId), 'printerId', printerId, 'lower-case letters, digits and dashes');
  return `printer-status:${stationId}:${printerId}`;
}

export function parsePrinterStatusId(id: string): { stationId: string; printerId: string } | null {
  const m = RX.printerStatus.exec(id);
  return m === null ? null : { stationId: m[1], printerId: m[2] };
}

export function greenListId(groupId: string): string {
  need(RX.group.test(groupId), 'groupId', groupId, 'lower-case letters, digits and dashes');
  return `green-list:${groupId}`;
}

export function parseGreenListId(id: string): { groupId: string } | null {
  const m = RX.greenList.exec(id);
  return m === null ? null : { groupId: m[1] };
}

// ── station staff and phone ratings (hub-written into the station database) ──────────────

export function stationStaffId(stationId: string): string {
  stationPart(stationId);
  return `staff:${stationId}`;
}

export function phoneRatingId(ofTicketId: string): string {
  need(parseTicketId(ofTicketId) !== null, 'ticketId', ofTicketId, 'a ticket id');
  return `phone-rating:${ofTicketId}`;
}

// ── databases ────────────────────────────────────────────────────────────────────────────────

/** Hub-side databases. */
export const HubDb = {
  Policies: 'xz-policies',
  Drafts: 'xz-hub-drafts',
  Users: 'xz-hub-users',
  Audit: 'xz-hub-audit',
  Cases: 'xz-hub-cases',
  /** Where the hub's station follower keeps its place in each station database. */
  Follow: 'xz-hub-follow',
  /** Report facts and per-station-per-day figures, kept by the hub from what stations replicate. */
  Reports: 'xz-hub-reports',
} as const;
export type HubDb = (typeof HubDb)[keyof typeof HubDb];

const STATION_DB_PREFIX = 'xz-station-';

/** The station's own database (its tickets, events, ratings, requests, heartbeat, printer status). */
export function stationDbName(stationId: string): string {
  stationPart(stationId);
  return `${STATION_DB_PREFIX}${stationId}`;
}

export function parseStationDbName(name: string): { stationId: string } | null {
  if (!name.startsWith(STATION_DB_PREFIX)) return null;
  const stationId = name.slice(STATION_DB_PREFIX.length);
  return isStationId(stationId) ? { stationId } : null;
}
