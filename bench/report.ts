import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release, totalmem } from 'node:os';
import type { RoutingResult, RoutingScenario } from './routing.js';
import type { CenterRun } from './center.js';
import { fmt, fmtSpread, markdownTable, spread } from './stats.js';

/** The markdown the benchmark prints: the machine, then one table per benchmark. */

export const ROUTING_TARGET_P99_US = 100;
export const CENTER_TARGET_WALL_MS = 5_000;
export const CENTER_TARGET_HOURS = 8;

export function machine(pinnedCpu: number | null): string {
  let cpu = 'unknown';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    cpu = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpu;
  } catch {
    // Not Linux: the model is left unknown.
  }
  return [
    `- CPU: ${cpu}, ${availableParallelism()} logical cores`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; kernel ${release()}`,
    `- Node ${process.version} (${process.arch}), TypeScript run through tsx`,
    `- Pinned: ${pinnedCpu === null ? 'no (taskset not available)' : `yes, \`taskset -c ${pinnedCpu}\``}`,
    `- Load average (1/5/15 min) at the start: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
  ].join('\n');
}

export function routingTable(
  rows: readonly { scenario: RoutingScenario; runs: readonly RoutingResult[] }[],
): string {
  const body = rows.map(({ scenario, runs }) => {
    const quietP99 = spread(runs.map((r) => r.quietP99Us));
    const line = spread(runs.flatMap((r) => [r.lineMin, r.lineMax]));
    const samples = runs.reduce((n, r) => n + r.samples, 0);
    const over = runs.filter((r) => r.quietP99Us >= ROUTING_TARGET_P99_US).length;
    const overNote = over > 0 ? ` (${over} of ${runs.length} runs over)` : '';
    const target = scenario.decision
      ? `${quietP99.median < ROUTING_TARGET_P99_US ? 'met' : '**missed**'}${overNote}`
      : 'n/a (no decision)';
    const releases = runs.reduce((n, r) => n + r.callbackReleases, 0) / samples;
    const preempted = runs.reduce((n, r) => n + r.preempted, 0) / samples;
    return [
      `${scenario.label} \`${scenario.id}\``,
      fmtSpread(spread(runs.map((r) => r.p50Us))),
      fmtSpread(spread(runs.map((r) => r.p90Us))),
      fmtSpread(spread(runs.map((r) => r.p99Us))),
      fmtSpread(spread(runs.map((r) => r.maxUs)), 0),
      fmtSpread(quietP99),
      `${fmt(preempted * 100)}%`,
      line.min === line.max ? fmt(line.min, 0) : `${fmt(line.min, 0)}–${fmt(line.max, 0)}`,
      releases > 0 ? `${fmt(releases * 100, 0)}%` : '–',
      target,
    ];
  });
  const header = [
    'Scenario',
    'p50 µs',
    'p90 µs',
    'p99 µs',
    'max µs',
    'p99 µs, not preempted',
    'preempted',
    'line',
    'callback releases',
    `p99 < ${ROUTING_TARGET_P99_US} µs`,
  ];
  return markdownTable(header, body);
}

export function centerTable(
  rows: readonly { id: string; driver: string; runs: readonly CenterRun[] }[],
  hours: number,
): string {
  const body = rows.map(({ id, driver, runs }) => {
    const first = runs[0]!;
    const wall = spread(runs.map((r) => r.wallMs / 1_000));
    const over = runs.filter((r) => r.wallMs >= CENTER_TARGET_WALL_MS).length;
    const overNote = over > 0 ? `; ${over} of ${runs.length} runs over` : '';
    const target =
      hours !== CENTER_TARGET_HOURS
        ? `n/a (the target is for ${CENTER_TARGET_HOURS} h)`
        : wall.median * 1_000 < CENTER_TARGET_WALL_MS
          ? `met (median ${fmt(wall.median, 2)} s${overNote})`
          : `**missed** (median ${fmt(wall.median, 2)} s${overNote})`;
    return [
      `${driver} \`${id}\``,
      fmtSpread(wall, 2),
      fmtSpread(spread(runs.map((r) => r.cpuMs / 1_000)), 2),
      fmt(first.calls, 0),
      fmt(first.inputs, 0),
      fmt(first.events, 0),
      fmtSpread(spread(runs.map((r) => r.inputs / (r.wallMs / 1_000) / 1_000)), 0),
      fmtSpread(spread(runs.map((r) => r.events / (r.wallMs / 1_000) / 1_000)), 0),
      fmtSpread(spread(runs.map((r) => r.peakRssMb)), 0),
      fmtSpread(spread(runs.map((r) => r.peakHeapMb)), 0),
      `${fmt(first.serviceLevel * 100)}%`,
      `${fmt(first.occupancy * 100)}%`,
      `${fmt(first.callbacksConnected, 0)} / ${fmt(first.callbacksRequested, 0)}`,
      target,
    ];
  });
  const header = [
    'Driver',
    'wall s',
    'CPU s',
    'calls',
    'engine inputs',
    'events',
    'k inputs/s',
    'k events/s',
    'peak RSS MB',
    'peak heap MB',
    'service level (20 s)',
    'occupancy',
    'callbacks connected / requested',
    `wall < ${CENTER_TARGET_WALL_MS / 1_000} s`,
  ];
  return markdownTable(header, body);
}
