export * from './types.js';
export { TransactionLayer, type TransactionLayerOptions } from './layer.js';
export { DEFAULT_TIMERS, type TimerValues } from './timers.js';
export { buildCancel, buildNon2xxAck } from './requests.js';
export {
  ackKey,
  clientKey,
  serverKey,
  responseDestination,
  stampReceived,
  topVia,
} from './matching.js';
export { ClientInviteTransaction } from './client-invite.js';
export { ClientNonInviteTransaction } from './client-non-invite.js';
export { ServerInviteTransaction } from './server-invite.js';
export { ServerNonInviteTransaction } from './server-non-invite.js';
export { SuccessRetransmitter } from './success-retransmitter.js';
