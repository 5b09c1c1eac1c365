/**
 * Report tables (pure): every breakdown a report page charts and exports, as columns (key, Chinese
 * and English header, kind) and rows built from day aggregates. A table is fed the day aggregates
 * of a period one by one (`add`) and gives its rows at the end, so the same code makes the JSON
 * table, the CSV export and, through `summaryOf`, the summary: the numbers are the same numbers.
 *
 * `station-days` is the one table whose rows are the aggregates themselves (one row per station
 * and day, `rowOfDay`): it streams without holding anything; the others hold one set of totals per
 * row key (a station, a service, a counter …), never the days.
 */
import {
  A,
  type ActivityCell,
  activityServiceMean,
  activityWaitMean,
  addActivityInto,
  addDay,
  allTickets,
  asDayFigures,
  type DayAggregate,
  type DayFigures,
  emptyActivity,
  emptyRequests,
  emptySlice,
  emptyTotals,
  meanOfSum,
  mergeTicketFigures,
  type RequestFigures,
  ratio,
  type Summary,
  summaryOf,
  type Totals,
} from './aggregate.ts';
import { INDICATORS, type Indicator } from './facts.ts';
import { maxOf, meanOf, percentileOf } from './histogram.ts';

export type ColumnKind = 'text' | 'day' | 'hour' | 'count' | 'seconds' | 'minutes' | 'rate' | 'score';

export interface Column {
  key: string;
  zh: string;
  en: string;
  kind: ColumnKind;
}

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export const TABLE_NAMES = [
  'station-days',
  'by-station',
  'by-service',
  'by-day',
  'by-hour',
  'by-counter',
  'green-by-group',
  'ratings-by-level',
  'ratings-by-indicator',
  'requests-by-category',
  'requests-by-department',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

export const isTableName = (v: unknown): v is TableName =>
  typeof v === 'string' && (TABLE_NAMES as readonly string[]).includes(v);

const col = (key: string, zh: string, en: string, kind: ColumnKind): Column => ({ key, zh, en, kind });

const TICKET_COLUMNS: Column[] = [
  col('issued', '取号数', 'Issued', 'count'),
  col('served', '办结数', 'Served', 'count'),
  col('noShow', '过号数', 'No-shows', 'count'),
  col('cancelled', '取消数', 'Cancelled', 'count'),
  col('noShowRate', '过号率', 'No-show rate', 'rate'),
  col('waitMean', '平均等候(秒)', 'Mean wait (s)', 'seconds'),
  col('waitP90', '等候P90(秒)', 'Wait p90 (s)', 'seconds'),
  col('waitMax', '最长等候(秒)', 'Max wait (s)', 'seconds'),
  col('serviceMean', '平均办理(秒)', 'Mean service (s)', 'seconds'),
  col('serviceP90', '办理P90(秒)', 'Service p90 (s)', 'seconds'),
  col('greenIssued', '绿色通道取号', 'Green channel issued', 'count'),
  col('greenShare', '绿色通道占比', 'Green channel share', 'rate'),
  col('greenWaitMean', '绿色通道平均等候(秒)', 'Green mean wait (s)', 'seconds'),
  col('normalWaitMean', '普通平均等候(秒)', 'Normal mean wait (s)', 'seconds'),
  col('ratings', '评价数', 'Ratings', 'count'),
  col('goodRate', '好评率', 'Good rate', 'rate'),
];

const REQUEST_COLUMNS: Column[] = [
  col('requests', '诉求数', 'Requests', 'count'),
  col('contactedOnTime', '按时联系', 'Contacted on time', 'count'),
  col('feedbackOnTime', '按时反馈', 'Feedback on time', 'count'),
  col('requestsClosed', '诉求办结', 'Requests closed', 'count'),
];

function ticketCells(s: Summary): Row {
  return {
    issued: s.tickets.issued,
    served: s.tickets.served,
    noShow: s.tickets.noShow,
    cancelled: s.tickets.cancelled,
    noShowRate: s.tickets.noShowRate,
    waitMean: s.waitSeconds.mean,
    waitP90: s.waitSeconds.p90,
    waitMax: s.waitSeconds.max,
    serviceMean: s.serviceSeconds.mean,
    serviceP90: s.serviceSeconds.p90,
    greenIssued: s.green.issued,
    greenShare: s.green.share,
    greenWaitMean: s.green.waitSecondsMean,
    normalWaitMean: s.green.normalWaitSecondsMean,
    ratings: s.ratings.count,
    goodRate: s.ratings.goodRate,
  };
}

function requestCells(s: Summary): Row {
  return {
    requests: s.requests.received,
    contactedOnTime: s.requests.contactedOnTime,
    feedbackOnTime: s.requests.feedbackOnTime,
    requestsClosed: s.requests.closed,
  };
}

const STATION = col('stationId', '站点', 'Station', 'text');
const DAY = col('day', '日期', 'Date', 'day');

const ACTIVITY_COLUMNS: Column[] = [
  col('tickets', '取号数', 'Tickets', 'count'),
  col('served', '办结数', 'Served', 'count'),
  col('noShow', '过号数', 'No-shows', 'count'),
  col('waitMean', '平均等候(秒)', 'Mean wait (s)', 'seconds'),
  col('waitMax', '最长等候(秒)', 'Max wait (s)', 'seconds'),
  col('serviceMean', '平均办理(秒)', 'Mean service (s)', 'seconds'),
];

const activityCells = (c: ActivityCell): Row => ({
  tickets: c[A.tickets],
  served: c[A.served],
  noShow: c[A.noShow],
  waitMean: activityWaitMean(c),
  waitMax: c[A.waitN] === 0 ? null : c[A.waitMax],
  serviceMean: activityServiceMean(c),
});

const REQUEST_GROUP_COLUMNS: Column[] = [
  col('received', '诉求数', 'Received', 'count'),
  col('contactedOnTime', '按时联系', 'Contacted on time', 'count'),
  col('contactedLate', '超时联系', 'Contact late', 'count'),
  col('feedbackOnTime', '按时反馈', 'Feedback on time', 'count'),
  col('feedbackLate', '超时反馈', 'Feedback late', 'count'),
  col('closed', '办结', 'Closed', 'count'),
  col('reopened', '重新办理', 'Reopened', 'count'),
  col('closeMinutesMedian', '办结用时中位数(分钟)', 'Median time to close (min)', 'minutes'),
];

function requestGroupCells(r: RequestFigures, asOf: number): Row {
  const s = summaryOf({ ...emptyTotals(), requests: r }, asOf).requests;
  return {
    received: s.received,
    contactedOnTime: s.contactedOnTime,
    contactedLate: s.contactedLate,
    feedbackOnTime: s.feedbackOnTime,
    feedbackLate: s.feedbackLate,
    closed: s.closed,
    reopened: s.reopened,
    closeMinutesMedian: s.closeMinutesMedian,
  };
}

export const TABLE_COLUMNS: Readonly<Record<TableName, readonly Column[]>> = {
  'station-days': [DAY, STATION, ...TICKET_COLUMNS, ...REQUEST_COLUMNS],
  'by-station': [STATION, ...TICKET_COLUMNS, ...REQUEST_COLUMNS],
  'by-service': [col('serviceId', '服务事项', 'Service', 'text'), ...TICKET_COLUMNS],
  'by-day': [DAY, ...TICKET_COLUMNS, ...REQUEST_COLUMNS],
  'by-hour': [col('hour', '时段', 'Hour', 'hour'), ...ACTIVITY_COLUMNS],
  'by-counter': [STATION, col('counterId', '窗口', 'Counter', 'text'), ...ACTIVITY_COLUMNS],
  'green-by-group': [
    col('group', '人群', 'Group', 'text'),
    col('issued', '取号数', 'Issued', 'count'),
    col('share', '占比', 'Share of all tickets', 'rate'),
    col('served', '办结数', 'Served', 'count'),
    col('waitMean', '平均等候(秒)', 'Mean wait (s)', 'seconds'),
    col('waitP90', '等候P90(秒)', 'Wait p90 (s)', 'seconds'),
    col('waitMax', '最长等候(秒)', 'Max wait (s)', 'seconds'),
  ],
  'ratings-by-level': [
    col('level', '评价等级', 'Level', 'count'),
    col('count', '评价数', 'Ratings', 'count'),
    col('share', '占比', 'Share', 'rate'),
  ],
  'ratings-by-indicator': [
    col('indicator', '指标', 'Indicator', 'text'),
    col('count', '评价数', 'Ratings', 'count'),
    col('mean', '平均分', 'Mean score', 'score'),
    col('goodRate', '好评率', 'Good rate', 'rate'),
  ],
  'requests-by-category': [col('category', '诉求类别', 'Category', 'text'), ...REQUEST_GROUP_COLUMNS],
  'requests-by-department': [col('department', '承办部门', 'Department', 'text'), ...REQUEST_GROUP_COLUMNS],
};

/** The row of one station day (`station-days`). */
export function rowOfDay(day: DayAggregate | DayFigures, asOf: number, serviceId?: string): Row {
  const s = summaryOf(addDay(emptyTotals(), day, serviceId), asOf);
  return { day: day.day, stationId: day.stationId, ...ticketCells(s), ...requestCells(s) };
}

/** A table being fed day aggregates. */
export interface TableBuilder {
  readonly name: TableName;
  readonly columns: readonly Column[];
  add(day: DayAggregate | DayFigures): void;
  /** The rows, in the table's order. */
  rows(): Row[];
}

export interface TableOptions {
  serviceId?: string;
  asOf: number;
}

const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** Totals per key, e.g. per station or per day. */
function totalsBy(
  name: TableName,
  keyOf: (day: DayFigures) => string,
  cells: (key: string, s: Summary) => Row,
  options: TableOptions,
): TableBuilder {
  const totals = new Map<string, Totals>();
  return {
    name,
    columns: TABLE_COLUMNS[name],
    add(day) {
      const key = keyOf(asDayFigures(day));
      let t = totals.get(key);
      if (t === undefined) {
        t = emptyTotals();
        totals.set(key, t);
      }
      addDay(t, day, options.serviceId);
    },
    rows: () => byKey(totals).map(([key, t]) => cells(key, summaryOf(t, options.asOf))),
  };
}

/** A table over the totals of the whole period. */
function fromTotals(name: TableName, rows: (t: Totals) => Row[], options: TableOptions): TableBuilder {
  const totals = emptyTotals();
  return {
    name,
    columns: TABLE_COLUMNS[name],
    add(day) {
      addDay(totals, day, options.serviceId);
    },
    rows: () => rows(totals),
  };
}

const INDICATOR_LABELS: Record<Indicator, string> = {
  overall: 'overall',
  efficiency: 'efficiency',
  quality: 'quality',
  attitude: 'attitude',
};

/** A builder for a table; `station-days` rows come from `rowOfDay` as well. */
export function tableBuilder(name: TableName, options: TableOptions): TableBuilder {
  const { asOf } = options;
  switch (name) {
    case 'station-days': {
      const rows: Row[] = [];
      return {
        name,
        columns: TABLE_COLUMNS[name],
        add: (day) => void rows.push(rowOfDay(day, asOf, options.serviceId)),
        rows: () => rows,
      };
    }
    case 'by-station':
      return totalsBy(
        name,
        (d) => d.stationId,
        (stationId, s) => ({ stationId, ...ticketCells(s), ...requestCells(s) }),
        options,
      );
    case 'by-day':
      return totalsBy(
        name,
        (d) => d.day,
        (day, s) => ({ day, ...ticketCells(s), ...requestCells(s) }),
        options,
      );
    case 'by-service': {
      const slices = new Map<string, Totals>();
      return {
        name,
        columns: TABLE_COLUMNS[name],
        add(day) {
          asDayFigures(day).forEachService((serviceId, addInto) => {
            if (options.serviceId !== undefined && serviceId !== options.serviceId) return;
            let t = slices.get(serviceId);
            if (t === undefined) {
              t = emptyTotals();
              slices.set(serviceId, t);
            }
            addInto(t.slice);
          });
        },
        rows: () =>
          byKey(slices).map(([serviceId, t]) => ({ serviceId, ...ticketCells(summaryOf(t, asOf)) })),
      };
    }
    case 'by-hour':
      return fromTotals(
        name,
        (t) =>
          Array.from({ length: 24 }, (_, hour) => ({
            hour,
            ...activityCells(t.slice.hours[String(hour)] ?? emptyActivity()),
          })),
        options,
      );
    case 'by-counter': {
      const cells = new Map<string, ActivityCell>();
      return {
        name,
        columns: TABLE_COLUMNS[name],
        add(day) {
          const figures = asDayFigures(day);
          const slice = figures.addSlicesInto(emptySlice(), options.serviceId);
          for (const [counterId, c] of Object.entries(slice.counters)) {
            const key = `${figures.stationId}\u0000${counterId}`;
            let cell = cells.get(key);
            if (cell === undefined) {
              cell = emptyActivity();
              cells.set(key, cell);
            }
            addActivityInto(cell, c);
          }
        },
        rows: () =>
          byKey(cells).map(([key, c]) => {
            const [stationId, counterId] = key.split('\u0000');
            return { stationId, counterId, ...activityCells(c) };
          }),
      };
    }
    case 'green-by-group':
      return fromTotals(
        name,
        (t) => {
          const all = allTickets(t.slice);
          const row = (group: string, f: typeof all): Row => ({
            group,
            issued: f.issued,
            share: ratio(f.issued, all.issued),
            served: f.served,
            waitMean: meanOf(f.wait),
            waitP90: percentileOf(f.wait, 0.9),
            waitMax: maxOf(f.wait),
          });
          return [
            ...Object.keys(t.slice.groups)
              .sort()
              .map((g) => row(g, t.slice.groups[g])),
            row('green', t.slice.green),
            row('normal', t.slice.normal),
            row('all', mergeTicketFigures(t.slice.green, t.slice.normal)),
          ];
        },
        options,
      );
    case 'ratings-by-level':
      return fromTotals(
        name,
        (t) =>
          [5, 4, 3, 2, 1].map((level) => {
            const count = t.slice.ratings.byLevel[String(level)] ?? 0;
            return { level, count, share: ratio(count, t.slice.ratings.count) };
          }),
        options,
      );
    case 'ratings-by-indicator':
      return fromTotals(
        name,
        (t) =>
          INDICATORS.map((k) => {
            const c = t.slice.ratings.indicators[k];
            return {
              indicator: INDICATOR_LABELS[k],
              count: c.n,
              mean: c.n === 0 ? null : Math.round((c.sum / c.n) * 100) / 100,
              goodRate: ratio(c.good, c.n),
            };
          }),
        options,
      );
    case 'requests-by-category':
    case 'requests-by-department': {
      const part = name === 'requests-by-category' ? 0 : 1;
      const groups = new Map<string, RequestFigures>();
      return {
        name,
        columns: TABLE_COLUMNS[name],
        add(day) {
          asDayFigures(day).forEachRequests((key, addInto) => {
            const group = key.split('|')[part] || 'unrouted';
            let g = groups.get(group);
            if (g === undefined) {
              g = emptyRequests();
              groups.set(group, g);
            }
            addInto(g);
          });
        },
        rows: () =>
          byKey(groups).map(([group, r]) => ({
            [part === 0 ? 'category' : 'department']: group,
            ...requestGroupCells(r, asOf),
          })),
      };
    }
    default: {
      const never: never = name;
      throw new Error(`unknown table ${String(never)}`);
    }
  }
}

/** One CSV header cell: Chinese and English, e.g. `日期 Date`. */
export const headerOf = (c: Column): string => `${c.zh} ${c.en}`;

/** A CSV field (RFC 4180): quoted when it holds a comma, quote or line break; null is empty. */
export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

export { meanOfSum };
