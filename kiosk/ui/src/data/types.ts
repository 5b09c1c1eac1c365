/**
 * Message shapes of the station agent's HTTP and socket.io contract, as the browser apps see them.
 * Only files in data/ import these wire shapes; components get them through data/ functions.
 */

import type { PolicyTag } from '@xz/shared/policy/tags';

export type { PolicyTag };
export type Lang = 'zh' | 'en';
export interface Text2 {
  zh: string;
  en: string;
}

export type HubState = 'online' | 'offline' | 'disabled';
export type PrinterState =
  | 'ready'
  | 'paper-near-end'
  | 'paper-out'
  | 'cover-open'
  | 'cutter-error'
  | 'offline';
export const PRINTER_STATES: readonly PrinterState[] = [
  'ready',
  'paper-near-end',
  'paper-out',
  'cover-open',
  'cutter-error',
  'offline',
];

export interface PrinterInfo {
  state: PrinterState;
  profile: string;
  pending: number;
  lastJobs: { id: string; ticketNumber?: string; state: string; text?: string }[];
}

export interface Health {
  ok: boolean;
  stationId: string;
  version: string;
  hub: { state: HubState; lastSyncAt?: number; pending?: number; lastError?: string };
  printer: PrinterInfo;
}

export interface GroupInfo {
  id: string;
  name: Text2;
  declarable: boolean;
  confirm: boolean;
}

export interface OpeningHours {
  days: 'mon-sun' | 'mon-fri' | 'sat-sun' | 'working-days';
  from: string;
  to: string;
}

export interface Station {
  id: string;
  name: Text2;
  timeZone: string;
  /** Opening hours, in station time. */
  hours?: OpeningHours[];
  phone?: string;
  /** Seconds without a touch before the kiosk returns home. */
  idleSeconds: number;
  /** The same in elder mode (longer). */
  elderIdleSeconds?: number;
  /** Seconds the ticket confirmation stays once printed. */
  confirmationSeconds?: number;
  /** The district's emblem or branding image for the home screen. */
  brandingImage?: string;
  services?: { id: string; prefix: string; name: Text2 }[];
  counters: { id: string; services: string[] }[];
  groups: GroupInfo[];
  statusBaseUrl: string;
}

export type ClosedReason = 'hours' | 'cap' | 'no-counter';
export interface WaitEstimate {
  minMinutes: number;
  maxMinutes: number;
}

export interface ServiceInfo {
  id: string;
  prefix: string;
  name: Text2;
  open: boolean;
  closedReason?: ClosedReason;
  nearCap: boolean;
  waiting: number;
  estimate: WaitEstimate;
  counters: string[];
}

export interface GreenGrant {
  groupId: string;
  name: Text2;
  how: string;
  needsConfirmation: boolean;
}

export type TicketStatus = 'waiting' | 'called' | 'served' | 'no-show' | 'cancelled';
export type PrintState = 'queued' | 'printed' | 'held' | 'failed' | 'cancelled';

export interface Ticket {
  id: string;
  number: string;
  serviceId: string;
  serviceName: Text2;
  kind: 'green' | 'normal';
  green?: GreenGrant;
  status: TicketStatus;
  issuedAt: number;
  issuedAtText: string;
  ahead: number;
  estimate: WaitEstimate;
  counters: string[];
  statusUrl: string;
  counterId?: string;
  print: { state: PrintState; reason?: string };
}

/** Why the decider would pick a ticket: a message key with parameters (domain i18n). */
export interface Explanation {
  key: string;
  params?: Record<string, string | number>;
  /** Rendered text, when the agent sends it. */
  text?: Text2;
}

export interface WaitingTicket extends Ticket {
  wouldBeCalledBy?: { counterId: string; rule: string; explanation: Explanation };
}

export interface CounterState {
  id: string;
  services: string[];
  staff?: string;
  current?: Ticket;
  next?: { ticketId: string; number: string; rule: string; explanation: Explanation };
}

export interface RecentCall {
  number: string;
  counterId: string;
  green: boolean;
  at: number;
}

/** A no-show that staff can still restore to its place, until `until` (epoch ms). */
export interface RecentNoShow {
  ticketId: string;
  number: string;
  serviceId: string;
  counterId?: string;
  at: number;
  until: number;
}

export interface QueueSnapshot {
  waiting: WaitingTicket[];
  counters: CounterState[];
  recentCalls: RecentCall[];
  recentNoShows?: RecentNoShow[];
}

export interface CounterSession {
  token: string;
  counterId: string;
  /** The staff member's name. */
  staff: string;
  /** The staff id (工号) the counter's actions are recorded under. */
  staffId: string;
}

export interface CounterActionResult {
  ticket?: Ticket;
  rule?: string;
  explanation?: Explanation;
}

export interface Policy {
  id: string;
  level: string;
  department: Text2;
  title: Text2;
  summary: Text2;
  beneficiaries: Text2;
  conditions: Text2;
  benefit: Text2;
  apply: { from: string; to: string; where: Text2; phone: string };
  tags: string[];
  exemptApplication: boolean;
  signedAt: string;
  effectiveFrom: string;
  expiresAt: string;
  url?: string;
}

export interface PolicyList {
  policies: Policy[];
  /** The station-wide "all policies" QR target, when the agent provides one. */
  allUrl?: string;
  /** The policy dictionary: tag labels, groups and synonyms. */
  tags?: PolicyTag[];
}

export type RatingLevel = 1 | 2 | 3 | 4 | 5;
export type Indicator = 'overall' | 'efficiency' | 'quality' | 'attitude';
export const INDICATORS: readonly Indicator[] = ['overall', 'efficiency', 'quality', 'attitude'];

export interface RatingInput {
  ticketNumber: string;
  level: RatingLevel;
  indicators?: Record<Indicator, RatingLevel>;
  comment?: string;
  phone?: string;
}

export type RequestCategory = 'enterprise' | 'policy' | 'service' | 'complaint' | 'suggestion' | 'other';
export const REQUEST_CATEGORIES: readonly RequestCategory[] = [
  'enterprise',
  'policy',
  'service',
  'complaint',
  'suggestion',
  'other',
];

export interface RequestInput {
  category: RequestCategory;
  description: string;
  contactName?: string;
  phone: string;
  creditCode?: string;
}

export interface RequestReceipt {
  id: string;
  number: string;
  kioskAt: number;
  statusUrl: string;
}

export interface TicketRequest {
  serviceId: string;
  idNumber?: string;
  creditCode?: string;
  declaredGroup?: string;
}

export type GreenCheck = { valid: true; grant?: GreenGrant };

/** Server → client socket.io events, one typed map. */
export interface LiveEvents {
  'queue-changed': { waiting: number; byService: Record<string, number> };
  'ticket-called': {
    number: string;
    counterId: string;
    green: boolean;
    serviceId: string;
    at: number;
    recall: boolean;
  };
  'printer-status': { type: PrinterState };
  'hub-status': { type: HubState };
  'policies-changed': { version?: string };
}
