/** Ratings (好差评) and requests (诉求) filed at the kiosk. */
import { newIdempotencyKey, requestJson } from './http.ts';
import type { RatingInput, RequestInput, RequestReceipt } from './types.ts';

/** POST /api/ratings; ApiError 409 when the ticket was already rated. */
export async function submitRating(input: RatingInput): Promise<void> {
  await requestJson<unknown>('/api/ratings', { method: 'POST', body: input });
}

/** POST /api/requests; the receipt carries the request number and its tracking URL. */
export async function submitRequest(
  input: RequestInput,
  idempotencyKey: string = newIdempotencyKey(),
): Promise<RequestReceipt> {
  const body = await requestJson<{ request: RequestReceipt }>('/api/requests', {
    method: 'POST',
    body: { ...input, idempotencyKey },
  });
  return body.request;
}
