/**
 * Demo policies: on a hub without them, publishes every policy of shared/data/policies.sample.json
 * as version 1 for all stations (marked as demo data: no publication deadline). Idempotent; a
 * policy already on the hub (in any status) is left alone.
 */
import samples from '@xz/shared/data/policies.sample.json' with { type: 'json' };
import type { Hub } from '../app.ts';

/** Seeds the demo policies into a started hub; returns the ids published now. */
export async function seedDemoPolicies(hub: Pick<Hub, 'app'>): Promise<string[]> {
  const ops = await hub.app.opsReady;
  return ops.policies.seed((samples as { policies: unknown[] }).policies);
}
