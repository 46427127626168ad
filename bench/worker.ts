import { ROUTING_SCENARIOS, runRouting } from './routing.js';
import { runCenter, type CenterDriver } from './center.js';

/**
 * One benchmark run in a fresh process (so JIT warmth and peak memory belong to this run
 * alone). bench/run.ts starts it and reads the JSON it prints on its last line:
 *   worker.ts routing <scenario-id> <samples> <warmup> <seed>
 *   worker.ts center <driver> <hours> <seed>
 */
async function main(argv: readonly string[]): Promise<unknown> {
  const [kind, ...rest] = argv;
  if (kind === 'routing') {
    const [id, samples, warmup, seed] = rest;
    const scenario = ROUTING_SCENARIOS.find((s) => s.id === id);
    if (!scenario) throw new Error(`unknown routing scenario ${id ?? ''}`);
    return runRouting(scenario, {
      samples: Number(samples),
      warmup: Number(warmup),
      seed: Number(seed),
    });
  }
  if (kind === 'center') {
    const [driver, hours, seed] = rest;
    if (driver !== 'sim' && driver !== 'lean')
      throw new Error(`unknown center driver ${driver ?? ''}`);
    return runCenter(driver satisfies CenterDriver, Number(hours), Number(seed));
  }
  throw new Error(`unknown benchmark ${kind ?? ''}`);
}

main(process.argv.slice(2)).then(
  (result) => process.stdout.write(`\n${JSON.stringify(result)}\n`),
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
