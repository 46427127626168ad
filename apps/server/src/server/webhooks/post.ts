/** What one attempt got: a status (any HTTP answer) or an error (no answer). */
export interface AttemptResult {
  readonly ok: boolean;
  readonly status: number | null;
  readonly error: string | null;
}

/**
 * POSTs one delivery. Redirects are not followed (a 3xx is a failure the admin sees), so a
 * receiver cannot bounce the server to another address; the answer's body is not read.
 */
export async function postDelivery(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  abort: AbortSignal,
): Promise<AttemptResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.any([abort, AbortSignal.timeout(timeoutMs)]),
    });
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    return { ok: false, status: null, error: describe(err) };
  }
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError') return 'timeout';
  if (e.name === 'AbortError') return 'aborted';
  const text = e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
  return text.slice(0, 500);
}
