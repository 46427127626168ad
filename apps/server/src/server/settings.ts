import { readFileSync } from 'node:fs';
import { z } from 'zod';

const TrunkSchema = z.strictObject({
  name: z.string().min(1).max(64),
  inboundAddresses: z.array(z.string().min(2).max(64)).max(100).default([]),
  inboundAuth: z
    .strictObject({ username: z.string().min(1).max(64), password: z.string().min(8).max(128) })
    .optional(),
  outbound: z
    .strictObject({
      host: z.string().min(1).max(255),
      port: z.number().int().min(1).max(65535).default(5060),
      protocol: z.enum(['udp', 'tcp']).default('udp'),
      username: z.string().min(1).max(64).optional(),
      password: z.string().min(1).max(128).optional(),
      domain: z.string().min(1).max(255).optional(),
    })
    .optional(),
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Every setting, with its environment variable and meaning. Precedence: defaults, then the
 * config file (JSON, `TSUNAGU_CONFIG` or `--config`), then environment variables, then flags.
 */
const SETTINGS = {
  host: {
    env: 'TSUNAGU_HOST',
    flag: 'host',
    schema: z.string().min(1),
    default: '127.0.0.1',
    help: 'HTTP listen address (loopback by default)',
  },
  port: {
    env: 'TSUNAGU_PORT',
    flag: 'port',
    schema: z.coerce.number().int().min(0).max(65535),
    default: 8080,
    help: 'HTTP port (0 picks a free one)',
  },
  databaseUrl: {
    env: 'DATABASE_URL',
    flag: 'database-url',
    schema: z.string().min(1).optional(),
    default: undefined,
    help: 'PostgreSQL URL; when unset the embedded PGlite is used',
  },
  dataDir: {
    env: 'TSUNAGU_DATA_DIR',
    flag: 'data-dir',
    schema: z.string().min(1),
    default: '.data/pglite',
    help: 'where PGlite keeps its data',
  },
  demo: {
    env: 'TSUNAGU_DEMO',
    flag: 'demo',
    schema: z.enum(['true', 'false']).transform((v) => v === 'true'),
    default: true,
    help: 'create a demo center on first start',
  },
  adminLogin: {
    env: 'TSUNAGU_ADMIN_LOGIN',
    flag: 'admin-login',
    schema: z.string().min(1),
    default: 'admin',
    help: 'login of the first system admin',
  },
  adminPassword: {
    env: 'TSUNAGU_ADMIN_PASSWORD',
    flag: 'admin-password',
    schema: z.string().min(8).optional(),
    default: undefined,
    help: 'password of the first admin; printed once when generated',
  },
  logLevel: {
    env: 'TSUNAGU_LOG_LEVEL',
    flag: 'log-level',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    help: 'log level',
  },
  secureCookies: {
    env: 'TSUNAGU_SECURE_COOKIES',
    flag: 'secure-cookies',
    schema: z.enum(['true', 'false', 'auto']),
    default: 'auto',
    help: "Secure cookie flag; 'auto' is on unless the host is loopback",
  },
  sessionTtlHours: {
    env: 'TSUNAGU_SESSION_TTL_HOURS',
    flag: 'session-ttl-hours',
    schema: z.coerce.number().min(1).max(720),
    default: 12,
    help: 'how long a login lasts',
  },
  loginAttemptsPerMinute: {
    env: 'TSUNAGU_LOGIN_ATTEMPTS_PER_MINUTE',
    flag: 'login-attempts-per-minute',
    schema: z.coerce.number().int().min(1).max(1000),
    default: 10,
    help: 'login attempts per address and per login per minute',
  },
  drainTimeoutSec: {
    env: 'TSUNAGU_DRAIN_TIMEOUT_SEC',
    flag: 'drain-timeout-sec',
    schema: z.coerce.number().min(0).max(3600),
    default: 30,
    help: 'on shutdown, how long to let live calls finish',
  },
  maxCalls: {
    env: 'TSUNAGU_MAX_CALLS',
    flag: 'max-calls',
    schema: z.coerce.number().int().min(1).max(1_000_000),
    default: 2000,
    help: 'live calls above which new calls are refused (admission control)',
  },
  sipHost: {
    env: 'TSUNAGU_SIP_HOST',
    flag: 'sip-host',
    schema: z.string().min(1),
    default: '127.0.0.1',
    help: 'SIP (UDP and TCP) and RTP listen address (loopback by default)',
  },
  sipPort: {
    env: 'TSUNAGU_SIP_PORT',
    flag: 'sip-port',
    schema: z.coerce.number().int().min(-1).max(65535),
    default: 5060,
    help: 'SIP port for UDP and TCP (0 picks a free one, -1 turns SIP off)',
  },
  sipWsPort: {
    env: 'TSUNAGU_SIP_WS_PORT',
    flag: 'sip-ws-port',
    schema: z.coerce.number().int().min(-1).max(65535),
    default: -1,
    help: 'SIP over WebSocket (RFC 7118) port; -1 is off',
  },
  sipAdvertisedHost: {
    env: 'TSUNAGU_SIP_ADVERTISED_HOST',
    flag: 'sip-advertised-host',
    schema: z.string().min(1).optional(),
    default: undefined,
    help: 'address phones and carriers reach us on (Via, Contact, SDP); default: sip-host',
  },
  rtpPorts: {
    env: 'TSUNAGU_RTP_PORTS',
    flag: 'rtp-ports',
    schema: z
      .string()
      .regex(/^\d{1,5}-\d{1,5}$/)
      .transform((v) => v.split('-').map(Number) as [number, number])
      .refine(([a, b]) => a >= 1024 && b <= 65535 && b - a >= 10, 'a range like 20000-29999'),
    default: [20000, 29999] as [number, number],
    help: 'UDP port range for RTP media',
  },
  rtpIo: {
    env: 'TSUNAGU_RTP_IO',
    flag: 'rtp-io',
    schema: z.enum(['native', 'dgram', 'auto']),
    default: 'auto',
    help: "RTP socket I/O: 'native' (batched, Linux addon), 'dgram' (Node), 'auto' (native when built)",
  },
  sipRealm: {
    env: 'TSUNAGU_SIP_REALM',
    flag: 'sip-realm',
    schema: z.string().min(1).max(100),
    default: 'tsunagu',
    help: 'digest realm of the registrar and trunk challenges',
  },
  sipTrunks: {
    env: 'TSUNAGU_SIP_TRUNKS',
    flag: 'sip-trunks',
    schema: z.preprocess(
      (v) => (typeof v === 'string' ? safeJson(v) : v),
      z.array(TrunkSchema).max(100),
    ),
    default: [],
    help: 'SIP trunks as JSON: [{"name","inboundAddresses":["203.0.113.0/24"],"outbound":{"host","port","protocol","username","password"}}]',
  },
  sipDigestAlgorithms: {
    env: 'TSUNAGU_SIP_DIGEST_ALGORITHMS',
    flag: 'sip-digest-algorithms',
    schema: z
      .string()
      .transform((v) => v.split(',').map((a) => a.trim().toUpperCase()))
      .pipe(
        z
          .array(z.enum(['MD5', 'SHA-256']))
          .min(1)
          .max(2),
      ),
    default: ['MD5'] as ('MD5' | 'SHA-256')[],
    help: 'digest challenges offered, in order: md5, sha-256 or both (md5 suits most phones)',
  },
  sipMaxLegs: {
    env: 'TSUNAGU_SIP_MAX_LEGS',
    flag: 'sip-max-legs',
    schema: z.coerce.number().int().min(1).max(1_000_000),
    default: 4000,
    help: 'live SIP legs above which INVITEs are answered 503 at once',
  },
  recordingsDir: {
    env: 'TSUNAGU_RECORDINGS_DIR',
    flag: 'recordings-dir',
    schema: z.string().min(1),
    default: '.data/recordings',
    help: 'where call recordings and voicemail are written',
  },
} as const;

type Key = keyof typeof SETTINGS;
export type Settings = { [K in Key]: z.output<(typeof SETTINGS)[K]['schema']> } & {
  configFile: string | null;
};

export class SettingsError extends Error {}

export function settingsHelp(): string {
  const rows = Object.values(SETTINGS).map(
    (s) =>
      `  --${s.flag.padEnd(27)} ${s.env.padEnd(34)} ${s.help}${s.default === undefined ? '' : ` (default: ${typeof s.default === 'object' ? JSON.stringify(s.default) : String(s.default)})`}`,
  );
  return [
    'Settings (flag, environment variable, meaning). A JSON config file given by --config or',
    'TSUNAGU_CONFIG may hold any of them by name (e.g. {"port": 8080, "dataDir": "/var/lib/tsunagu"}).',
    `  --${'config'.padEnd(27)} ${'TSUNAGU_CONFIG'.padEnd(34)} JSON config file`,
    ...rows,
  ].join('\n');
}

export function loadSettings(
  flags: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv,
): Settings {
  const configFile = flags.config ?? env.TSUNAGU_CONFIG ?? null;
  let file: Record<string, unknown> = {};
  if (configFile) {
    try {
      file = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
    } catch (err) {
      throw new SettingsError(`cannot read config file ${configFile}: ${(err as Error).message}`);
    }
  }
  const out: Record<string, unknown> = { configFile };
  for (const [key, spec] of Object.entries(SETTINGS)) {
    const raw = flags[spec.flag] ?? env[spec.env] ?? file[key];
    if (raw === undefined) {
      out[key] = spec.default;
      continue;
    }
    const parsed = (spec.schema as z.ZodType).safeParse(
      typeof raw === 'boolean' ? String(raw) : raw,
    );
    if (!parsed.success) {
      throw new SettingsError(
        `invalid ${spec.flag} (${spec.env}): ${parsed.error.issues[0]?.message ?? 'invalid'}`,
      );
    }
    out[key] = parsed.data;
  }
  return out as Settings;
}

export const SETTING_FLAGS: string[] = ['config', ...Object.values(SETTINGS).map((s) => s.flag)];
