export type { TelephonyPort } from './port.js';
export { VirtualScheduler, type Clock, type TaskScheduler } from './virtual/scheduler.js';
export { RealtimeScheduler } from './realtime-scheduler.js';
export {
  VirtualTelephony,
  type VirtualLeg,
  type VirtualTelephonyOptions,
} from './virtual/virtual-telephony.js';
export * from './virtual/scripts.js';
export type { RecordingWriter } from './virtual/virtual-recording.js';
export { quietToneWriter } from './virtual/recording-file.js';
export * as sipAuth from './sip-auth/index.js';
export * as sip from './sip/index.js';
export * as media from './media/index.js';
export {
  CompositeTelephony,
  type CompositeOptions,
  type MediaOf,
  type OriginateChooser,
} from './composite-telephony.js';
export * as webrtc from './webrtc/index.js';
export * as sipUa from './sip-ua/index.js';
export * as sipTransport from './sip-transport/index.js';
