/** One Via header element (RFC 3261 section 20.42, 18.2.1 and RFC 3581 for rport). */
import { formatParams, isToken, parseParams } from './message.js';
import { formatHostPort, parseHostPort } from './uri.js';

export interface Via {
  readonly protocol: string;
  readonly version: string;
  /** Upper-cased transport token: UDP, TCP, TLS, SCTP, WS, WSS, or an extension. */
  readonly transport: string;
  readonly host: string;
  readonly port?: number;
  /** branch, received, rport, maddr, ttl and extensions, in order, names lower-cased. */
  readonly params: Map<string, string | null>;
}

/** The RFC 3261 magic cookie: a branch with it is unique per transaction (section 8.1.1.7). */
export const BRANCH_COOKIE = 'z9hG4bK';

const IP = /^([0-9]{1,3}(\.[0-9]{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/;

function validParams(params: Map<string, string | null>): boolean {
  const ttl = params.get('ttl');
  if (ttl !== undefined && (ttl === null || !/^[0-9]{1,3}$/.test(ttl) || Number(ttl) > 255)) {
    return false;
  }
  const rport = params.get('rport');
  if (rport != null && (!/^[0-9]{1,5}$/.test(rport) || Number(rport) > 65535)) return false;
  const received = params.get('received');
  if (received !== undefined && (received === null || !IP.test(received))) return false;
  const branch = params.get('branch');
  if (branch !== undefined && (branch === null || !isToken(branch))) return false;
  const maddr = params.get('maddr');
  return maddr === undefined || (maddr !== null && parseHostPort(maddr)?.port === undefined);
}

export function parseVia(text: string): Via | undefined {
  // sent-protocol allows LWS around each '/' (RFC 3261 25.1, SLASH = SWS "/" SWS).
  const m = /^([^\s/]+)\s*\/\s*([^\s/]+)\s*\/\s*([^\s/;]+)\s+([^;\s]+)\s*(;.*)?$/s.exec(
    text.trim(),
  );
  if (!m) return undefined;
  const [, protocol, version, transport, sentBy, paramText] = m;
  if (!isToken(protocol!) || !isToken(version!) || !isToken(transport!)) return undefined;
  const hp = parseHostPort(sentBy!);
  const params = parseParams(paramText ?? '');
  if (!hp || !params || !validParams(params)) return undefined;
  const via: Via = {
    protocol: protocol!.toUpperCase(),
    version: version!,
    transport: transport!.toUpperCase(),
    host: hp.host,
    params,
  };
  return hp.port === undefined ? via : { ...via, port: hp.port };
}

export function formatVia(via: Via): string {
  return `${via.protocol}/${via.version}/${via.transport} ${formatHostPort(via.host, via.port)}${formatParams(via.params)}`;
}
