/** Pure media processors: codecs, packets and schedules; the socket adapters live elsewhere. */
export * from './g711.js';
export * from './rtp.js';
export * from './dtmf.js';
export * from './wav.js';
export * from './pacer.js';
