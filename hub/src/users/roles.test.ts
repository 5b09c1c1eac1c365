import { describe, expect, it } from 'vitest';
import { maySeeStation, stationScope } from './roles.ts';

describe('station scope', () => {
  it('limits station staff to their station, and staff without a station to none', () => {
    expect(stationScope({ roles: ['station-staff'], stationId: 'st-a' })).toEqual({ only: 'st-a' });
    expect(maySeeStation({ roles: ['station-staff'], stationId: 'st-a' }, 'st-b')).toBe(false);
    expect(maySeeStation({ roles: ['station-staff'] }, 'st-a')).toBe(false);
  });

  it('lets a district operator or admin see every station, also when they are station staff too', () => {
    expect(maySeeStation({ roles: ['station-staff', 'district-operator'], stationId: 'st-a' }, 'st-b')).toBe(
      true,
    );
    expect(stationScope({ roles: ['admin'] })).toBe('all');
  });
});
