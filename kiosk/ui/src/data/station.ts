/** Station facts: identity, idle timeout, counters, groups; and the agent's health. */
import { requestJson } from './http.ts';
import type { Health, PrinterInfo, Station } from './types.ts';

/** GET /api/station */
export function fetchStation(signal?: AbortSignal): Promise<Station> {
  return requestJson<Station>('/api/station', { signal });
}

/** GET /api/health: hub link state and printer state for the first paint. */
export function fetchHealth(signal?: AbortSignal): Promise<Health> {
  return requestJson<Health>('/api/health', { signal });
}

/** GET /api/printer */
export function fetchPrinter(signal?: AbortSignal): Promise<PrinterInfo> {
  return requestJson<PrinterInfo>('/api/printer', { signal });
}
