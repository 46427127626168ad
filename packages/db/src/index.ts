export type { Db, DbOptions, Queryable, QueryResult, SqlParam } from './db.js';
export { openDb } from './open.js';
export { migrate, splitStatements } from './migrate.js';
export { EventStore, isDurableTimer, type CommitItem, type ConfigSource } from './event-store.js';
export { readRecoveryPlan, endDeadCalls, type RecoveryPlan } from './recovery.js';
