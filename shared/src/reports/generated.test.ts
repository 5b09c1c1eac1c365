/**
 * Generated station days (the demo history): given a seed, the day is named from the project's
 * dictionaries only (the service catalogue, the demo station's counters, the green-channel
 * groups, the request categories and the departments of the case settings), so the reports of
 * the demo show words for every row; ratings carry their indicators and requests are routed and
 * answered, so every report table has figures; the same seed gives the same day.
 */
import { describe, expect, it } from 'vitest';
import catalogue from '../../data/services.json' with { type: 'json' };
import groups from '../../data/special-groups.json' with { type: 'json' };
import { REQUEST_CATEGORIES } from '../cases/categories.ts';
import { DEFAULT_CASE_SETTINGS } from '../cases/settings.ts';
import { demoCounters } from '../queue/synthetic-day.ts';
import { addDay, emptyTotals, summaryOf } from './aggregate.ts';
import { generateStationDay } from './generated.ts';
import { tableBuilder } from './tables.ts';

const days = [1, 2, 3, 4, 5].map(
  (seed) => generateStationDay({ stationId: 'xhd-demo-01', day: '2026-11-23', seed }).aggregate,
);

describe('generated station days', () => {
  it('name services, counters, groups, categories and departments from the dictionaries', () => {
    const services = new Set(catalogue.services.map((s) => s.id));
    const counters = new Set(demoCounters.map((c) => c.id));
    const groupIds = new Set(groups.groups.map((g) => g.id));
    const departments = new Set(DEFAULT_CASE_SETTINGS.departments.map((d) => d.id));
    for (const day of days) {
      for (const [serviceId, slice] of Object.entries(day.services)) {
        expect(services).toContain(serviceId);
        for (const counterId of Object.keys(slice.counters)) expect(counters).toContain(counterId);
        for (const group of Object.keys(slice.groups)) expect(groupIds).toContain(group);
      }
      for (const key of Object.keys(day.requests)) {
        const [category, department] = key.split('|');
        expect(REQUEST_CATEGORIES).toContain(category);
        expect(departments).toContain(department);
      }
    }
  });

  it('fill every report table: indicators rated, requests contacted and answered', () => {
    const asOf = Date.parse('2026-12-31T00:00:00+08:00');
    const s = summaryOf(
      days.reduce((t, d) => addDay(t, d), emptyTotals()),
      asOf,
    );
    expect(s.tickets.issued).toBeGreaterThan(500);
    expect(s.requests.received).toBeGreaterThan(0);
    expect(s.requests.contactedOnTime + s.requests.contactedLate).toBe(s.requests.received);
    expect(s.requests.closed).toBe(s.requests.received);
    const indicators = tableBuilder('ratings-by-indicator', { asOf });
    for (const day of days) indicators.add(day);
    for (const row of indicators.rows()) {
      expect(row.count).toBe(s.ratings.count);
      expect(Number(row.mean)).toBeGreaterThan(3);
    }
  });

  it('the same seed gives the same day', () => {
    expect(generateStationDay({ stationId: 'xhd-demo-01', day: '2026-11-23', seed: 3 }).aggregate).toEqual(
      days[2],
    );
  });
});
