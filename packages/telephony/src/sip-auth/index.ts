/** SIP digest authentication (RFC 3261 §22): pure functions, no sockets, no clock. */
export { buildChallenge, parseChallenge, type Challenge } from './challenge.js';
export { buildCredentials, parseCredentials, type Credentials } from './credentials.js';
export {
  computeHA1,
  computeHA2,
  computeResponse,
  computeResponseFromPassword,
  hashHex,
  parseAlgorithm,
  type DigestAlgorithm,
  type ResponseInput,
} from './digest.js';
export { parseDigestHeader, type DigestParams } from './params.js';
export {
  NonceCounts,
  createNonce,
  nonceIssuedAt,
  verify,
  type Secret,
  type VerifyOptions,
  type VerifyResult,
} from './verifier.js';
