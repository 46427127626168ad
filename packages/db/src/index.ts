export type { Db, DbOptions, Queryable, QueryResult, SqlParam, Statement } from './db.js';
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
export {
  saveSipAccount,
  listSipAccounts,
  deleteSipAccount,
  loadSipAccounts,
  sipHa1,
  type SaveSipAccountResult,
  type SipAccount,
  type SipAccountInput,
  type SipAccountSummary,
  type SipDigestAlgorithm,
} from './sip-accounts.js';
export {
  savePromptOverride,
  listPromptOverrides,
  readPromptOverride,
  deletePromptOverride,
  loadPromptOverrides,
  type PromptLanguage,
  type PromptOverride,
  type PromptOverrideInput,
  type PromptOverrideSummary,
} from './prompt-overrides.js';
export {
  searchVoicemails,
  findVoicemail,
  markVoicemailHeard,
  deleteVoicemail,
  searchRecordings,
  findRecording,
  insertRecording,
  deleteRecording,
  type InboxCursor,
  type VoicemailFilter,
  type VoicemailRow,
  type RecordingFilter,
  type RecordingRow,
} from './inbox.js';
export {
  saveSipRegistration,
  loadSipRegistrations,
  type StoredSipBinding,
} from './sip-registrations.js';
