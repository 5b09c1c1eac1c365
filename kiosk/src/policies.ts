/**
 * The policies this station shows. Published policies arrive from the hub by replication; until
 * the first arrive (or with no hub configured) the station shows the bundled demo policies.
 * Expiry is applied here with the station's own clock, so it holds on an offline kiosk. The
 * policy dictionary (tag labels and synonyms) arrives the same way; until then the bundled one.
 */

import type { ShownPolicy } from '@xz/shared/contract/agent-api';
import demo from '@xz/shared/data/policies.sample.json' with { type: 'json' };
import type { PolicyContent } from '@xz/shared/docs/policy';
import { defaultPolicyTags, type PolicyTag } from '@xz/shared/docs/policy-tags';
import type { StationTime } from '@xz/shared/time';

/** A published policy as the station keeps it: its content and version. */
export type KioskPolicy = PolicyContent & { version?: number };

export interface PolicySource {
  /** Policies in effect on the station day of `at`. */
  current(at: number): ShownPolicy[];
  replace(policies: KioskPolicy[], version?: string, tags?: PolicyTag[]): void;
  /** The policy dictionary: every tag with its labels and synonyms. */
  tags(): PolicyTag[];
  version(): string | undefined;
  onChange(listener: (version: string | undefined) => void): () => void;
}

export function createPolicySource(
  time: StationTime,
  publicBase: () => string,
  options: { demo?: boolean } = {},
): PolicySource {
  let list: KioskPolicy[] = options.demo ? (demo as { policies: KioskPolicy[] }).policies : [];
  let version: string | undefined;
  let tags: PolicyTag[] = defaultPolicyTags();
  const listeners = new Set<(v: string | undefined) => void>();
  return {
    current(at) {
      const day = time.day(at);
      return list
        .filter((p) => (!p.effectiveFrom || p.effectiveFrom <= day) && (!p.expiresAt || p.expiresAt >= day))
        .map((p) => ({ ...p, url: `${publicBase()}/p/${encodeURIComponent(p.id)}` }));
    },
    replace(policies, v, dictionary) {
      list = policies;
      version = v;
      if (dictionary?.length) tags = dictionary;
      for (const l of listeners) l(v);
    },
    version: () => version,
    tags: () => tags,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
