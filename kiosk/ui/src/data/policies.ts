/** Policies shown at the kiosk (惠企政策), and printing a policy slip. */
import { requestJson } from './http.ts';
import type { Lang, Policy, PolicyList } from './types.ts';

/** GET /api/policies */
export function fetchPolicies(signal?: AbortSignal): Promise<PolicyList> {
  return requestJson<PolicyList>('/api/policies', { signal });
}

/** GET /api/policies/:id */
export async function fetchPolicy(id: string, signal?: AbortSignal): Promise<Policy> {
  const body = await requestJson<{ policy: Policy }>(`/api/policies/${encodeURIComponent(id)}`, { signal });
  return body.policy;
}

/** POST /api/policies/:id/print: a policy slip in the display language. */
export async function printPolicy(id: string, lang: Lang): Promise<void> {
  await requestJson<{ ok: boolean }>(`/api/policies/${encodeURIComponent(id)}/print`, {
    method: 'POST',
    body: { lang },
  });
}
