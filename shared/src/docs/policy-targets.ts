/**
 * Which stations a published policy is for. The hub uses it for the public policy pages, the
 * station agent to pick what its kiosk shows: both targeting lists empty means every station.
 */
import type { PolicyDoc } from './policy.ts';

export interface PolicyTargets {
  districts: string[];
  stations: string[];
}

/** True when a policy with these targets is for the station (in `district`, if known). */
export function targetsStation(targets: PolicyTargets, stationId: string, district?: string): boolean {
  if (targets.districts.length === 0 && targets.stations.length === 0) return true;
  if (targets.stations.includes(stationId)) return true;
  return district !== undefined && targets.districts.includes(district);
}

/** True when a document from xz-policies is to be shown at the station (status and targets). */
export function showsAtStation(doc: unknown, stationId: string, district?: string): doc is PolicyDoc {
  const d = doc as Partial<PolicyDoc> | null;
  return (
    typeof d === 'object' &&
    d !== null &&
    d.type === 'policy' &&
    d.status === 'published' &&
    typeof d.targets === 'object' &&
    d.targets !== null &&
    Array.isArray(d.targets.districts) &&
    Array.isArray(d.targets.stations) &&
    targetsStation(d.targets, stationId, district)
  );
}
