import { readFileSync } from 'node:fs';
import { ROUTING_SCENARIOS } from './routing.js';
import { centerTable, routingTable } from './report.js';
const d = JSON.parse(readFileSync(process.argv[2]!, 'utf8'));
console.log(
  routingTable(ROUTING_SCENARIOS.map((scenario) => ({ scenario, runs: d.raw[scenario.id] }))),
);
const names: Record<string, string> = {
  'center-sim': 'runSimulation (apps/server/src/simulate)',
  'center-lean': 'lean (bench/center-driver.ts)',
  'center-sim-semi32': 'runSimulation (apps/server/src/simulate), `node --max-semi-space-size=32`',
};
console.log(
  centerTable(
    Object.keys(names).map((id) => ({ id, driver: names[id]!, runs: d.raw[id] })),
    8,
  ),
);
