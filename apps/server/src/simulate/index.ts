/** The simulator (SPEC BEY-05): the real engine on synthetic traffic. */
export { runSimulation } from './runner.js';
export { formatReport, type SimulationReport } from './report.js';
export {
  DEFAULT_SIMULATION,
  overrideSimulationConfig,
  SIMULATION_SCENARIOS,
  resolveSimulationConfig,
  SimulationConfigError,
  type ArrivalProfile,
  type ArrivalStep,
  type CallbackCustomerBehaviour,
  type DurationDistribution,
  type ResolvedSimulationConfig,
  type SimulationConfig,
  type SimulationQueueSettings,
  type SinusoidalArrivals,
} from './config.js';
export { Random } from './random.js';
export { ArrivalProcess, ArrivalRate } from './traffic.js';
export { OrderInversions } from './order-inversions.js';
export { CallbackCapacity, type CallbackCapacityFigures } from './callback-capacity.js';
export { EwtAccuracy, type EwtAccuracyFigures } from './ewt-accuracy.js';
