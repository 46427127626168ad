/** The browser side of the softphone (BEY-06), imported by the web app. No Node imports. */
export { createSoftphone } from './softphone.js';
export type {
  IncomingCall,
  Softphone,
  SoftphoneError,
  SoftphoneEvents,
  SoftphoneOptions,
} from './softphone.js';
export { callQueue } from './test-caller.js';
export type { CallQueueOptions, TestCall, TestCallEvents } from './test-caller.js';
export { browserEnvironment } from './environment.js';
export type { RtcEnvironment, RtcPeer, RtcSocket, RtcDescription } from './environment.js';
export type { ClientMessage, IncomingDisplay, ServerMessage } from './protocol.js';
