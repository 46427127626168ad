/** Pure media processors: codecs, packets and schedules; the socket adapters live elsewhere. */
export * from './g711.js';
export * from './rtp.js';
export * from './dtmf.js';
export * from './wav.js';
export * from './pacer.js';
export * from './media-clock.js';
export * from './prompt-library.js';
export * from './media-session.js';
export * from './media-engine.js';
export * from './rtp-io.js';
export type { RtpIo } from './rtp-socket.js';
export * from './mixer.js';
export * from './recorder.js';
export * from './speech.js';
