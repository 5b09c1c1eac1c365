/**
 * Intent events: leaf screens say what the citizen wants; the kiosk shell carries it out.
 * The shell puts the outcome (a promise) into the event's detail, so the leaf can show
 * progress and errors without ever building a request.
 */
import type { GreenGrant, RatingInput, RequestInput, RequestReceipt, Text2 } from '../data/types.ts';

export type KioskRoute = 'home' | 'services' | 'green' | 'policies' | 'rate' | 'request';

/** A green-channel pass held only until the ticket is issued, then dropped. */
export interface GreenPass {
  grant?: GreenGrant;
  /** Shown on the service list. */
  reason: Text2;
  idNumber?: string;
  creditCode?: string;
  declaredGroup?: string;
}

export interface IntentMap {
  'xz-navigate': { to: KioskRoute; scanned?: string };
  'xz-green-pass': { pass: GreenPass };
  'xz-ticket-request': { serviceId: string; result?: Promise<unknown> };
  'xz-print-request': { policyId: string; result?: Promise<void> };
  'xz-rating-submit': { input: RatingInput; result?: Promise<void> };
  'xz-request-submit': { input: RequestInput; result?: Promise<RequestReceipt> };
}

/** Fires an intent and returns its detail (with `result` once the shell took it on). */
export function fireIntent<K extends keyof IntentMap>(
  from: HTMLElement,
  name: K,
  detail: IntentMap[K],
): IntentMap[K] {
  from.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  return detail;
}

declare global {
  interface HTMLElementEventMap {
    'xz-navigate': CustomEvent<IntentMap['xz-navigate']>;
    'xz-green-pass': CustomEvent<IntentMap['xz-green-pass']>;
    'xz-ticket-request': CustomEvent<IntentMap['xz-ticket-request']>;
    'xz-print-request': CustomEvent<IntentMap['xz-print-request']>;
    'xz-rating-submit': CustomEvent<IntentMap['xz-rating-submit']>;
    'xz-request-submit': CustomEvent<IntentMap['xz-request-submit']>;
  }
}
