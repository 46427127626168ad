import type { ErrorCode } from '@tsunagu/domain';

/**
 * A refusal from the API, with the catalogue's code and its message in both languages
 * (packages/api/src/errors.ts: `{ error: { code, message, messageJa, details } }`), or a
 * network failure (`code: 'network'`). Show it with `<ErrorMessage error={...} />`.
 */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network' | 'unexpected',
    readonly messages: { readonly en: string; readonly ja: string } | null,
    readonly details: Record<string, unknown> = {},
  ) {
    super(messages?.en ?? code);
    this.name = 'ApiFailure';
  }
}

let onSessionLost: () => void = () => {};

/**
 * Called when an API answer says the session is gone (401 CC_ERR_UNAUTHENTICATED): the session
 * provider forgets the user, so the page asks to sign in again and comes back after it.
 */
export function onUnauthenticated(handler: () => void): void {
  onSessionLost = handler;
}

export interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

interface ErrorEnvelope {
  error?: {
    code?: ErrorCode;
    message?: string;
    messageJa?: string;
    details?: Record<string, unknown>;
  };
}

function urlOf(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * JSON over fetch with the session cookie (same origin; the cookie is HttpOnly and
 * SameSite=Strict, so pages never see it). Resolves with the parsed body, or `undefined` for
 * 204; rejects with ApiFailure.
 */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(options.body !== undefined && { 'content-type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiFailure(0, 'network', null);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: a proxy's error page, say. Reported as unexpected below when not ok.
  }
  if (!response.ok) {
    const error = (body as ErrorEnvelope | null)?.error;
    if (response.status === 401 && error?.code === 'CC_ERR_UNAUTHENTICATED') onSessionLost();
    if (error?.code && error.message && error.messageJa) {
      throw new ApiFailure(
        response.status,
        error.code,
        { en: error.message, ja: error.messageJa },
        error.details,
      );
    }
    throw new ApiFailure(response.status, 'unexpected', null);
  }
  return body as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};
