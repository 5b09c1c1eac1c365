import data from '@xz/shared/data/policies.sample.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import type { Policy } from '../data/types.ts';
import {
  closingSoon,
  daysBetween,
  deadlinesInMonth,
  monthGrid,
  rankPolicies,
  searchPolicies,
  tagsOf,
  todayIn,
} from './policy-search.ts';

const policies = data.policies as unknown as Policy[];

describe('policy search at the kiosk', () => {
  it('finds a policy by a Chinese word in its title or summary', () => {
    const hits = searchPolicies(policies, '贷款');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((p) => JSON.stringify(p).includes('贷'))).toBe(true);
    expect(searchPolicies(policies, '青创').map((p) => p.id)).toEqual(['qingchuang-pioneer-loan']);
  });

  it('finds by English too, ignoring case, and nothing for nonsense', () => {
    expect(searchPolicies(policies, 'HI-TECH LOAN').map((p) => p.id)).toContain('gaoxin-loan');
    expect(searchPolicies(policies, '不存在的词语xyz')).toEqual([]);
  });

  it('filters by tag', () => {
    const tech = searchPolicies(policies, '', 'technology');
    expect(tech.length).toBeGreaterThan(0);
    expect(tech.every((p) => p.tags.includes('technology'))).toBe(true);
    expect(tagsOf(policies)).toContain('finance');
  });

  it('ranks questionnaire matches by tag overlap, best first, and leaves out non-matches', () => {
    const ranked = rankPolicies(policies, ['technology', 'small-micro', 'growth'], '2026-11-20');
    expect(ranked[0].policy.id).toBe('gaoxin-loan');
    expect(ranked[0].score).toBe(3);
    for (let i = 1; i < ranked.length; i++)
      expect(ranked[i - 1].score).toBeGreaterThanOrEqual(ranked[i].score);
    expect(rankPolicies(policies, ['no-such-tag'], '2026-11-20')).toEqual([]);
  });

  it('marks deadlines within 14 days as closing soon, not past ones', () => {
    const p = policies.find((x) => x.id === 'skills-self-evaluation')!; // closes 2026-11-28
    expect(closingSoon(p, '2026-11-14')).toBe(true);
    expect(closingSoon(p, '2026-11-13')).toBe(false);
    expect(closingSoon(p, '2026-11-29')).toBe(false);
    expect(daysBetween('2026-11-25', '2026-12-01')).toBe(6);
  });

  it('lays out a month of deadlines Monday first', () => {
    const grid = monthGrid(2026, 12); // 2026-12-01 is a Tuesday
    expect(grid[0]).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(grid.flat().filter(Boolean)).toHaveLength(31);
    const dec = deadlinesInMonth(policies, 2026, 12);
    expect(dec.get(15)?.map((p) => p.id)).toContain('gaoxin-loan');
    expect(deadlinesInMonth(policies, 2026, 1).size).toBe(0);
  });

  it("takes today's date in the station's zone, not the machine's", () => {
    const t = Date.parse('2026-11-24T17:30:00Z'); // 01:30 on the 25th in Shanghai
    expect(todayIn('Asia/Shanghai', t)).toBe('2026-11-25');
    expect(todayIn('UTC', t)).toBe('2026-11-24');
  });
});
