import { createStationTime } from '@xz/shared/time';
import { describe, expect, it } from 'vitest';
import { createPolicySource, type KioskPolicy } from './policies.ts';
import { pickShown } from './policy-feed.ts';
import type { StationConfig } from './station.ts';

const station = { stationId: 'xhd-lingzhu-01', district: 'xihaian' } as StationConfig;

function content(id: string, expiresAt = '2026-12-31'): KioskPolicy {
  return {
    id,
    level: 'district',
    department: { zh: '部门', en: 'Dept' },
    title: { zh: `政策${id}`, en: `Policy ${id}` },
    summary: { zh: '摘要', en: 'Summary' },
    beneficiaries: { zh: '企业', en: 'Enterprises' },
    conditions: { zh: '条件', en: 'Conditions' },
    benefit: { zh: '补贴', en: 'Subsidy' },
    apply: {
      from: '2026-01-01',
      to: '2026-12-31',
      where: { zh: '窗口', en: 'Counter' },
      phone: '0532-1234567',
    },
    tags: [],
    exemptApplication: false,
    signedAt: '2025-12-20',
    effectiveFrom: '2026-01-01',
    expiresAt,
  };
}

describe('which published policies a station shows', () => {
  it('shows the highest published version of each policy that targets the station', () => {
    const shown = pickShown(
      [
        {
          type: 'policy',
          policyId: 'a',
          status: 'published',
          version: 1,
          content: content('a'),
          targets: { districts: [], stations: [] },
        },
        {
          type: 'policy',
          policyId: 'a',
          status: 'published',
          version: 2,
          content: { ...content('a'), summary: { zh: '新', en: 'New' } },
          targets: { districts: [], stations: [] },
        },
        {
          type: 'policy',
          policyId: 'b',
          status: 'published',
          version: 1,
          content: content('b'),
          targets: { districts: ['other'], stations: [] },
        },
        {
          type: 'policy',
          policyId: 'c',
          status: 'published',
          version: 3,
          content: content('c'),
          targets: { districts: ['xihaian'], stations: [] },
        },
        { type: 'policy', policyId: 'd', status: 'withdrawn', version: 1, content: content('d') },
        {
          type: 'policy',
          policyId: 'e',
          status: 'published',
          version: 1,
          content: content('e'),
          targets: { districts: [], stations: ['xhd-lingzhu-01'] },
        },
      ],
      station,
    );
    expect(shown.policies.map((p) => p.id)).toEqual(['a', 'c', 'e']);
    expect(shown.policies[0].summary.en).toBe('New');
    expect(shown.versions).toEqual({ a: 2, c: 3, e: 1 });
    expect(shown.digest).toMatch(/^3:[0-9a-f]{8}$/);
  });

  it('drops an expired policy by the station clock, also with no word from the hub', () => {
    const source = createPolicySource(createStationTime('Asia/Shanghai'), () => 'http://hub.example');
    source.replace([content('soon', '2026-11-30'), content('later')], 'v');
    // 2026-11-30 23:30 in Shanghai is still the 30th there: shown.
    expect(source.current(Date.UTC(2026, 10, 30, 15, 30)).map((p) => p.id)).toEqual(['soon', 'later']);
    // Half an hour later it is 1 December in Shanghai: gone, though it is still the 30th in UTC.
    expect(source.current(Date.UTC(2026, 10, 30, 16, 30)).map((p) => p.id)).toEqual(['later']);
    expect(source.current(Date.UTC(2026, 10, 30, 16, 30))[0].url).toBe('http://hub.example/p/later');
  });
});
