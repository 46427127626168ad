import { existsSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { ApiError, type Api } from '@tsunagu/api';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Where `scripts/build-web.sh` (run by `npm start`) puts the built web app. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/** Paths the web app never owns: an unknown one answers the API's JSON 404, not the page. */
const SERVER_PREFIXES = ['api/', 'docs/', 'metrics', 'healthz', 'readyz'];

/** Vite names everything in assets/ by its content hash, so a browser may keep it for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html and unhashed files are checked on every load, so a new build shows at once. */
const REVALIDATE = 'no-cache';

function contentSecurityPolicy(host: string | undefined): string {
  // 'self' covers same-origin WebSockets in current browsers; the explicit ws(s) origins are for
  // the ones that predate CSP 3.
  const sockets = host ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'self'",
    `connect-src 'self'${sockets}`,
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "style-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Serves the web app (apps/web/dist) at `/`: files as they are, any other path that is not the
 * server's own gets index.html so the app's router shows it (SPA fallback). API routes, /docs,
 * /metrics and the health checks are matched first by their own routes and stay untouched.
 */
export async function serveWebApp(api: Api, root: string = WEB_DIST): Promise<void> {
  await api.register(async (scope) => {
    await scope.register(fastifyStatic, { root, serve: false });
    scope.get(
      '/*',
      { config: { guard: { public: true } }, schema: { hide: true } },
      async (request: FastifyRequest, reply: FastifyReply) => {
        const path = (request.params as { '*'?: string })['*'] ?? '';
        if (SERVER_PREFIXES.some((p) => path === p.replace(/\/$/, '') || path.startsWith(p)))
          throw new ApiError('CC_ERR_NOT_FOUND');
        reply.header('x-content-type-options', 'nosniff');
        reply.header('referrer-policy', 'same-origin');
        if (!existsSync(resolve(root, 'index.html'))) {
          return reply
            .status(503)
            .type('text/plain; charset=utf-8')
            .send(
              'The web app is not built: run `bash scripts/build-web.sh` (npm start does it).\n' +
                'Web アプリがビルドされていません。`bash scripts/build-web.sh` を実行してください。\n',
            );
        }
        const file = fileIn(root, path);
        if (file !== null) {
          reply.header('cache-control', path.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
          if (file.endsWith('.html'))
            reply.header('content-security-policy', contentSecurityPolicy(request.headers.host));
          return reply.sendFile(file, { cacheControl: false });
        }
        // A missing file (a stale hashed chunk, say) is a 404, never the page in its place.
        if (extname(path) !== '') throw new ApiError('CC_ERR_NOT_FOUND');
        reply.header('cache-control', REVALIDATE);
        reply.header('content-security-policy', contentSecurityPolicy(request.headers.host));
        return reply.sendFile('index.html', { cacheControl: false });
      },
    );
  });
}

/** The file `path` names inside `root`, or null (outside it, hidden, a folder, or missing). */
function fileIn(root: string, path: string): string | null {
  if (path === '' || path.split('/').some((segment) => segment.startsWith('.'))) return null;
  const full = resolve(root, path);
  if (!full.startsWith(root + sep)) return null;
  try {
    return statSync(full).isFile() ? full.slice(root.length + 1) : null;
  } catch {
    return null;
  }
}
