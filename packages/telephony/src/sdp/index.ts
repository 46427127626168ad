/** SDP offer/answer for the SIP adapter: parse the far end's, choose a codec, write ours. */
export * from './parse.js';
export * from './negotiate.js';
export * from './build.js';
