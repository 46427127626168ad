import type { CallbackOutcome } from '@tsunagu/domain';
import type { ResolvedSimulationConfig } from './config.js';
import type { AgentTimeFigures } from './agent-time.js';
import type { EwtAccuracyFigures } from './ewt-accuracy.js';
import type { CallbackCapacityFigures } from './callback-capacity.js';
import { int, pct, sec, table } from './format.js';

/** What a run measured. Everything but `performance` is a pure function of the config. */
export interface SimulationReport {
  readonly config: ResolvedSimulationConfig;
  /** Interactions that entered the queue (live callers). */
  readonly callsOffered: number;
  /** Live callers connected to an agent. */
  readonly answered: number;
  /** Live answers and callbacks connected within the threshold (the service level's numerator). */
  readonly withinThreshold: number;
  readonly abandoned: number;
  /** Abandons under `shortAbandonSec`, left out of the service level and the abandonment rate. */
  readonly shortAbandoned: number;
  /** Callers who left to voicemail or timed out: neither answered nor abandoned. */
  readonly otherExits: number;
  /** Entries still in the queue when the run stopped (the drain was too short for them). */
  readonly stillInQueue: number;
  readonly serviceLevelSec: number;
  /** Within threshold / (answered + counted abandons + completed callbacks), QCB-15. */
  readonly serviceLevel: number | null;
  readonly averageSpeedOfAnswerSec: number | null;
  readonly abandonmentRate: number | null;
  /** QCB-14: the two kinds of call and the four outcomes. */
  readonly callbacks: {
    readonly requestCalls: number;
    readonly callbackCalls: number;
    readonly requested: number;
    readonly completed: number;
    readonly outcomes: Readonly<Record<CallbackOutcome, number>>;
  };
  /** Agent talk time over staffed time, during the arrival window. */
  readonly occupancy: number | null;
  readonly agentTime: AgentTimeFigures;
  /** Pairs served out of first-join order, by the event oracle (0 expected). */
  readonly orderInversions: number;
  readonly assignments: number;
  readonly ewtAccuracy: EwtAccuracyFigures;
  /** Callbacks in flight against free agents, checked after every input (ADR 5). */
  readonly callbackCapacity: CallbackCapacityFigures;
  /** Erlang C at the run's mean arrival rate and mean handle time (talk + wrap-up). */
  readonly erlangC: {
    readonly arrivalsPerHour: number;
    readonly averageHandleSec: number;
    readonly trafficErlangs: number;
    readonly serviceLevel: number;
    readonly averageSpeedOfAnswerSec: number;
    readonly occupancy: number;
    readonly stable: boolean;
  };
  /** Telephony events the engine refused as stale or unknown. */
  readonly ignoredInputs: number;
  /** Wall-clock and memory figures: they vary from run to run. */
  readonly performance: {
    readonly wallMs: number;
    readonly events: number;
    readonly inputsHandled: number;
    readonly eventsPerSecond: number;
    readonly inputsPerSecond: number;
    /** The process's peak resident set so far (includes whatever ran before). */
    readonly peakRssMb: number;
    /** Highest V8 heap use sampled during the run. */
    readonly peakHeapUsedMb: number;
  };
}

function describeArrivals(c: ResolvedSimulationConfig): string {
  const a = c.arrivalsPerHour;
  if (typeof a === 'number') return `${a}/h`;
  if (Array.isArray(a)) return a.map((s) => `${s.perHour}/h from ${s.atHour} h`).join(', ');
  const s = a as Extract<typeof a, { kind: 'sinusoidal' }>;
  return `${s.meanPerHour}/h ± ${s.amplitude * 100}% every ${s.periodHours} h`;
}

/** The readable report the CLI prints, labels in English and Japanese. */
export function formatReport(r: SimulationReport): string {
  const c = r.config;
  const cb = r.callbacks;
  const e = r.erlangC;
  const patience = c.patienceSec === null ? 'none / なし' : `${c.patienceSec} s`;
  const callbackSetting = c.queue.callback.enabled
    ? `${c.queue.callback.mode}, uptake ${pct(c.callbackUptake)}`
    : 'off / なし';
  return [
    table('Simulation / シミュレーション', [
      ['Seed / シード', String(c.seed)],
      ['Hours / 時間', `${c.durationHours} h`],
      ['Agents / エージェント数', String(c.agents)],
      ['Arrivals / 着信数', describeArrivals(c)],
      ['Talk time / 通話時間', `${c.talkTime.kind}, mean ${c.talkTime.meanSec} s`],
      ['Patience / 待機許容時間', patience],
      ['Callbacks / コールバック', callbackSetting],
    ]),
    table('Results / 結果', [
      ['Calls offered / 着信数', int(r.callsOffered)],
      ['Answered / 応答数', int(r.answered)],
      ['Abandoned / 放棄呼数', `${int(r.abandoned)} (short / 短時間 ${int(r.shortAbandoned)})`],
      [`Service level / サービスレベル (${r.serviceLevelSec} s)`, pct(r.serviceLevel)],
      ['Average speed of answer / 平均応答速度', sec(r.averageSpeedOfAnswerSec)],
      ['Abandonment rate / 放棄率', pct(r.abandonmentRate)],
      ['Occupancy / 稼働率', pct(r.occupancy)],
      ['Still in queue at end / 終了時の待ち', int(r.stillInQueue)],
    ]),
    table('Callbacks / コールバック', [
      ['Callback requests / コールバック依頼', int(cb.requestCalls)],
      ['Callback calls / コールバック発信', int(cb.callbackCalls)],
      ['Connected / 接続', int(cb.outcomes.connected)],
      ['No answer or declined / 不在・辞退', int(cb.outcomes['no-answer-or-declined'])],
      ['Accepted, not connected / 承諾後未接続', int(cb.outcomes['accepted-not-connected'])],
      ['No callback / コールバックなし', int(cb.outcomes['no-callback'])],
    ]),
    table('Quality / 品質', [
      ['First-join order inversions / 順番の逆転', int(r.orderInversions)],
      [
        'Callbacks in flight over free agents / 空き超過の発信中CB',
        r.callbackCapacity.maxExcess === null ? '-' : int(r.callbackCapacity.maxExcess),
      ],
      ['EWT median error / 予想待ち時間の誤差中央値', sec(r.ewtAccuracy.medianAbsErrorSec)],
      ['EWT median error % / 誤差率中央値', pct(r.ewtAccuracy.medianRelativeError)],
      ['EWT samples / 標本数', int(r.ewtAccuracy.samples)],
    ]),
    table('Erlang C at the mean load / 平均負荷でのアーランC', [
      ['Traffic / 呼量', `${e.trafficErlangs.toFixed(2)} Erl`],
      ['Service level / サービスレベル', e.stable ? pct(e.serviceLevel) : 'unstable / 不安定'],
      ['Average speed of answer / 平均応答速度', e.stable ? sec(e.averageSpeedOfAnswerSec) : '∞'],
    ]),
    table('Performance / 性能', [
      ['Wall time / 実時間', `${(r.performance.wallMs / 1000).toFixed(2)} s`],
      [
        'Events / イベント数',
        `${int(r.performance.events)} (${int(Math.round(r.performance.eventsPerSecond))}/s)`,
      ],
      ['Inputs handled / 処理入力数', int(r.performance.inputsHandled)],
      ['Peak RSS / 最大RSS', `${r.performance.peakRssMb.toFixed(0)} MB`],
      ['Peak heap / 最大ヒープ', `${r.performance.peakHeapUsedMb.toFixed(0)} MB`],
    ]),
  ].join('\n\n');
}
