/**
 * The one HTTP client of the browser apps: same-origin JSON requests with the agent's error shape.
 */

/** An error answer from the agent (or a network failure, code XZ_ERR_NETWORK). */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly messageZh: string;
  readonly field?: string;
  readonly reason?: string;

  constructor(
    status: number,
    body: Partial<Record<'code' | 'message' | 'messageZh' | 'field' | 'reason', unknown>>,
  ) {
    const message = typeof body.message === 'string' ? body.message : `HTTP ${status}`;
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : status === 0 ? 'XZ_ERR_NETWORK' : 'XZ_ERR_HTTP';
    this.messageZh = typeof body.messageZh === 'string' ? body.messageZh : message;
    if (typeof body.field === 'string') this.field = body.field;
    if (typeof body.reason === 'string') this.reason = body.reason;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'DELETE';
  body?: unknown;
  token?: string;
  signal?: AbortSignal;
}

export async function requestJson<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
      cache: 'no-store',
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, { message: 'The station agent cannot be reached', messageZh: '无法连接本站服务' });
  }
  const text = await res.text();
  let body: unknown;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
  }
  if (!res.ok) throw new ApiError(res.status, (body ?? {}) as Record<string, unknown>);
  return body as T;
}

/** A fresh idempotency key (8–64 chars) for one user intent. */
export function newIdempotencyKey(): string {
  // getRandomValues also works on plain-http LAN pages, where randomUUID does not exist.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
