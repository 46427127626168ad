import { parseArgs } from 'node:util';
import { loadSettings, SettingsError, settingsHelp, SETTING_FLAGS } from './server/settings.js';
import { startNode } from './server/node.js';
import { createLogger } from './server/logging.js';
import type { CliIo } from './cli.js';

export const SERVE_HELP = `tsunagu serve: run the contact center (API at /api, its docs at /docs)

${settingsHelp()}
`;

/**
 * `tsunagu serve`: one node until SIGTERM or SIGINT, then a graceful drain. Resolves with the
 * exit code: 0 after a clean shutdown, 2 for bad settings, 70 after a failed commit.
 */
export async function serve(args: readonly string[], io: CliIo): Promise<number> {
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({
      args: [...args],
      options: {
        help: { type: 'boolean', short: 'h' },
        ...Object.fromEntries(SETTING_FLAGS.map((f) => [f, { type: 'string' as const }])),
      },
      strict: true,
    }).values;
  } catch (err) {
    io.err(
      `tsunagu serve: ${(err as Error).message}\nRun 'tsunagu serve --help' for the settings.\n`,
    );
    return 2;
  }
  if (flags.help) {
    io.out(SERVE_HELP);
    return 0;
  }
  let settings;
  try {
    settings = loadSettings(flags as Record<string, string | undefined>, process.env);
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    io.err(`tsunagu serve: ${err.message}\n`);
    return 2;
  }
  const logger = createLogger(settings.logLevel);
  let node: Awaited<ReturnType<typeof startNode>>;
  try {
    node = await startNode(settings, logger);
  } catch (err) {
    // A port in use or a data directory held by another process: say so plainly.
    io.err(`tsunagu serve: cannot start: ${(err as Error).message}\n`);
    return 1;
  }
  io.out(`\n  Tsunagu: ${node.url}  (API docs / APIドキュメント: ${node.url}/docs)\n\n`);
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down: draining live calls / 停止処理中');
      node.shutdown().then(
        () => resolve(typeof process.exitCode === 'number' ? process.exitCode : 0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
