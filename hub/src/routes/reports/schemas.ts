/** Schemas of the reports API (shared with the console through the OpenAPI document at /docs). */
import { Type } from '@sinclair/typebox';
import { SERVICE_ID_PATTERN, STATION_ID_PATTERN } from '@xz/shared/ids';
import { TABLE_NAMES } from '@xz/shared/reports/tables';
import { BoardSettingsSchema } from '../../reports/board.ts';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'station day YYYY-MM-DD' });
const N = Type.Union([Type.Number(), Type.Null()]);
const Count = Type.Integer({ minimum: 0 });

export const ReportQuery = Type.Object(
  {
    from: { ...Day, description: 'first station day of the period (YYYY-MM-DD, Asia/Shanghai)' },
    to: { ...Day, description: 'last station day of the period, inclusive; at most 366 days after from' },
    stationId: Type.Optional(
      Type.String({
        pattern: STATION_ID_PATTERN,
        description: 'one station (station staff: their own only)',
      }),
    ),
    serviceId: Type.Optional(
      Type.String({
        pattern: SERVICE_ID_PATTERN,
        description: 'one service: tickets and ratings of that service (requests are not tied to a service)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const PeriodQuery = Type.Object(
  { from: ReportQuery.properties.from, to: ReportQuery.properties.to },
  { additionalProperties: false },
);

const Period = {
  from: Day,
  to: Day,
  stationId: Type.Optional(Type.String()),
  serviceId: Type.Optional(Type.String()),
  /** The hub's time the figures were judged at (steps not done and past due count as late). */
  asOf: Type.String({ description: 'hub time the figures were judged at, ISO 8601 with +08:00' }),
  stationDays: Type.Integer({ description: 'station days with figures in the period' }),
  demo: Type.Boolean({ description: 'some of these figures are generated demo history' }),
};

export const SummaryReply = Type.Object(
  {
    ...Period,
    tickets: Type.Object({
      issued: Count,
      served: Count,
      noShow: Count,
      cancelled: Count,
      open: Type.Integer({ description: 'issued and not ended (waiting or at a counter)' }),
      transferred: Count,
      recalled: Count,
      noShowRate: N,
    }),
    waitSeconds: Type.Object(
      { mean: N, p90: N, max: N },
      { description: 'issue → first call; p90 from 10 s / 1 min / 10 min buckets (exact mean and max)' },
    ),
    serviceSeconds: Type.Object({ mean: N, p90: N }, { description: 'seconds at the finishing counter' }),
    green: Type.Object({
      issued: Count,
      share: N,
      waitSecondsMean: N,
      waitSecondsP90: N,
      waitSecondsMax: N,
      normalWaitSecondsMean: N,
      normalWaitSecondsP90: N,
    }),
    ratings: Type.Object({
      count: Type.Integer({ description: 'ratings not voided on appeal' }),
      byLevel: Type.Record(Type.String({ pattern: '^[1-5]$' }), Count),
      goodRate: Type.Union([Type.Number(), Type.Null()], {
        description: '好评率: levels 4–5 over ratings not voided on appeal',
      }),
      voided: Count,
    }),
    followUps: Type.Object(
      {
        bad: Count,
        named: Count,
        namedCalledBack: Count,
        namedCallbackRate: N,
        calledBackOnTime: Count,
        calledBackLate: Count,
        fedBackOnTime: Count,
        fedBackLate: Count,
        rectifiedOnTime: Count,
        fixDue: Count,
        rectifiedOnTimeRate: N,
      },
      { description: 'bad ratings (1–2) and their follow-up cases' },
    ),
    requests: Type.Object({
      received: Count,
      contactedOnTime: Count,
      contactedLate: Count,
      feedbackOnTime: Count,
      feedbackLate: Count,
      closed: Count,
      reopened: Count,
      closeMinutesMedian: N,
      onTimeRate: N,
    }),
    busiestHours: Type.Array(Type.Object({ hour: Type.Integer(), issued: Count })),
  },
  { title: 'ReportSummary' },
);

export const TableName = Type.Union(
  [...TABLE_NAMES, 'board'].map((t) => Type.Literal(t)),
  { description: 'a report table' },
);

export const Column = Type.Object({
  key: Type.String(),
  zh: Type.String(),
  en: Type.String(),
  kind: Type.Union(
    ['text', 'day', 'hour', 'count', 'seconds', 'minutes', 'rate', 'score', 'mark'].map((k) =>
      Type.Literal(k),
    ),
  ),
});

export const TableReply = Type.Object(
  {
    ...Period,
    table: Type.String(),
    columns: Type.Array(Column),
    rows: Type.Array(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()]))),
  },
  { title: 'ReportTable' },
);

const Mark = Type.Union(
  ['blue', 'yellow', 'red', 'none'].map((m) => Type.Literal(m)),
  {
    description: 'blue: at or better than the blue threshold; red: worse than the red one; yellow between',
  },
);

export const BoardReply = Type.Object(
  {
    ...Period,
    settings: BoardSettingsSchema,
    rows: Type.Array(
      Type.Object({
        rank: Type.Integer(),
        stationId: Type.String(),
        mark: Mark,
        goodRate: N,
        goodRateMark: Mark,
        ratings: Count,
        onTimeRate: N,
        onTimeRateMark: Mark,
        requests: Count,
        waitMeanMinutes: N,
        waitMeanMark: Mark,
        issued: Count,
      }),
    ),
  },
  { title: 'ReportBoard' },
);

export const BoardSettingsReply = Type.Composite([
  BoardSettingsSchema,
  Type.Object({ updatedAt: Type.Optional(Type.Number()), updatedBy: Type.Optional(Type.String()) }),
]);

export const PoliciesReply = Type.Object(
  {
    asOf: Type.String(),
    publication: Type.Object(
      {
        tracked: Count,
        onTime: Count,
        overdue: Count,
        dueSoon: Count,
        notTracked: Count,
      },
      { description: 'published within the working-day deadline after signing' },
    ),
    policies: Type.Array(
      Type.Object({
        policyId: Type.String(),
        title: Type.Object({ zh: Type.String(), en: Type.String() }),
        status: Type.String(),
        signedAt: Type.String(),
        dueDay: Type.Optional(Type.String()),
        publishedOn: Type.Optional(Type.String()),
        state: Type.String(),
      }),
    ),
    stations: Type.Array(
      Type.Object({
        stationId: Type.String(),
        online: Type.String(),
        /** Published policies for the station that its kiosk shows at an older version, or not at all. */
        outOfDate: Type.Array(
          Type.Object({
            policyId: Type.String(),
            shown: Type.Union([Type.Integer(), Type.Null()]),
            published: Type.Integer(),
          }),
        ),
        reported: Type.Boolean({ description: 'the station has reported the versions it shows' }),
      }),
    ),
  },
  { title: 'ReportPolicies' },
);
