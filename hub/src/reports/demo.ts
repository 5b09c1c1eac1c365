/**
 * Demo history for `npm start`: the days before today of the demo station, generated through the
 * queue decider (`generateStationDay`) and stored as that station's day figures, marked as demo
 * data (`demo: true`, shown by the reports API as `demo`). A day that already has figures (real
 * ones, or demo ones from an earlier start) is left as it is.
 */
import { generateStationDay } from '@xz/shared/reports/generated';
import { createStationTime } from '@xz/shared/time';
import type { ReportService } from './service.ts';

export async function seedDemoReports(
  reports: ReportService,
  stationId: string,
  options: { days?: number; now?: number } = {},
): Promise<string[]> {
  const time = createStationTime('Asia/Shanghai');
  const today = time.day(options.now ?? Date.now());
  const seeded: string[] = [];
  for (let back = options.days ?? 7; back >= 1; back--) {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - back);
    const day = d.toISOString().slice(0, 10);
    const existing = await reports.days({ from: day, to: day, stationId }).next();
    if (!existing.done) continue;
    const seed = Number(day.replaceAll('-', '')) % 100_000;
    await reports.putDay(generateStationDay({ stationId, day, seed }).aggregate, { demo: true });
    seeded.push(day);
  }
  return seeded;
}
