/** The policies this station shows now, and printing a policy slip. */
import type { Lang, PolicyList, ShownPolicy } from '@xz/shared/contract/agent-api';
import { DomainError, ErrorCode } from '@xz/shared/errors';
import type { PolicySource } from '../policies.ts';
import type { StationPrinting } from '../printing.ts';

export interface PolicyService {
  list(): PolicyList;
  /** A policy shown now, or XZ_ERR_NOT_FOUND on field 'id'. */
  get(policyId: string): ShownPolicy;
  /** Queues the policy's slip in the language of the screen. */
  print(policyId: string, lang: Lang): Promise<void>;
}

export interface PolicyServiceDeps {
  stationId: string;
  policies: Pick<PolicySource, 'current' | 'tags'>;
  printing: Pick<StationPrinting, 'printPolicy'>;
  /** Base URL of the public pages behind QR codes. */
  publicBase: () => string;
  now: () => number;
}

export function createPolicyService(deps: PolicyServiceDeps): PolicyService {
  function get(policyId: string): ShownPolicy {
    const p = deps.policies.current(deps.now()).find((x) => x.id === policyId);
    if (!p)
      throw new DomainError(ErrorCode.NotFound, 'No such policy.', {
        field: 'id',
        messageZh: '没有这条政策。',
      });
    return p;
  }
  return {
    list: () => ({
      policies: deps.policies.current(deps.now()),
      tags: deps.policies.tags(),
      allUrl: `${deps.publicBase()}/p?station=${encodeURIComponent(deps.stationId)}`,
    }),
    get,
    async print(policyId, lang) {
      await deps.printing.printPolicy(get(policyId), lang);
    },
  };
}
