/**
 * From the replicated copy of the hub's published policies to what this station shows:
 * for each policy the highest version, if it is published and targets this station (all
 * stations when no district or station is listed). Expiry is applied by the PolicySource with
 * the station clock, so it holds while the kiosk is offline.
 */

import { Value } from '@sinclair/typebox/value';
import { type PolicyTag, PolicyTagListSchema } from '@xz/shared/docs/policy-tags';
import { showsAtStation } from '@xz/shared/docs/policy-targets';
import type PouchDB from 'pouchdb';
import type { KioskPolicy, PolicySource } from './policies.ts';
import type { StationConfig } from './station.ts';

interface PublishedDoc {
  type?: string;
  policyId?: string;
  status?: string;
  version?: number;
  content?: KioskPolicy;
  tags?: unknown;
  targets?: { districts?: string[]; stations?: string[] };
}

export interface ShownPolicies {
  policies: KioskPolicy[];
  /** policy id → version shown. */
  versions: Record<string, number>;
  /** A short digest of the versions shown, e.g. "3:a1b2c3". */
  digest: string;
  /** The hub's policy dictionary, when it has arrived and is valid. */
  tags?: PolicyTag[];
}

export function pickShown(docs: readonly PublishedDoc[], station: StationConfig): ShownPolicies {
  const latest = new Map<string, PublishedDoc>();
  let tags: PolicyTag[] | undefined;
  for (const d of docs) {
    if (d.type === 'policy-tags' && Value.Check(PolicyTagListSchema, d.tags)) tags = d.tags;
    if (d.type !== 'policy' || !d.policyId || !d.content) continue;
    const have = latest.get(d.policyId);
    if (!have || (d.version ?? 0) > (have.version ?? 0)) latest.set(d.policyId, d);
  }
  const policies: KioskPolicy[] = [];
  const versions: Record<string, number> = {};
  for (const [id, d] of [...latest].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!showsAtStation(d, station.stationId, station.district)) continue;
    policies.push({ ...(d.content as KioskPolicy), id, version: d.version });
    versions[id] = d.version ?? 0;
  }
  const text = Object.entries(versions)
    .map(([id, v]) => `${id}@${v}`)
    .join(',');
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return {
    policies,
    versions,
    digest: `${policies.length}:${h.toString(16).padStart(8, '0')}`,
    ...(tags ? { tags } : {}),
  };
}

/** Reads the local copy and hands the result to the PolicySource; returns what is shown. */
export async function refreshPolicies(
  db: PouchDB.Database,
  station: StationConfig,
  source: PolicySource,
): Promise<ShownPolicies> {
  const res = await db.allDocs({ include_docs: true });
  const shown = pickShown(res.rows.map((r) => r.doc as unknown as PublishedDoc).filter(Boolean), station);
  source.replace(shown.policies, shown.digest, shown.tags);
  return shown;
}
