/**
 * Reports for operators (admin, district operator; station staff their own station only):
 *   GET /api/reports/summary?from&to[&stationId][&serviceId]      the figures of a period
 *   GET /api/reports/tables/:table?from&to[&stationId][&serviceId] one breakdown: columns and rows
 *   GET /api/reports/export.csv?table&from&to[&stationId][&serviceId] the same table as CSV, streamed
 *   GET /api/reports/board?from&to                                 the red / yellow / blue board
 *   GET|PUT /api/reports/board/settings                             its thresholds (PUT: district)
 *   GET /api/reports/policies                                       publication deadlines, stations out of date
 *
 * Every figure comes from the per-station-per-day aggregates through the same shared functions,
 * so a summary, a table and its CSV show the same numbers. Checked inputs: days are real dates,
 * from ≤ to, at most 366 days; an unknown table is a 400 naming `table`.
 *
 * CSV: UTF-8 with a byte order mark (Excel on Chinese Windows), CRLF lines, a header row in
 * Chinese and English (`日期 Date`). Rows are written as the aggregates are read, a page at a
 * time, never the whole result in memory. Progress: `X-Total-Rows` is sent before the first row,
 * exact for `station-days` (the number of station days with figures, counted from their ids) and
 * for the tables of fixed length (`by-hour` 24, `ratings-by-level` 5, `ratings-by-indicator` 4);
 * the other tables (one row per station, service, counter …) are small and have no such header.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { targetsStation } from '@xz/shared/docs/policy-targets';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import { heartbeatId, stationDbName } from '@xz/shared/ids';
import { addDay, emptyTotals, summaryOf, type Totals } from '@xz/shared/reports/aggregate';
import {
  type Cell,
  type Column,
  csvLine,
  headerOf,
  isTableName,
  type Row,
  rowOfDay,
  TABLE_COLUMNS,
  type TableName,
  tableBuilder,
} from '@xz/shared/reports/tables';
import { isStationDay } from '@xz/shared/time';
import type { FastifyRequest } from 'fastify';
import { isoShanghai } from '../../cases/service.ts';
import { statusOf } from '../../couch/client.ts';
import { ErrorReply } from '../../errors.ts';
import { BOARD_COLUMNS, type BoardRow, boardOf } from '../../reports/board.ts';
import { type DayQuery, daysBetween, reportError, type StoredDay } from '../../reports/service.ts';
import { type Operator, stationScope } from '../../users/roles.ts';
import {
  BoardReply,
  BoardSettingsReply,
  PeriodQuery,
  PoliciesReply,
  ReportQuery,
  SummaryReply,
  TableName as TableNameSchema,
  TableReply,
} from './schemas.ts';

/** The longest period a report covers. */
export const MAX_REPORT_DAYS = 366;
/** The longest period of the `station-days` table as JSON without a station (CSV has no limit). */
export const MAX_JSON_STATION_DAYS = 31;

interface Filters {
  from: string;
  to: string;
  stationId?: string;
  serviceId?: string;
}

/** Checks the period and applies the operator's scope (station staff: their own station). */
export function scopeOf(operator: Operator, query: Filters): Filters {
  if (!isStationDay(query.from)) throw reportError('from', `from: ${query.from} is not a date YYYY-MM-DD`);
  if (!isStationDay(query.to)) throw reportError('to', `to: ${query.to} is not a date YYYY-MM-DD`);
  if (query.from > query.to) throw reportError('to', `to (${query.to}) is before from (${query.from})`);
  if (daysBetween(query.from, query.to) > MAX_REPORT_DAYS)
    throw reportError('to', `A report covers at most ${MAX_REPORT_DAYS} days.`);
  const scope = stationScope(operator);
  if (scope === 'all') return query;
  if (scope.only === null || (query.stationId !== undefined && query.stationId !== scope.only)) {
    throw new DomainError(
      ErrorCode.Forbidden,
      scope.only === null
        ? 'Your account has no station.'
        : `You work at another station than ${query.stationId}.`,
      { reason: 'station' },
    );
  }
  return { ...query, stationId: scope.only };
}

const FIXED_ROWS: Partial<Record<TableName, number>> = {
  'by-hour': 24,
  'ratings-by-level': 5,
  'ratings-by-indicator': 4,
};

const reports: FastifyPluginAsyncTypebox = async (app) => {
  const readers = app.requireRole('admin', 'district-operator', 'station-staff');
  const district = app.requireRole('admin', 'district-operator');
  const errors = { 400: ErrorReply, 401: ErrorReply, 403: ErrorReply };
  const service = () => app.hub.reports;

  const dayQuery = (f: Filters): DayQuery => ({
    from: f.from,
    to: f.to,
    ...(f.stationId !== undefined ? { stationId: f.stationId } : {}),
  });

  function period(f: Filters, asOf: number, stationDays: number, demo: boolean) {
    return {
      from: f.from,
      to: f.to,
      ...(f.stationId !== undefined ? { stationId: f.stationId } : {}),
      ...(f.serviceId !== undefined ? { serviceId: f.serviceId } : {}),
      asOf: isoShanghai(asOf),
      stationDays,
      demo,
    };
  }

  /** Feeds every day of the period to `each`; returns how many and whether any was demo data. */
  async function forEachDay(
    f: Filters,
    each: (day: StoredDay) => void,
  ): Promise<{ n: number; demo: boolean }> {
    let n = 0;
    let demo = false;
    for await (const day of service().days(dayQuery(f))) {
      n++;
      if (day.demo) demo = true;
      each(day);
    }
    return { n, demo };
  }

  /** Each station's totals of the period (the board). */
  async function boardRows(
    f: Filters,
    asOf: number,
  ): Promise<{ rows: BoardRow[]; n: number; demo: boolean }> {
    const byStation = new Map<string, Totals>();
    const read = await forEachDay(f, (day) => {
      byStation.set(day.stationId, addDay(byStation.get(day.stationId) ?? emptyTotals(), day));
    });
    const settings = await service().boardSettings();
    const rows = boardOf(
      [...byStation.entries()].map(([stationId, t]) => ({ stationId, summary: summaryOf(t, asOf) })),
      settings,
    );
    return { rows, ...read };
  }

  app.get(
    '/api/reports/summary',
    {
      preHandler: readers,
      schema: {
        description: 'The figures of a period, over every station the operator may see, or one.',
        querystring: ReportQuery,
        response: { 200: SummaryReply, ...errors },
      },
    },
    async (request) => {
      const f = scopeOf(request.operator as Operator, request.query);
      const asOf = service().now();
      let totals = emptyTotals();
      const read = await forEachDay(f, (day) => {
        totals = addDay(totals, day, f.serviceId);
      });
      return { ...period(f, asOf, read.n, read.demo), ...summaryOf(totals, asOf) };
    },
  );

  app.get(
    '/api/reports/tables/:table',
    {
      preHandler: readers,
      schema: {
        description:
          'One breakdown of a period as columns (key, Chinese and English header, kind) and rows. ' +
          `station-days without a station covers at most ${MAX_JSON_STATION_DAYS} days (the CSV export has no such limit).`,
        params: Type.Object({ table: TableNameSchema }),
        querystring: ReportQuery,
        response: { 200: TableReply, ...errors },
      },
    },
    async (request) => {
      const f = scopeOf(request.operator as Operator, request.query);
      const table = request.params.table;
      const asOf = service().now();
      if (table === 'board') {
        const board = await boardRows(f, asOf);
        return {
          ...period(f, asOf, board.n, board.demo),
          table,
          columns: [...BOARD_COLUMNS],
          rows: board.rows as unknown as Row[],
        };
      }
      if (!isTableName(table)) throw reportError('table', `table: ${table} is not a report table`);
      if (
        table === 'station-days' &&
        f.stationId === undefined &&
        daysBetween(f.from, f.to) > MAX_JSON_STATION_DAYS
      ) {
        throw reportError(
          'to',
          `station-days for every station covers at most ${MAX_JSON_STATION_DAYS} days here; export it as CSV.`,
        );
      }
      const builder = tableBuilder(table, { asOf, ...(f.serviceId ? { serviceId: f.serviceId } : {}) });
      const read = await forEachDay(f, (day) => builder.add(day));
      return {
        ...period(f, asOf, read.n, read.demo),
        table,
        columns: [...builder.columns],
        rows: builder.rows(),
      };
    },
  );

  app.get(
    '/api/reports/export.csv',
    {
      preHandler: readers,
      schema: {
        description:
          'A report table as CSV (UTF-8 with BOM, header `中文 English`), streamed. X-Total-Rows before the ' +
          'first row: exact for station-days (one row per station day with figures) and fixed-length tables.',
        querystring: Type.Composite([Type.Object({ table: TableNameSchema }), ReportQuery], {
          additionalProperties: false,
        }),
        response: {
          200: Type.String({ description: 'text/csv; charset=utf-8' }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const { table, ...filters } = request.query;
      const f = scopeOf(request.operator as Operator, filters);
      const asOf = service().now();
      const reports = service();
      const options = { asOf, ...(f.serviceId ? { serviceId: f.serviceId } : {}) };
      let total: number | undefined = FIXED_ROWS[table as TableName];
      if (table === 'station-days') total = await reports.countDays(dayQuery(f));
      const columns: readonly Column[] =
        table === 'board' ? (BOARD_COLUMNS as unknown as Column[]) : TABLE_COLUMNS[table as TableName];
      const line = (row: Row) => csvLine(columns.map((c) => (row[c.key] ?? null) as Cell));

      async function* body(): AsyncGenerator<string> {
        yield `\uFEFF${csvLine(columns.map(headerOf))}`;
        if (table === 'station-days') {
          // One row per aggregate, as it is read: nothing accumulates.
          let chunk = '';
          for await (const day of reports.days(dayQuery(f))) {
            chunk += line(rowOfDay(day, asOf, f.serviceId));
            if (chunk.length > 16_384) {
              yield chunk;
              chunk = '';
            }
          }
          if (chunk) yield chunk;
          return;
        }
        if (table === 'board') {
          for (const row of (await boardRows(f, asOf)).rows) yield line(row as unknown as Row);
          return;
        }
        const builder = tableBuilder(table as TableName, options);
        for await (const day of reports.days(dayQuery(f))) builder.add(day);
        for (const row of builder.rows()) yield line(row);
      }

      const name = `xiaozhan-${table}-${f.from}-${f.to}${f.stationId ? `-${f.stationId}` : ''}.csv`;
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store');
      if (total !== undefined) reply.header('x-total-rows', String(total));
      return reply.send(Readable.from(body(), { objectMode: false }) as never);
    },
  );

  app.get(
    '/api/reports/board',
    {
      preHandler: readers,
      schema: {
        description:
          'The red / yellow / blue board: stations ranked for a period on 好评率, requests answered on time and ' +
          'mean wait, marked by the thresholds in /api/reports/board/settings. Station staff see their own row.',
        querystring: PeriodQuery,
        response: { 200: BoardReply, ...errors },
      },
    },
    async (request) => {
      const operator = request.operator as Operator;
      const f = scopeOf(operator, { ...request.query });
      const asOf = service().now();
      // The rank is among every station; station staff get their own row only.
      const board = await boardRows({ from: f.from, to: f.to }, asOf);
      const rows =
        f.stationId === undefined ? board.rows : board.rows.filter((r) => r.stationId === f.stationId);
      return {
        ...period(f, asOf, board.n, board.demo),
        settings: await service().boardSettings(),
        rows,
      };
    },
  );

  app.get(
    '/api/reports/board/settings',
    {
      preHandler: readers,
      schema: { response: { 200: BoardSettingsReply, 401: ErrorReply, 403: ErrorReply } },
    },
    async () => service().boardSettings(),
  );

  app.put(
    '/api/reports/board/settings',
    {
      preHandler: district,
      schema: {
        description: 'Sets the thresholds of the board (admin, district operator).',
        body: Type.Unknown(),
        response: { 200: BoardSettingsReply, ...errors },
      },
    },
    async (request: FastifyRequest) => {
      const operator = request.operator as Operator;
      const settings = await service().saveBoardSettings(request.body, operator.username);
      await app.ops.audit.record({
        actor: { id: operator.username, roles: [...operator.roles] },
        action: 'report.board-settings',
        target: { kind: 'board-settings', id: 'board-settings' },
        after: settings as unknown as Record<string, unknown>,
        ...(request.ip ? { ip: request.ip } : {}),
      });
      return service().boardSettings();
    },
  );

  app.get(
    '/api/reports/policies',
    {
      preHandler: readers,
      schema: {
        description:
          'Policies published within the working-day deadline after signing, and per station the published ' +
          'policies its kiosk shows at an older version (from the versions its heartbeat reports).',
        response: { 200: PoliciesReply, 401: ErrorReply, 403: ErrorReply },
      },
    },
    async (request) => {
      const operator = request.operator as Operator;
      const scope = stationScope(operator);
      const asOf = service().now();
      const summaries = await app.ops.policies.list();
      const publication = { tracked: 0, onTime: 0, overdue: 0, dueSoon: 0, notTracked: 0 };
      for (const p of summaries) {
        const state = p.deadline.state;
        if (state === 'not-tracked') publication.notTracked++;
        else {
          publication.tracked++;
          if (state === 'on-time') publication.onTime++;
          else if (state === 'overdue') publication.overdue++;
          else publication.dueSoon++;
        }
      }
      const published = await app.ops.policies.allPublished();
      const stations = [];
      for (const live of app.hub.follower.liveView()) {
        if (scope !== 'all' && scope.only !== live.stationId) continue;
        let versions: Record<string, number> | undefined;
        try {
          const hb = await app.hub.couch.db(stationDbName(live.stationId)).get(heartbeatId(live.stationId));
          const v = (hb as Record<string, unknown>).policyVersions;
          if (v && typeof v === 'object') versions = v as Record<string, number>;
        } catch (error) {
          if (statusOf(error) !== 404) throw error;
        }
        const outOfDate = versions
          ? published
              .filter(
                (p) => targetsStation(p.targets, live.stationId) && (versions[p.policyId] ?? 0) < p.version,
              )
              .map((p) => ({
                policyId: p.policyId,
                shown: versions[p.policyId] ?? null,
                published: p.version,
              }))
          : [];
        stations.push({
          stationId: live.stationId,
          online: live.online,
          outOfDate,
          reported: versions !== undefined,
        });
      }
      return {
        asOf: isoShanghai(asOf),
        publication,
        policies: summaries.map((p) => ({
          policyId: p.policyId,
          title: p.title,
          status: p.status,
          signedAt: p.deadline.signedAt,
          ...(p.deadline.dueDay ? { dueDay: p.deadline.dueDay } : {}),
          ...(p.deadline.publishedOn ? { publishedOn: p.deadline.publishedOn } : {}),
          state: p.deadline.state,
        })),
        stations,
      };
    },
  );
};

export default reports;
