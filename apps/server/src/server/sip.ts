import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPromptOverrides, loadSipAccounts, type Db } from '@tsunagu/db';
import type { EngineState } from '@tsunagu/domain';
import { media, sipUa, type TaskScheduler } from '@tsunagu/telephony';
import type { Logger } from 'pino';
import type { Settings } from './settings.js';
import { SipRegistrationStore } from './sip-registrations.js';

export interface NodeSip {
  readonly stack: sipUa.SipStack;
  readonly accounts: sipUa.MemoryAccounts;
  readonly prompts: media.PromptLibrary;
  /** The media plane (RTP, clock); browser softphones' legs run on it too (BEY-06). */
  readonly media: media.MediaEngine;
  /** Re-reads the phone accounts (after an admin changed them). */
  reloadAccounts(): Promise<void>;
  /** Re-reads the uploaded announcements (QCB-16). */
  reloadPrompts(): Promise<void>;
  /** Stops SIP and writes the last registration changes (before the database closes). */
  close(): Promise<void>;
}

/** The repository's `assets/` (prompts and hold music), found from this file or the cwd. */
export function assetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '../../../../assets'), resolve(process.cwd(), 'assets')];
  return candidates.find((dir) => existsSync(join(dir, 'prompts'))) ?? candidates[0]!;
}

/**
 * The node's SIP side: media engine (RTP on the SIP host), registrar and user agent. Agents'
 * phone accounts come from the database through `accounts`, reloaded when they change.
 */
export async function startNodeSip(
  db: Db,
  settings: Settings,
  state: EngineState,
  scheduler: TaskScheduler,
  logger: Logger,
  admit: () => boolean,
  onRefused: (reason: 'capacity' | 'forbidden' | 'unauthenticated') => void,
): Promise<NodeSip> {
  const log = logger.child({ component: 'sip' });
  await mkdir(settings.recordingsDir, { recursive: true });
  const assets = assetsDir();
  const prompts = new media.PromptLibrary({
    promptDir: join(assets, 'prompts'),
    assetsDir: assets,
    fragmentsFor: media.fragmentsFor,
    warn: (message) => log.warn(message),
  });
  const rtpIo = media.selectRtpIo(settings.rtpIo);
  if (rtpIo.fallbackReason !== null) {
    log.warn(
      { reason: rtpIo.fallbackReason },
      'native RTP I/O unavailable, using node:dgram / ネイティブ RTP I/O が使えないため node:dgram を使います',
    );
  }
  const engine = await media.MediaEngine.create({
    rtpIo: rtpIo.io,
    host: settings.sipHost,
    portMin: settings.rtpPorts[0],
    portMax: settings.rtpPorts[1],
    prompts,
    recordingsDir: settings.recordingsDir,
    onError: (err) => log.error({ err }, 'media error'),
  });
  const accounts = new sipUa.MemoryAccounts();
  const registrations = new SipRegistrationStore(db, log);
  const stack = await sipUa.startSipStack({
    host: settings.sipHost,
    port: settings.sipPort,
    wsPort: settings.sipWsPort >= 0 ? settings.sipWsPort : null,
    ua: {
      realm: settings.sipRealm,
      trunks: settings.sipTrunks,
      maxLegs: settings.sipMaxLegs,
      digestAlgorithms: settings.sipDigestAlgorithms,
      recordingsDir: settings.recordingsDir,
      ...(settings.sipAdvertisedHost !== undefined && {
        advertisedHost: settings.sipAdvertisedHost,
      }),
    },
    accounts,
    agentDevice: (agentId) => state.agents.get(agentId)?.device,
    media: {
      open: () => engine.open(),
      mix: (sessions) => media.mix(sessions as media.MediaSession[]),
      close: () => engine.close(),
    },
    scheduler,
    admit,
    onError: (err, context) => log.error({ err, context }, 'SIP error'),
    onRefused,
    onRegistration: (username, bindings) => registrations.changed(username, bindings),
  });
  log.info(
    {
      host: stack.address.host,
      udp: stack.address.udp,
      tcp: stack.address.tcp,
      ws: stack.address.ws,
      rtpIo: engine.rtpIo.kind,
    },
    'SIP is listening / SIP の待ち受けを開始しました',
  );
  const uploads = new Map<string, Int16Array>();
  prompts.overrides = (promptId, language, centerId) =>
    centerId === null ? undefined : uploads.get(`${centerId}\u0000${promptId}\u0000${language}`);
  const node: NodeSip = {
    stack,
    accounts,
    prompts,
    media: engine,
    async reloadAccounts() {
      const rows = await loadSipAccounts(db);
      // HA1 depends on the realm: accounts saved under another realm cannot log in here.
      accounts.replaceAll(
        rows
          .filter((a) => a.realm === settings.sipRealm)
          .map((a) => ({ username: a.username, ha1: a.ha1 })),
      );
      // A deleted account's phone is not rung any more, even before its binding expires.
      stack.registrar.retain((username) => accounts.find(username) !== undefined);
    },
    async close() {
      await stack.close();
      await registrations.settled();
    },
    async reloadPrompts() {
      uploads.clear();
      for (const row of await loadPromptOverrides(db)) {
        const wav = media.readWav(row.audio);
        if (wav.ok)
          uploads.set(`${row.centerId}\u0000${row.promptId}\u0000${row.language}`, wav.samples);
        else log.warn({ promptId: row.promptId, error: wav.error }, 'uploaded prompt unreadable');
      }
    },
  };
  await node.reloadAccounts();
  await node.reloadPrompts();
  const phones = await registrations.restoreInto(
    stack.registrar,
    scheduler.now(),
    (username) => accounts.find(username) !== undefined,
  );
  if (phones > 0) log.info({ phones }, 'phone registrations restored / 電話機の登録を復元しました');
  return node;
}
