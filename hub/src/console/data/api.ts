/**
 * Every request the operator console makes, as named functions; components never build URLs.
 * Reply shapes are the hub's own route schemas (types only, nothing of the server is bundled).
 */
import type { Static } from '@sinclair/typebox';
import type { PolicyContent } from '@xz/shared/docs/policy';
import type { AuditEntryReply } from '../../routes/audit/index.ts';
import type { MeReply, OperatorReply, UserReply } from '../../routes/auth/schemas.ts';
import type { CalendarOverviewReply, CalendarYearReply } from '../../routes/calendar/index.ts';
import type {
  CaseAction,
  CaseDetailReply,
  CaseSettingsBody,
  CaseViewReply,
} from '../../routes/cases/index.ts';
import type {
  ListSummary as GreenListSummaryReply,
  GreenListsReply,
  GreenListUploadBody,
} from '../../routes/green-lists/index.ts';
import type {
  DiffReply,
  PolicyDetailReply,
  PolicySummaryReply,
  VersionSummaryReply,
} from '../../routes/policies/schemas.ts';
import type { StationLiveReply } from '../../routes/stations/index.ts';

export type Operator = Static<typeof OperatorReply>;
export type Me = Static<typeof MeReply>;
export type PolicySummary = Static<typeof PolicySummaryReply>;
export type PolicyDetail = Static<typeof PolicyDetailReply>;
export type VersionSummary = Static<typeof VersionSummaryReply>;
export type Diff = Static<typeof DiffReply>;
export type AuditEntry = Static<typeof AuditEntryReply>;
export type User = Static<typeof UserReply>;
export type StationLive = Static<typeof StationLiveReply>;
export type CaseView = Static<typeof CaseViewReply>;
export type CaseDetail = Static<typeof CaseDetailReply>;
export type CaseSettings = Static<typeof CaseSettingsBody>;
export type { CaseAction };
export type CalendarOverview = Static<typeof CalendarOverviewReply>;
export type CalendarYear = Static<typeof CalendarYearReply>;
/** One year's holidays and adjusted working days, as saved. */
export type CalendarData = CalendarYear['data'];
export type CalendarHoliday = CalendarData['holidays'][number];
/** Light of a case: red (a deadline passed), yellow (one ends today), green, none (closed). */
export type CaseLight = CaseView['light'];
export type { PolicyContent };
export interface PolicyTargets {
  districts: string[];
  stations: string[];
}

/** An error reply of the hub: stable code, message in both languages, the field when known. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageZh?: string,
    readonly field?: string,
    readonly reason?: string,
    /** Itemised problems, e.g. the lines of a refused file (`{ line, reason }`). */
    readonly problems?: Record<string, string | number>[],
  ) {
    super(message);
  }
}

/** Fired on window when a request finds the session gone, so the shell shows sign-in. */
export const SESSION_LOST_EVENT = 'xz-session-lost';

export async function request<T>(
  method: string,
  url: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    if (res.status === 401 && !url.endsWith('/sign-in')) window.dispatchEvent(new Event(SESSION_LOST_EVENT));
    throw new ApiError(
      res.status,
      data?.code ?? 'XZ_ERR_HTTP',
      data?.message ?? `HTTP ${res.status}`,
      data?.messageZh,
      data?.field,
      data?.reason,
      data?.errors,
    );
  }
  return data as T;
}

const enc = encodeURIComponent;

export const signIn = (username: string, password: string) =>
  request<{ operator: Operator }>('POST', '/api/auth/sign-in', { username, password });
export const signOut = () => request<{ ok: boolean }>('POST', '/api/auth/sign-out');
export const fetchMe = (signal?: AbortSignal) => request<Me>('GET', '/api/auth/me', undefined, signal);

export const listPolicies = (signal?: AbortSignal) =>
  request<{ policies: PolicySummary[] }>('GET', '/api/policies', undefined, signal).then((r) => r.policies);
export const getPolicy = (id: string, signal?: AbortSignal) =>
  request<PolicyDetail>('GET', `/api/policies/${enc(id)}`, undefined, signal);
export const createPolicy = (content: PolicyContent, targets: PolicyTargets) =>
  request<PolicyDetail>('POST', '/api/policies', { content, targets });
export const savePolicy = (id: string, content: PolicyContent, targets: PolicyTargets, rev: string) =>
  request<PolicyDetail>('PUT', `/api/policies/${enc(id)}`, { content, targets, rev });

/** Workflow commands by their route name. */
export type PolicyAction =
  | 'submit'
  | 'approve'
  | 'reject'
  | 'schedule'
  | 'unschedule'
  | 'publish'
  | 'withdraw'
  | 'rollback';

export const runPolicyAction = (id: string, action: PolicyAction, body?: { note?: string; at?: string }) =>
  request<PolicyDetail>('POST', `/api/policies/${enc(id)}/${action}`, body ?? {});

export const diffPolicy = (
  id: string,
  from: number | 'working',
  to: number | 'working',
  signal?: AbortSignal,
) => request<Diff>('GET', `/api/policies/${enc(id)}/diff?from=${from}&to=${to}`, undefined, signal);

export const listStations = (signal?: AbortSignal) =>
  request<{ stations: StationLive[] }>('GET', '/api/stations/live', undefined, signal).then(
    (r) => r.stations,
  );
export const createEnrolmentCode = (stationId: string) =>
  request<{ code: string; stationId: string; expiresAt: number }>(
    'POST',
    `/api/stations/${enc(stationId)}/enrolment-codes`,
  );
export const revokeKiosk = (stationId: string) =>
  request<{ ok: boolean }>('POST', `/api/stations/${enc(stationId)}/revoke`);
export const fetchStationConfig = (stationId: string) =>
  request<{ config: Record<string, unknown> }>('GET', `/api/stations/${enc(stationId)}/config`).then(
    (r) => r.config,
  );
export const saveStationConfig = (stationId: string, config: Record<string, unknown>) =>
  request<{ ok: boolean; updatedAt: number }>('PUT', `/api/stations/${enc(stationId)}/config`, { config });
export const sendStationCommand = (stationId: string, command: 'test-print') =>
  request<{ ok: boolean }>('POST', `/api/stations/${enc(stationId)}/commands`, { command });

export const listAudit = (query: { targetId?: string; limit?: number }, signal?: AbortSignal) => {
  const params = new URLSearchParams();
  if (query.targetId) params.set('targetId', query.targetId);
  params.set('limit', String(query.limit ?? 200));
  return request<{ entries: AuditEntry[] }>('GET', `/api/audit?${params}`, undefined, signal).then(
    (r) => r.entries,
  );
};

export const listUsers = (signal?: AbortSignal) =>
  request<{ users: User[] }>('GET', '/api/users', undefined, signal).then((r) => r.users);
export const createUser = (input: {
  username: string;
  password: string;
  roles: string[];
  displayName?: string;
  stationId?: string;
  department?: string;
}) => request<User>('POST', '/api/users', input);
/** Moves a station staff member to another station (their sessions end). */
export const setUserStation = (username: string, stationId: string) =>
  request<User>('PUT', `/api/users/${enc(username)}/station`, { stationId });
/** Sets a station staff member's counter PIN (an admin, or the member themself). */
export const setUserPin = (username: string, pin: string) =>
  request<User>('PUT', `/api/users/${enc(username)}/pin`, { pin });

/** What the cases desk lists (every field optional; `closed` includes closed cases). */
export interface CaseFilter {
  kind?: 'request' | 'rating';
  light?: CaseLight;
  department?: string;
  stationId?: string;
  closed?: boolean;
}

export const listCases = (filter: CaseFilter, signal?: AbortSignal) => {
  const params = new URLSearchParams();
  if (filter.kind) params.set('kind', filter.kind);
  if (filter.light) params.set('light', filter.light);
  if (filter.department) params.set('department', filter.department);
  if (filter.stationId) params.set('stationId', filter.stationId);
  if (filter.closed) params.set('closed', 'true');
  const query = params.toString();
  return request<{ cases: CaseView[] }>(
    'GET',
    `/api/cases${query ? `?${query}` : ''}`,
    undefined,
    signal,
  ).then((r) => r.cases);
};
export const fetchCaseCounts = (signal?: AbortSignal) =>
  request<Record<CaseLight, number>>('GET', '/api/cases/counts', undefined, signal);
export const getCase = (caseId: string, signal?: AbortSignal) =>
  request<CaseDetail>('GET', `/api/cases/${enc(caseId)}`, undefined, signal);
/** Runs an action on a case (403 wrong role, 409 wrong state, 400 bad input). */
export const runCaseAction = (caseId: string, action: CaseAction, body: Record<string, unknown>) =>
  request<CaseDetail>('POST', `/api/cases/${enc(caseId)}/${action}`, body);
export const fetchCaseSettings = (signal?: AbortSignal) =>
  request<CaseSettings>('GET', '/api/cases/settings', undefined, signal);
export const saveCaseSettings = (settings: CaseSettings) =>
  request<CaseSettings>('PUT', '/api/cases/settings', settings);

/** Every calendar year known (bundled or saved on the hub) and the years still missing. */
export const fetchCalendar = (signal?: AbortSignal) =>
  request<CalendarOverview>('GET', '/api/calendar', undefined, signal);
/** Saves one year (admin, district operator); a 400 names the field (`holidays.0.to`). */
export const saveCalendarYear = (data: CalendarData) =>
  request<CalendarYear>('PUT', `/api/calendar/${enc(String(data.year))}`, data);

export type GreenLists = Static<typeof GreenListsReply>;
export type GreenListSummary = Static<typeof GreenListSummaryReply>;
export type GreenListUpload = Static<typeof GreenListUploadBody>;
/** The groups a green-channel list can be published for, and each list's version. */
export const fetchGreenLists = (signal?: AbortSignal) =>
  request<GreenLists>('GET', '/api/green-lists', undefined, signal);
/** Publishes a new version of a group's list; a 400 with `problems` names the bad lines. */
export const uploadGreenList = (groupId: string, upload: GreenListUpload) =>
  request<GreenListSummary>('PUT', `/api/green-lists/${enc(groupId)}`, upload);

/** The policy dictionary: tags with zh/en labels, group and synonyms. */
export interface PolicyTagEntry {
  id: string;
  group: 'industry' | 'size' | 'stage' | 'topic';
  label: { zh: string; en: string };
  synonyms: string[];
}
export interface PolicyDictionary {
  tags: PolicyTagEntry[];
  rev?: string;
  updatedAt?: number;
  updatedBy?: string;
}
export const fetchPolicyTags = (signal?: AbortSignal) =>
  request<PolicyDictionary>('GET', '/api/policy-tags', undefined, signal);
export const savePolicyTags = (tags: PolicyTagEntry[], rev?: string) =>
  request<PolicyDictionary>('PUT', '/api/policy-tags', { tags, ...(rev ? { rev } : {}) });
