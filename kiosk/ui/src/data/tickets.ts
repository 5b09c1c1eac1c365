/** Services, tickets and the green-channel check (kiosk side of the queue). */
import { newIdempotencyKey, requestJson } from './http.ts';
import type { GreenCheck, Lang, QueueSnapshot, ServiceInfo, Ticket, TicketRequest } from './types.ts';

/** GET /api/services */
export async function fetchServices(signal?: AbortSignal): Promise<ServiceInfo[]> {
  const body = await requestJson<{ services: ServiceInfo[] }>('/api/services', { signal });
  return body.services;
}

/**
 * POST /api/tickets. Pass the same key for retries of one tap; a seen key returns the same
 * ticket, so a double tap never issues two numbers.
 */
export async function issueTicket(
  req: TicketRequest,
  lang: Lang,
  idempotencyKey: string = newIdempotencyKey(),
): Promise<Ticket> {
  const body = await requestJson<{ ticket: Ticket }>('/api/tickets', {
    method: 'POST',
    body: { ...req, idempotencyKey, lang },
  });
  return body.ticket;
}

/** GET /api/tickets/:id */
export async function fetchTicket(id: string, signal?: AbortSignal): Promise<Ticket> {
  const body = await requestJson<{ ticket: Ticket }>(`/api/tickets/${encodeURIComponent(id)}`, { signal });
  return body.ticket;
}

/**
 * POST /api/green/check: validates the number (checksum, birth date) on the agent and tells
 * which group it matches, if any. Rejects with ApiError field/reason on invalid input.
 */
export function checkGreen(input: { idNumber: string } | { creditCode: string }): Promise<GreenCheck> {
  return requestJson<GreenCheck>('/api/green/check', { method: 'POST', body: input });
}

/** GET /api/queue: waiting tickets, counters and the last calls. */
export function fetchQueue(signal?: AbortSignal): Promise<QueueSnapshot> {
  return requestJson<QueueSnapshot>('/api/queue', { signal });
}
