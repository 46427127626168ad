import {
  buildApi,
  createAuthenticator,
  ensureAdmin,
  EventScopes,
  type Api,
  type EngineGateway,
} from '@tsunagu/api';
import { EventStore, endDeadCalls, openDb, readRecoveryPlan, type Db } from '@tsunagu/db';
import { createState, type EngineInput } from '@tsunagu/domain';
import {
  CompositeTelephony,
  RealtimeScheduler,
  VirtualTelephony,
  media,
  quietToneWriter,
  webrtc,
  type TelephonyPort,
} from '@tsunagu/telephony';
import type { Logger } from 'pino';
import { EngineRunner } from '../runtime/engine-runner.js';
import { demoConfig } from '../runtime/demo-config.js';
import { LocalEventBus } from './bus.js';
import { JobPoller } from './job-poller.js';
import { NodeTimers } from './node-timers.js';
import { bindCallIdsToRequests, eventLogSink } from './logging.js';
import { NodeMetrics } from './metrics.js';
import { Admission, drainCalls } from './shutdown.js';
import { WebhookWorker } from './webhook-worker.js';
import { serveWebApp } from './web-app.js';
import type { Settings } from './settings.js';
import { startNodeSip, type NodeSip } from './sip.js';
import { softphoneRoutes } from './softphone-route.js';

export interface TsunaguNode {
  readonly api: Api;
  readonly db: Db;
  readonly runner: EngineRunner;
  readonly telephony: TelephonyPort;
  /** In-memory legs: demo callers and agents who answer from the API or desktop. */
  readonly virtual: VirtualTelephony;
  /** The SIP side, unless turned off (`--sip-port -1`). */
  readonly sip: NodeSip | null;
  /** Browser softphones and the test caller (BEY-06); on the SIP side's media, so null without it. */
  readonly browser: webrtc.WebRtcTelephony | null;
  readonly bus: LocalEventBus;
  readonly metrics: NodeMetrics;
  readonly webhooks: WebhookWorker;
  readonly url: string;
  /** Graceful: stop taking work, let live calls finish (up to the drain timeout), close. */
  shutdown(): Promise<void>;
}

/**
 * Starts one node: database (migrated), recovery (configuration, agents' chosen statuses,
 * open callbacks at their places, dead calls ended), the engine on telephony, the API.
 */
export async function startNode(settings: Settings, logger: Logger): Promise<TsunaguNode> {
  const db = await openDb({ url: settings.databaseUrl, dataDir: settings.dataDir });
  const scheduler = new RealtimeScheduler();
  const virtual = new VirtualTelephony(scheduler, {
    // Agents without a SIP phone answer from the desktop or the API ("answer").
    agentPhone: () => ({ response: 'ignore', answerAfterMs: 0, talkMs: Infinity }),
    // Demo callers' voicemail and call recordings get a playable WAV (a quiet tone), so the
    // inbox plays them without a phone (AGT-04, AGT-09); SIP legs record real audio.
    writeRecording: quietToneWriter(settings.recordingsDir, (err) =>
      logger.error({ err }, 'demo recording not written'),
    ),
  });
  const bus = new LocalEventBus();
  const state = createState();
  // Resolves each event's center when committed, so streams and webhooks filter by it.
  const eventScopes = new EventScopes(state);
  let fatal = false;
  let draining = false;
  const metrics: NodeMetrics = new NodeMetrics({
    state,
    engineCounts: (): EngineRunner => runner,
    now: () => scheduler.now(),
    draining: () => draining,
    sip: () =>
      sip === null
        ? null
        : { legs: sip.stack.telephony.legs.size, registeredPhones: sip.stack.registrar.size },
  });
  // New inbound calls pass admission first: refused while draining or at --max-calls.
  const admission = new Admission(state, settings.maxCalls, logger, (r) => metrics.refusedCall(r));
  const sip =
    settings.sipPort < 0
      ? null
      : await startNodeSip(
          db,
          settings,
          state,
          scheduler,
          logger,
          () => admission.refusal() === null,
          (reason) => metrics.refusedCall(reason === 'capacity' ? 'sip-capacity' : reason),
        );
  const trunkOut = settings.sipTrunks.some((t) => t.outbound !== undefined);
  const browser = sip === null ? null : startBrowserSoftphones(sip, settings, scheduler, logger);
  const telephony: TelephonyPort =
    sip === null || browser === null
      ? virtual
      : new CompositeTelephony(
          sip.stack.telephony,
          virtual,
          (c) => {
            if (c.target.kind === 'number') return trunkOut ? 'primary' : 'secondary';
            const device = state.agents.get(c.target.agentId)?.device;
            // A browser agent with no softphone open answers from the desktop or API, no audio.
            if (device?.kind === 'browser' && browser.hasSoftphone(c.target.agentId))
              return 'browser';
            return device?.kind === 'sip' || (device?.kind === 'external' && trunkOut)
              ? 'primary'
              : 'secondary';
          },
          {
            browser,
            primaryMedia: (legId) => sip.stack.telephony.legs.get(legId)?.media ?? null,
            mix: (members) => media.mix(members as media.MediaSession[]),
          },
        );
  const runner: EngineRunner = new EngineRunner({
    telephony: admission.guard(telephony),
    timers: new NodeTimers(scheduler),
    clock: scheduler,
    state,
    store: metrics.timed(new EventStore(db, state, { scope: (event) => eventScopes.of(event) })),
    onFatal: (err) => {
      fatal = true;
      logger.fatal({ err }, 'commit failed; stopping so recovery can rebuild from the database');
      process.exitCode = 70;
      setImmediate(() => process.kill(process.pid, 'SIGTERM'));
    },
    sinks: [
      eventLogSink(logger),
      metrics.sink,
      (events, _input, ids) => {
        events.forEach((event, i) => bus.publish({ id: ids[i]!, event }));
      },
    ],
  });
  await recover(db, runner, logger, settings);

  let ready = true;
  const engine: EngineGateway = {
    state: runner.state,
    submit: (input: EngineInput) => runner.submitDurably(input),
    now: () => scheduler.now(),
  };
  const api = await buildApi(
    {
      db,
      engine,
      bus,
      eventScopes,
      auth: createAuthenticator(db),
      readiness: { ready: () => ready && !fatal, draining: () => draining },
      config: {
        secureCookies:
          settings.secureCookies === 'auto'
            ? !isLoopback(settings.host)
            : settings.secureCookies === 'true',
        sessionTtlHours: settings.sessionTtlHours,
        loginAttemptsPerMinute: settings.loginAttemptsPerMinute,
      },
      metrics,
      sipRealm: settings.sipRealm,
      recordingsDir: settings.recordingsDir,
      ...(sip !== null && {
        onSipAccountsChanged: () => sip.reloadAccounts(),
        onPromptsChanged: () => sip.reloadPrompts(),
      }),
      // /api/v1/demo: simulated callers on the virtual telephony; goes away with SIP.
      demo: {
        placeCall: (from, to) =>
          virtual.placeCall(from, to, { patienceMs: Infinity, talkMs: Infinity }),
        has: (legId) => (virtual.legs.get(legId)?.state ?? 'ended') !== 'ended',
        press: (legId, digits) => virtual.press(legId, digits),
        hangup: (legId) => virtual.hangupFromParty(legId),
      },
    },
    { logger },
  );
  softphoneRoutes(api, { state, browser });
  bindCallIdsToRequests(api, state);
  await serveWebApp(api);
  const poller = new JobPoller(
    db,
    (timer) => runner.submit({ type: 'timer.fired', timer }),
    () => scheduler.now(),
  );
  poller.start();
  const webhooks = new WebhookWorker(db, logger.child({ component: 'webhooks' }));
  webhooks.start(bus);
  let address: string;
  try {
    address = await api.listen({ host: settings.host, port: settings.port });
  } catch (err) {
    // Nothing was served yet: release what start-up took, so the process can exit cleanly.
    poller.stop();
    await webhooks.stop();
    await api.close();
    scheduler.close();
    await telephony.close();
    await sip?.close();
    await db.close();
    throw err;
  }
  logger.info({ url: address }, 'Tsunagu is listening / 起動しました');

  return {
    api,
    db,
    runner,
    telephony,
    virtual,
    sip,
    browser,
    bus,
    metrics,
    webhooks,
    url: address,
    async shutdown() {
      draining = true;
      ready = false;
      admission.startDraining();
      await drainCalls(runner.state, settings.drainTimeoutSec * 1000, logger);
      poller.stop();
      await api.close();
      await runner.flush();
      await webhooks.stop();
      scheduler.close();
      await telephony.close();
      await sip?.close();
      await db.close();
    },
  };
}

/** Browser legs run on the SIP side's media engine; ICE uses the SIP host's address only. */
function startBrowserSoftphones(
  sip: NodeSip,
  settings: Settings,
  scheduler: RealtimeScheduler,
  logger: Logger,
): webrtc.WebRtcTelephony {
  return new webrtc.WebRtcTelephony({
    scheduler,
    media: { clock: sip.media.clock, prompts: sip.prompts, recordingsDir: settings.recordingsDir },
    ice: {
      hostAddress: settings.sipHost,
      ...(settings.sipAdvertisedHost !== undefined && {
        advertisedAddress: settings.sipAdvertisedHost,
      }),
    },
    onError: (err, context) => logger.error({ err, context }, 'softphone error'),
  });
}

async function recover(
  db: Db,
  runner: EngineRunner,
  logger: Logger,
  settings: Settings,
): Promise<void> {
  const plan = await readRecoveryPlan(db);
  runner.state.seq = Math.max(runner.state.seq, plan.engineSeq);
  const first = plan.config.length === 0;
  const inputs: EngineInput[] =
    first && settings.demo ? demoConfig({ agentCount: 5 }) : plan.config;
  for (const input of inputs) {
    const result = await runner.submitDurably(input);
    if (result.error)
      logger.warn({ code: result.error.code, input: input.type }, 'configuration refused on start');
  }
  // Before the restores: it drops the dead process's timers, and restored requests set theirs.
  const ended = await endDeadCalls(db, plan, Date.now(), runner.state);
  for (const p of plan.presences) {
    await runner.submitDurably({
      type: 'agent.set-status',
      agentId: p.agentId,
      status: p.status,
      reason: p.reason,
    });
  }
  for (const callback of plan.callbacks) {
    const result = await runner.submitDurably({ type: 'callback.restore', callback });
    if (result.error)
      logger.error({ code: result.error.code, callbackId: callback.id }, 'callback not restored');
  }
  const admin = await ensureAdmin(db, settings.adminLogin, settings.adminPassword);
  if (admin.password) {
    // Printed once, on the console only (not in the JSON log), so it is not kept in log files.
    process.stdout.write(
      `\n  First start: system admin "${settings.adminLogin}" password / 初期管理者パスワード: ${admin.password}\n\n`,
    );
  }
  logger.info(
    { callbacks: plan.callbacks.length, deadCalls: ended, demo: first && settings.demo },
    'recovered from the database',
  );
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
