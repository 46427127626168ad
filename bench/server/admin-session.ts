import type { ChildProcess } from 'node:child_process';
import { HttpClient } from './http-client.js';

/**
 * For benchmarks that start `tsunagu serve` as a child process: waits for the line announcing
 * its URL, signs in as the admin and creates an API token for the run.
 */
export async function adminSession(
  child: ChildProcess,
  password: string,
  tokenName: string,
  stderr: () => string,
): Promise<{ url: URL; token: string }> {
  const url = await new Promise<URL>((ok, fail) => {
    let out = '';
    const onData = (c: Buffer): void => {
      out += c.toString();
      const found = /Tsunagu: (http:\/\/\S+)/.exec(out);
      if (found) {
        child.stdout!.off('data', onData);
        child.stdout!.resume(); // keep draining the log so the server never blocks on it
        ok(new URL(found[1]!));
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`server exited (${code})\n${stderr()}`)));
  });
  const anonymous = new HttpClient(url);
  try {
    const login = await anonymous.json('POST', '/api/v1/auth/login', { login: 'admin', password });
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
    const cookie = (login.headers['set-cookie'] as string[])
      .find((c) => c.startsWith('tsunagu_session='))!
      .split(';')[0]!;
    const token = await anonymous
      .withHeaders({ cookie })
      .json('POST', '/api/v1/tokens', { name: tokenName });
    if (token.status !== 201) throw new Error(`token failed: ${token.status}`);
    return { url, token: (token.body as { token: string }).token };
  } finally {
    anonymous.close();
  }
}
