export type { Db, DbOptions, Queryable, QueryResult, SqlParam } from './db.js';
export { openDb } from './open.js';
export { migrate, splitStatements } from './migrate.js';
export {
  EventStore,
  isDurableTimer,
  type CommitItem,
  type ConfigSource,
  type EventScope,
  type EventStoreOptions,
} from './event-store.js';
export { readRecoveryPlan, endDeadCalls, type RecoveryPlan } from './recovery.js';
export { claimDueJobs } from './scheduled-jobs.js';
