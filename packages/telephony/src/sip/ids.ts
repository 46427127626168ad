/**
 * Identifiers SIP needs to be globally unique (RFC 3261 sections 8.1.1.4, 8.1.1.7, 19.3).
 * They come from node:crypto, because a guessable branch or tag lets an off-path attacker
 * inject a CANCEL or a BYE into someone else's call.
 */
import { randomBytes } from 'node:crypto';
import { BRANCH_COOKIE } from './via.js';

/** base64url of `bytes` random bytes: token characters only, safe in Via and tag params. */
function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** A Via branch with the RFC 3261 magic cookie and 128 random bits. */
export function newBranch(): string {
  return `${BRANCH_COOKIE}${randomToken(16)}`;
}

/** A From/To tag: 64 random bits is well beyond the 32 bits RFC 3261 19.3 asks for. */
export function newTag(): string {
  return randomToken(8);
}

/** A Call-ID `random@host`; the host only helps a human reading traces. */
export function newCallId(host: string): string {
  return `${randomToken(16)}@${host}`;
}
