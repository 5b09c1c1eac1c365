/** Policies shown at the kiosk (惠企政策), and printing a policy slip. */
import { requestJson } from './http.ts';
import type { Policy, PolicyList } from './types.ts';

/** GET /api/policies */
export function fetchPolicies(signal?: AbortSignal): Promise<PolicyList> {
  return requestJson<PolicyList>('/api/policies', { signal });
}

/** GET /api/policies/:id */
export function fetchPolicy(id: string, signal?: AbortSignal): Promise<Policy> {
  return requestJson<Policy>(`/api/policies/${encodeURIComponent(id)}`, { signal });
}

/** POST /api/policies/:id/print */
export async function printPolicy(id: string): Promise<void> {
  await requestJson<{ ok: boolean }>(`/api/policies/${encodeURIComponent(id)}/print`, {
    method: 'POST',
    body: {},
  });
}
