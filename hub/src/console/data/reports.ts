/**
 * The reports section's requests and the pure helpers its screens use: the filters as a URL query
 * (so a view can be shared), cells shown by their column's kind, codes shown as words, and the CSV
 * export streamed with its rows counted as they arrive (against `X-Total-Rows` when the hub sends
 * it). Reply shapes are the hub's own route schemas (types only).
 */
import type { Static } from '@sinclair/typebox';
import catalogue from '@xz/shared/data/services.json' with { type: 'json' };
import { en } from '@xz/shared/i18n/en';
import { zhCN } from '@xz/shared/i18n/zh-cn';
import type {
  BoardReply,
  BoardSettingsReply,
  PoliciesReply,
  SummaryReply,
  TableReply,
} from '../../routes/reports/schemas.ts';
import {
  ApiError,
  fetchCaseSettings,
  fetchStationConfig,
  listStations,
  request,
  SESSION_LOST_EVENT,
} from './api.ts';
import { CATEGORY_WORDS, type Words } from './case-words.ts';
import { catalogueServiceName } from './service-names.ts';

export type ReportSummary = Static<typeof SummaryReply>;
export type ReportTable = Static<typeof TableReply>;
export type ReportColumn = ReportTable['columns'][number];
export type ReportCell = ReportTable['rows'][number][string];
export type ReportRow = ReportTable['rows'][number];
export type Board = Static<typeof BoardReply>;
export type BoardRow = Board['rows'][number];
export type BoardMark = BoardRow['mark'];
export type BoardSettings = Static<typeof BoardSettingsReply>;
export type ReportPolicies = Static<typeof PoliciesReply>;

/** The tables the hub answers (`board` included). */
export type ReportTableName =
  | 'station-days'
  | 'by-station'
  | 'by-service'
  | 'by-day'
  | 'by-hour'
  | 'by-counter'
  | 'green-by-group'
  | 'ratings-by-level'
  | 'ratings-by-indicator'
  | 'requests-by-category'
  | 'requests-by-department'
  | 'board';

/** What a report covers: station days from–to (inclusive), optionally one station and service. */
export interface ReportFilter {
  from: string;
  to: string;
  stationId?: string;
  serviceId?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Today in station time (Asia/Shanghai), YYYY-MM-DD. */
export const stationToday = (now = Date.now()): string =>
  new Date(now).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

/** The day `n` days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The filters of a `#/reports?…` query; without a valid period, the last seven days and today. */
export function parseReportQuery(query: string, today: string): ReportFilter {
  const p = new URLSearchParams(query);
  let from = p.get('from') ?? '';
  let to = p.get('to') ?? '';
  if (!DAY.test(to)) to = today;
  if (!DAY.test(from) || from > to) from = addDays(to, -7);
  const stationId = p.get('stationId') ?? '';
  const serviceId = p.get('serviceId') ?? '';
  return {
    from,
    to,
    ...(ID.test(stationId) ? { stationId } : {}),
    ...(ID.test(serviceId) ? { serviceId } : {}),
  };
}

/** The query string of a filter (no leading `?`), in a fixed order. */
export function reportQuery(f: ReportFilter): string {
  const p = new URLSearchParams({ from: f.from, to: f.to });
  if (f.stationId) p.set('stationId', f.stationId);
  if (f.serviceId) p.set('serviceId', f.serviceId);
  return p.toString();
}

export const fetchReportSummary = (f: ReportFilter, signal?: AbortSignal) =>
  request<ReportSummary>('GET', `/api/reports/summary?${reportQuery(f)}`, undefined, signal);
export const fetchReportTable = (table: ReportTableName, f: ReportFilter, signal?: AbortSignal) =>
  request<ReportTable>(
    'GET',
    `/api/reports/tables/${encodeURIComponent(table)}?${reportQuery(f)}`,
    undefined,
    signal,
  );
export const fetchBoard = (period: { from: string; to: string }, signal?: AbortSignal) =>
  request<Board>('GET', `/api/reports/board?${reportQuery(period)}`, undefined, signal);
export const fetchBoardSettings = (signal?: AbortSignal) =>
  request<BoardSettings>('GET', '/api/reports/board/settings', undefined, signal);
/** Saves the thresholds (admin, district operator); a 400 names the field (`goodRate.redBelow`). */
export const saveBoardSettings = (settings: Omit<BoardSettings, 'updatedAt' | 'updatedBy'>) =>
  request<BoardSettings>('PUT', '/api/reports/board/settings', settings);
export const fetchReportPolicies = (signal?: AbortSignal) =>
  request<ReportPolicies>('GET', '/api/reports/policies', undefined, signal);

/** Counts CSV records in byte chunks: line feeds outside quoted fields (a quote toggles, `""` twice). */
export function createCsvCounter() {
  let quoted = false;
  let lines = 0;
  return {
    add(chunk: Uint8Array) {
      for (const byte of chunk) {
        if (byte === 0x22) quoted = !quoted;
        else if (byte === 0x0a && !quoted) lines++;
      }
    },
    /** Records after the header row. */
    get rows() {
      return Math.max(0, lines - 1);
    },
  };
}

export interface CsvProgress {
  rows: number;
  /** From `X-Total-Rows`, when the hub knows it before the first row. */
  total?: number;
}

/**
 * Streams one table as CSV, reporting rows received as they arrive; resolves with the file (the
 * hub's bytes as sent: BOM, header row in Chinese and English) and its name.
 */
export async function downloadReportCsv(
  table: ReportTableName,
  f: ReportFilter,
  onProgress: (p: CsvProgress) => void,
  signal?: AbortSignal,
): Promise<{ blob: Blob; name: string; rows: number }> {
  const query = `table=${encodeURIComponent(table)}&${reportQuery(f)}`;
  const res = await fetch(`/api/reports/export.csv?${query}`, { credentials: 'same-origin', signal });
  if (!res.ok || !res.body) {
    if (res.status === 401) window.dispatchEvent(new Event(SESSION_LOST_EVENT));
    const data = await res.json().catch(() => undefined);
    throw new ApiError(
      res.status,
      data?.code ?? 'XZ_ERR_HTTP',
      data?.message ?? `HTTP ${res.status}`,
      data?.messageZh,
      data?.field,
      data?.reason,
    );
  }
  const totalHeader = Number(res.headers.get('x-total-rows'));
  const total = res.headers.has('x-total-rows') && Number.isFinite(totalHeader) ? totalHeader : undefined;
  const name =
    /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `xiaozhan-${table}.csv`;
  const counter = createCsvCounter();
  const parts: Uint8Array[] = [];
  const reader = res.body.getReader();
  onProgress({ rows: 0, ...(total !== undefined ? { total } : {}) });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    counter.add(value);
    onProgress({ rows: counter.rows, ...(total !== undefined ? { total } : {}) });
  }
  return {
    blob: new Blob(parts as BlobPart[], { type: 'text/csv;charset=utf-8' }),
    name,
    rows: counter.rows,
  };
}

/** Hands a file to the browser's downloads. */
export function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/** A cell as shown: rates in percent of the same number (0.9234 → 92.34%), none as a dash. */
export function formatCell(kind: ReportColumn['kind'], value: ReportCell): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'rate':
      return `${Math.round(value * 10_000) / 100}%`;
    case 'hour':
      return `${String(value).padStart(2, '0')}:00`;
    default:
      return String(value);
  }
}

/**
 * Names the console knows for stations, services and counters (from station configurations, the
 * service catalogue for services no configuration names) and departments (case settings).
 */
export interface ReportNames {
  stations: Record<string, Words>;
  services: Record<string, Words>;
  /** Counter id → the name the first station configuration read gives it. */
  counters: Record<string, Words>;
  /** `${stationId}/${counterId}` → the counter's name at that station. */
  stationCounters: Record<string, Words>;
  departments: Record<string, Words>;
}

export const emptyNames = (): ReportNames => ({
  stations: {},
  services: {},
  counters: {},
  stationCounters: {},
  departments: {},
});

/** How many station configurations are read for names (beyond, stations show their id). */
const NAMED_STATIONS = 50;

/**
 * The stations the operator may see, with the names of stations, services and counters from
 * their configurations and of departments from the case settings; what cannot be read is left out.
 */
export async function fetchReportNames(
  signal?: AbortSignal,
): Promise<{ stationIds: string[]; names: ReportNames }> {
  const names = emptyNames();
  const stations = await listStations(signal).catch(() => []);
  const stationIds = stations.map((s) => s.stationId).sort();
  await Promise.all(
    stationIds.slice(0, NAMED_STATIONS).map(async (id) => {
      const config = (await fetchStationConfig(id).catch(() => ({}))) as {
        name?: Words;
        services?: Array<{ id: string; name?: Words }>;
        counters?: Array<{ id: string; name?: Words }>;
      };
      if (config.name) names.stations[id] = config.name;
      for (const s of config.services ?? []) if (s.name) names.services[s.id] ??= s.name;
      for (const c of config.counters ?? []) {
        if (!c.name) continue;
        names.counters[c.id] ??= c.name;
        names.stationCounters[`${id}/${c.id}`] = c.name;
      }
    }),
  );
  // Every service of the catalogue is named (and offered in the filter), configured or not.
  for (const s of catalogue.services) names.services[s.id] ??= { zh: s.zh, en: s.en };
  const settings = await fetchCaseSettings(signal).catch(() => undefined);
  for (const d of settings?.departments ?? []) names.departments[d.id] = { zh: d.zh, en: d.en };
  return { stationIds, names };
}

const LEVEL_WORDS: Record<string, Words> = {
  '5': { zh: '5 非常满意', en: '5 Very satisfied' },
  '4': { zh: '4 满意', en: '4 Satisfied' },
  '3': { zh: '3 基本满意', en: '3 Fair' },
  '2': { zh: '2 不满意', en: '2 Dissatisfied' },
  '1': { zh: '1 非常不满意', en: '1 Very dissatisfied' },
};

const INDICATOR_WORDS: Record<string, Words> = {
  overall: { zh: '总体评价', en: 'Overall' },
  efficiency: { zh: '办事效率', en: 'Efficiency' },
  quality: { zh: '服务质量', en: 'Quality' },
  attitude: { zh: '服务态度', en: 'Attitude' },
};

const GROUP_TOTAL_WORDS: Record<string, Words> = {
  green: { zh: '绿色通道合计', en: 'All green channel' },
  normal: { zh: '普通取号', en: 'Normal tickets' },
  all: { zh: '全部取号', en: 'All tickets' },
};

function groupWords(group: string): Words {
  const total = GROUP_TOTAL_WORDS[group];
  if (total) return total;
  const key = `green.group.${group}` as keyof typeof zhCN;
  if (key in zhCN) return { zh: zhCN[key], en: en[key] };
  return { zh: '其他人群', en: 'Other group' };
}

/**
 * The words for a row's label cell (`stationId`, `serviceId`, `group` …), never a bare code where a
 * name is known. `row`: the whole row, for a counter named by its own station.
 */
export function labelOf(key: string, value: ReportCell, names: ReportNames, row?: ReportRow): Words {
  const v = value === null ? '' : String(value);
  switch (key) {
    case 'stationId': {
      const n = names.stations[v];
      return n ? { zh: `${n.zh}（${v}）`, en: `${n.en} (${v})` } : { zh: v, en: '' };
    }
    case 'serviceId':
      return names.services[v] ?? catalogueServiceName(v) ?? { zh: '其他事项', en: 'Other service' };
    case 'counterId':
      return (
        (row?.stationId ? names.stationCounters[`${row.stationId}/${v}`] : undefined) ??
        names.counters[v] ?? { zh: `${v} 号窗口`, en: `Counter ${v}` }
      );
    case 'group':
      return groupWords(v);
    case 'category':
      return v === 'unrouted'
        ? { zh: '未分类', en: 'Not categorised' }
        : (CATEGORY_WORDS[v] ?? { zh: '其他类别', en: 'Other category' });
    case 'department':
      return v === 'unrouted'
        ? { zh: '未分派', en: 'Not routed' }
        : (names.departments[v] ?? { zh: '其他部门', en: 'Other department' });
    case 'indicator':
      return INDICATOR_WORDS[v] ?? { zh: v, en: '' };
    case 'level':
      return LEVEL_WORDS[v] ?? { zh: v, en: '' };
    case 'hour':
      return { zh: `${v.padStart(2, '0')}:00`, en: '' };
    default:
      return { zh: v, en: '' };
  }
}

export const MARK_WORDS: Readonly<Record<BoardMark, Words>> = {
  blue: { zh: '蓝 · 良好', en: 'Blue: good' },
  yellow: { zh: '黄 · 一般', en: 'Yellow: fair' },
  red: { zh: '红 · 需改进', en: 'Red: needs work' },
  none: { zh: '无数据', en: 'No data' },
};

export const DEADLINE_WORDS: Readonly<Record<string, Words>> = {
  'on-time': { zh: '按时发布', en: 'Published on time' },
  overdue: { zh: '超期', en: 'Overdue' },
  'due-soon': { zh: '待发布', en: 'Due' },
  'not-tracked': { zh: '不计期限', en: 'No deadline' },
};
