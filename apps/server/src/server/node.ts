import {
  buildApi,
  createAuthenticator,
  ensureAdmin,
  type Api,
  type EngineGateway,
} from '@tsunagu/api';
import { EventStore, endDeadCalls, openDb, readRecoveryPlan, type Db } from '@tsunagu/db';
import { createState, type EngineInput } from '@tsunagu/domain';
import { RealtimeScheduler, VirtualTelephony, type TelephonyPort } from '@tsunagu/telephony';
import type { Logger } from 'pino';
import { EngineRunner } from '../runtime/engine-runner.js';
import { demoConfig } from '../runtime/demo-config.js';
import { LocalEventBus } from './bus.js';
import { JobPoller } from './job-poller.js';
import { NodeTimers } from './node-timers.js';
import type { Settings } from './settings.js';

export interface TsunaguNode {
  readonly api: Api;
  readonly db: Db;
  readonly runner: EngineRunner;
  readonly telephony: TelephonyPort;
  readonly bus: LocalEventBus;
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
  const telephony = new VirtualTelephony(scheduler, {
    // Until SIP lands, agents answer from the desktop or the API ("answer"), not by themselves.
    agentPhone: () => ({ response: 'ignore', answerAfterMs: 0, talkMs: Infinity }),
  });
  const bus = new LocalEventBus();
  const state = createState();
  let fatal = false;
  const runner = new EngineRunner({
    telephony,
    timers: new NodeTimers(scheduler),
    clock: scheduler,
    state,
    store: new EventStore(db, state),
    onFatal: (err) => {
      fatal = true;
      logger.fatal({ err }, 'commit failed; stopping so recovery can rebuild from the database');
      process.exitCode = 70;
      setImmediate(() => process.kill(process.pid, 'SIGTERM'));
    },
    sinks: [
      (events, _input, ids) => {
        events.forEach((event, i) => bus.publish({ id: ids[i]!, event }));
      },
    ],
  });
  await recover(db, runner, logger, settings);

  let draining = false;
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
    },
    { logger },
  );
  const poller = new JobPoller(
    db,
    (timer) => runner.submit({ type: 'timer.fired', timer }),
    () => scheduler.now(),
  );
  poller.start();
  const address = await api.listen({ host: settings.host, port: settings.port });
  logger.info({ url: address }, 'Tsunagu is listening / 起動しました');

  return {
    api,
    db,
    runner,
    telephony,
    bus,
    url: address,
    async shutdown() {
      draining = true;
      ready = false;
      const deadline = Date.now() + settings.drainTimeoutSec * 1000;
      while (runner.state.calls.size > 0 && Date.now() < deadline) await sleep(200);
      poller.stop();
      await api.close();
      await runner.flush();
      scheduler.close();
      await telephony.close();
      await db.close();
    },
  };
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
  const ended = await endDeadCalls(db, plan, Date.now(), runner.state);
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
