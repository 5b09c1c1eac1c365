/**
 * The red / yellow / blue board (红黄蓝榜): stations ranked for a period on 好评率, requests
 * answered on time and mean wait, each figure marked by thresholds a district operator sets.
 * Blue: at or better than the blue threshold; red: worse than the red threshold; yellow between.
 * A station's mark is its worst figure's (a figure without data is not marked and does not count).
 * Ranking: by mark (blue, yellow, red, none), then 好评率 (high first), requests on time (high
 * first), mean wait (short first), station id.
 */
import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import type { Summary } from '@xz/shared/reports/aggregate';

const Rate = Type.Number({ minimum: 0, maximum: 1 });
const Minutes = Type.Number({ minimum: 0, maximum: 1440 });

export const BoardSettingsSchema = Type.Object(
  {
    goodRate: Type.Object(
      {
        blueAtLeast: Rate,
        redBelow: Rate,
      },
      { additionalProperties: false, description: '好评率 (0–1): blue at or above, red below' },
    ),
    onTimeRate: Type.Object(
      { blueAtLeast: Rate, redBelow: Rate },
      {
        additionalProperties: false,
        description: 'requests answered on time (0–1): blue at or above, red below',
      },
    ),
    waitMeanMinutes: Type.Object(
      { blueAtMost: Minutes, redAbove: Minutes },
      { additionalProperties: false, description: 'mean wait in minutes: blue at or under, red above' },
    ),
  },
  { additionalProperties: false, title: 'BoardSettings' },
);

export interface BoardSettings {
  goodRate: { blueAtLeast: number; redBelow: number };
  onTimeRate: { blueAtLeast: number; redBelow: number };
  waitMeanMinutes: { blueAtMost: number; redAbove: number };
}

export const DEFAULT_BOARD_SETTINGS: BoardSettings = {
  goodRate: { blueAtLeast: 0.95, redBelow: 0.85 },
  onTimeRate: { blueAtLeast: 0.95, redBelow: 0.8 },
  waitMeanMinutes: { blueAtMost: 15, redAbove: 30 },
};

const checker = TypeCompiler.Compile(BoardSettingsSchema);

export function parseBoardSettings(input: unknown): BoardSettings {
  if (!checker.Check(input)) {
    const first = checker.Errors(input).First();
    const field = (first?.path ?? '').replace(/^\//, '').replace(/\//g, '.') || 'settings';
    throw new DomainError(ErrorCode.Validation, `${field}: ${first?.message ?? 'invalid'}`, { field });
  }
  const s = input as BoardSettings;
  const problem = (field: string, message: string) =>
    new DomainError(ErrorCode.Validation, `${field}: ${message}`, { field });
  if (s.goodRate.redBelow > s.goodRate.blueAtLeast)
    throw problem('goodRate.redBelow', 'must not be above blueAtLeast');
  if (s.onTimeRate.redBelow > s.onTimeRate.blueAtLeast)
    throw problem('onTimeRate.redBelow', 'must not be above blueAtLeast');
  if (s.waitMeanMinutes.redAbove < s.waitMeanMinutes.blueAtMost)
    throw problem('waitMeanMinutes.redAbove', 'must not be under blueAtMost');
  return s;
}

export type Mark = 'blue' | 'yellow' | 'red' | 'none';

export interface BoardRow {
  rank: number;
  stationId: string;
  mark: Mark;
  goodRate: number | null;
  goodRateMark: Mark;
  ratings: number;
  onTimeRate: number | null;
  onTimeRateMark: Mark;
  requests: number;
  waitMeanMinutes: number | null;
  waitMeanMark: Mark;
  issued: number;
}

const higherIsBetter = (value: number | null, t: { blueAtLeast: number; redBelow: number }): Mark =>
  value === null ? 'none' : value >= t.blueAtLeast ? 'blue' : value < t.redBelow ? 'red' : 'yellow';
const lowerIsBetter = (value: number | null, t: { blueAtMost: number; redAbove: number }): Mark =>
  value === null ? 'none' : value <= t.blueAtMost ? 'blue' : value > t.redAbove ? 'red' : 'yellow';

const ORDER: Record<Mark, number> = { blue: 0, yellow: 1, red: 2, none: 3 };

function worst(marks: Mark[]): Mark {
  const known = marks.filter((m) => m !== 'none');
  if (known.length === 0) return 'none';
  return known.reduce((a, b) => (ORDER[b] > ORDER[a] ? b : a));
}

const desc = (a: number | null, b: number | null) => (b ?? -1) - (a ?? -1);

/** The board from each station's summary of the period. */
export function boardOf(
  stations: ReadonlyArray<{ stationId: string; summary: Summary }>,
  t: BoardSettings,
): BoardRow[] {
  const rows = stations.map(({ stationId, summary: s }): Omit<BoardRow, 'rank'> => {
    const waitMeanMinutes =
      s.waitSeconds.mean === null ? null : Math.round((s.waitSeconds.mean / 60) * 10) / 10;
    const goodRateMark = higherIsBetter(s.ratings.goodRate, t.goodRate);
    const onTimeRateMark = higherIsBetter(s.requests.onTimeRate, t.onTimeRate);
    const waitMeanMark = lowerIsBetter(waitMeanMinutes, t.waitMeanMinutes);
    return {
      stationId,
      mark: worst([goodRateMark, onTimeRateMark, waitMeanMark]),
      goodRate: s.ratings.goodRate,
      goodRateMark,
      ratings: s.ratings.count,
      onTimeRate: s.requests.onTimeRate,
      onTimeRateMark,
      requests: s.requests.received,
      waitMeanMinutes,
      waitMeanMark,
      issued: s.tickets.issued,
    };
  });
  rows.sort(
    (a, b) =>
      ORDER[a.mark] - ORDER[b.mark] ||
      desc(a.goodRate, b.goodRate) ||
      desc(a.onTimeRate, b.onTimeRate) ||
      (a.waitMeanMinutes ?? Number.MAX_VALUE) - (b.waitMeanMinutes ?? Number.MAX_VALUE) ||
      (a.stationId < b.stationId ? -1 : 1),
  );
  return rows.map((row, i) => ({ rank: i + 1, ...row }));
}

/** The board as a table (console and CSV): the same rows. */
export const BOARD_COLUMNS = [
  { key: 'rank', zh: '排名', en: 'Rank', kind: 'count' },
  { key: 'stationId', zh: '站点', en: 'Station', kind: 'text' },
  { key: 'mark', zh: '标识', en: 'Mark', kind: 'mark' },
  { key: 'goodRate', zh: '好评率', en: 'Good rate', kind: 'rate' },
  { key: 'goodRateMark', zh: '好评率标识', en: 'Good rate mark', kind: 'mark' },
  { key: 'ratings', zh: '评价数', en: 'Ratings', kind: 'count' },
  { key: 'onTimeRate', zh: '诉求按时办理率', en: 'Requests on time', kind: 'rate' },
  { key: 'onTimeRateMark', zh: '按时办理标识', en: 'On-time mark', kind: 'mark' },
  { key: 'requests', zh: '诉求数', en: 'Requests', kind: 'count' },
  { key: 'waitMeanMinutes', zh: '平均等候(分钟)', en: 'Mean wait (min)', kind: 'minutes' },
  { key: 'waitMeanMark', zh: '等候标识', en: 'Wait mark', kind: 'mark' },
  { key: 'issued', zh: '取号数', en: 'Issued', kind: 'count' },
] as const;
