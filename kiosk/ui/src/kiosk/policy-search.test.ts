import data from '@xz/shared/data/policies.sample.json' with { type: 'json' };
import { defaultPolicyTags } from '@xz/shared/policy/tags';
import PinyinMatch from 'pinyin-match';
import { describe, expect, it } from 'vitest';
import type { Policy } from '../data/types.ts';
import {
  closingSoon,
  daysBetween,
  deadlinesInMonth,
  isClosed,
  monthGrid,
  rankPolicies,
  searchPolicies,
  tagsOf,
  todayIn,
} from './policy-search.ts';

const policies = data.policies as unknown as Policy[];

const dictionary = defaultPolicyTags();
const TODAY = '2026-12-01';
const search = (q: string, extra: { tag?: string; exemptOnly?: boolean } = {}) =>
  searchPolicies(policies, q, { today: TODAY, dictionary, pinyin: PinyinMatch.match, ...extra });
const ids = (hits: { policy: Policy }[]) => hits.map((h) => h.policy.id);

describe('policy search at the kiosk', () => {
  it('finds a policy by a Chinese word in its title or summary, title hits first', () => {
    const hits = search('贷款');
    expect(hits.length).toBeGreaterThan(0);
    expect(ids(search('青创'))[0]).toBe('qingchuang-pioneer-loan');
    const open = hits.filter((h) => !h.closed);
    expect(open.length).toBeGreaterThan(0);
    expect(JSON.stringify(open[0].policy.title)).toContain('贷');
  });

  it('finds by English too, ignoring case, and nothing for nonsense', () => {
    expect(ids(search('HI-TECH LOAN'))).toContain('gaoxin-loan');
    expect(search('不存在的词语xyz')).toEqual([]);
  });

  it('补贴 finds both policies tagged 奖励补贴 and those with 贴息, open ones before closed ones', () => {
    const hits = search('补贴');
    const found = ids(hits);
    expect(found).toEqual(expect.arrayContaining(['individual-to-enterprise', 'tourism-development']));
    expect(found).toEqual(expect.arrayContaining(['gaoxin-loan', 'ip-pledge-financing']));
    // skills-self-evaluation mentions 补贴 in its text but closed on 2026-11-28: listed, last, marked.
    const closedAt = found.indexOf('skills-self-evaluation');
    expect(closedAt).toBe(found.length - 1);
    expect(hits[closedAt].closed).toBe(true);
    expect(hits.slice(0, closedAt).every((h) => !h.closed)).toBe(true);
    // The two tagged ones rank above the ones that only mention a synonym.
    expect(found.slice(0, 2).sort()).toEqual(['individual-to-enterprise', 'tourism-development']);
  });

  it('spelled in pinyin or initials, butie and bt find what 补贴 finds', () => {
    expect(ids(search('butie')).slice(0, 2).sort()).toEqual([
      'individual-to-enterprise',
      'tourism-development',
    ]);
    expect(ids(search('bt'))).toEqual(
      expect.arrayContaining(['individual-to-enterprise', 'tourism-development']),
    );
    expect(ids(search('gaoxindai'))[0]).toBe('gaoxin-loan');
    // Without the matcher (dictionary not loaded yet) letters are plain text.
    expect(searchPolicies(policies, 'butie', { today: TODAY, dictionary })).toEqual([]);
  });

  it('a synonym finds its tag: 个体户 finds the policy tagged 个体工商户', () => {
    expect(ids(search('个体户'))).toContain('individual-to-enterprise');
  });

  it('filters by tag and by 免申即享', () => {
    const tech = search('', { tag: 'technology' });
    expect(tech.length).toBeGreaterThan(0);
    expect(tech.every((h) => h.policy.tags.includes('technology'))).toBe(true);
    expect(tagsOf(policies)).toContain('finance');
    const exempt = search('', { exemptOnly: true });
    expect(ids(exempt)).toEqual(['individual-to-enterprise']);
  });

  it('the questionnaire never proposes a closed policy', () => {
    const ranked = rankPolicies(policies, ['manufacturing', 'sme', 'technology'], TODAY);
    expect(ranked.length).toBeGreaterThan(0);
    expect(ranked.map((r) => r.policy.id)).not.toContain('specialized-sme-credit'); // closed 11-30
    expect(ranked.map((r) => r.policy.id)).not.toContain('skills-self-evaluation'); // closed 11-28
    expect(ranked.every((r) => !isClosed(r.policy, TODAY))).toBe(true);
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
