/**
 * What stations receive: the published policies in `xz-policies` (replicated one way, hub →
 * stations).
 *
 * One document per policy, `_id` `policy:{policyId}`, valid against the shared `PolicyDocSchema`
 * (`type: 'policy'`):
 *   { _id, type: 'policy', schemaVersion: 1, policyId, status: 'published',
 *     content: PolicyContent (every SPEC §6 field, zh and en),
 *     targets: { districts: string[], stations: string[] }   // both empty = every station
 *     version: n,                                            // the published version shown
 *     createdAt/createdBy: first publish, updatedAt/updatedBy: this version's publish }
 * A withdrawn or expired policy is deleted from `xz-policies` (the deletion replicates), so a
 * station shows exactly the documents with status 'published' that target it
 * (`targetsStation`), and applies `content.effectiveFrom` / `content.expiresAt` with its own
 * clock so expiry holds offline. The immutable history (`policy:{id}:v{n}`, PolicyVersionDoc)
 * and the working copies stay in the hub-only `xz-hub-drafts`.
 */

import { SCHEMA_VERSION } from '@xz/shared/docs/common';
import type { PolicyContent, PolicyDoc, PolicyVersionDoc } from '@xz/shared/docs/policy';
import { policyDocId } from '@xz/shared/ids';

export { type PolicyTargets, showsAtStation, targetsStation } from '@xz/shared/docs/policy-targets';

/** The xz-policies document for a published version. */
export function publishedDocOf(
  version: PolicyVersionDoc,
  first: { at: number; by: string },
  rev?: string,
): PolicyDoc {
  return {
    _id: policyDocId(version.policyId),
    ...(rev ? { _rev: rev } : {}),
    type: 'policy',
    schemaVersion: SCHEMA_VERSION,
    policyId: version.policyId,
    status: 'published',
    content: version.content as PolicyContent,
    targets: version.targets,
    version: version.version,
    createdAt: first.at,
    createdBy: first.by,
    updatedAt: version.publishedAt,
    updatedBy: version.publishedBy,
  } as PolicyDoc;
}
