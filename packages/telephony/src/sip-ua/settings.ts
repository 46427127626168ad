/** What an operator configures for the SIP side of a node: identity, trunks, limits. */

export interface TrunkOutbound {
  /** The carrier's (or SBC's) signalling address. */
  readonly host: string;
  readonly port: number;
  readonly protocol: 'udp' | 'tcp';
  /** Digest credentials the carrier challenges us for (401/407). */
  readonly username?: string;
  readonly password?: string;
  /** Domain for the Request-URI and To; defaults to `host`. */
  readonly domain?: string;
}

export interface TrunkSettings {
  readonly name: string;
  /** Source addresses (IPv4 or IPv6, optionally with /prefix) trusted without digest. */
  readonly inboundAddresses: readonly string[];
  /** Accept INVITEs carrying these digest credentials from any address (no allowlist). */
  readonly inboundAuth?: { readonly username: string; readonly password: string };
  readonly outbound?: TrunkOutbound;
}

export interface SipUaSettings {
  /** Realm of our digest challenges (registrar and trunks). */
  readonly realm: string;
  /** The host we put in Via, Contact and SDP: the address phones and carriers reach us on. */
  readonly advertisedHost: string;
  /** HMAC key for stateless nonces; the same on every node behind one address. */
  readonly nonceSecret: string;
  readonly trunks: readonly TrunkSettings[];
  /** Above this many live SIP legs a new INVITE is answered 503 at once (admission control). */
  readonly maxLegs: number;
  /** Sent in Retry-After with every 503. */
  readonly retryAfterSec: number;
  /** RFC 4028: what we ask for, and the least we accept (Min-SE). */
  readonly sessionExpiresSec: number;
  readonly minSessionExpiresSec: number;
  /** Registration lifetimes we grant. */
  readonly minRegisterSec: number;
  readonly maxRegisterSec: number;
  /** Where recordings are written (`<dir>/<recordingId>.wav`). */
  readonly recordingsDir: string;
  /** Digest challenges offered to phones and trunks, in order (MD5 is what phones speak). */
  readonly digestAlgorithms: readonly ('MD5' | 'SHA-256')[];
  /** User-Agent / Server header. */
  readonly product: string;
}

export const DEFAULT_SIP_UA_SETTINGS: Omit<
  SipUaSettings,
  'advertisedHost' | 'nonceSecret' | 'recordingsDir'
> = {
  realm: 'tsunagu',
  trunks: [],
  maxLegs: 2_000,
  retryAfterSec: 5,
  sessionExpiresSec: 1_800,
  minSessionExpiresSec: 90,
  minRegisterSec: 60,
  digestAlgorithms: ['MD5'],
  maxRegisterSec: 3_600,
  product: 'Tsunagu',
};
