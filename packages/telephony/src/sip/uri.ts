/** SIP, SIPS (RFC 3261 section 19.1, 25.1) and tel (RFC 3966) URIs. */

export interface SipUri {
  readonly scheme: 'sip' | 'sips';
  /** Percent-decoded user part; may itself contain ';' (telephone-subscriber with params). */
  readonly user?: string;
  readonly password?: string;
  /** Host name, IPv4, or IPv6 without the brackets. */
  readonly host: string;
  readonly port?: number;
  /** uri-parameters in order, names lower-cased (they compare case-insensitively). */
  readonly params: Map<string, string | null>;
  /** `?name=value&...` headers, percent-decoded. */
  readonly headers: Map<string, string>;
}

export interface TelUri {
  readonly scheme: 'tel';
  readonly number: string;
  readonly params: Map<string, string | null>;
}

export type Uri = SipUri | TelUri;

const HOSTNAME =
  /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const PARAM_CHARS = /^[A-Za-z0-9\-_.!~*'()[\]/:&+$%]+$/;
const TEL_NUMBER = /^(\+[0-9\-.()]*[0-9][0-9\-.()]*|[0-9A-Fa-f*#\-.()pw]+)$/;
// unreserved / user-unreserved of RFC 3261 25.1: everything else in a user part is escaped.
const USER_SAFE = /[A-Za-z0-9\-_.!~*'()&=+$,;/]/; // '?' escaped: it would start headers
const HEADER_SAFE = /[A-Za-z0-9\-_.!~*'()/:+$]/;
const PASSWORD_SAFE = /[A-Za-z0-9\-_.!~*'()&=+$,]/;

/** Decodes %XX escapes; undefined if an escape is broken or the bytes are not UTF-8. */
function unescape(s: string): string | undefined {
  if (!s.includes('%')) return s;
  if (/%(?![0-9A-Fa-f]{2})/.test(s)) return undefined;
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function escape(s: string, safe: RegExp): string {
  let out = '';
  for (const byte of new TextEncoder().encode(s)) {
    const ch = String.fromCharCode(byte);
    out +=
      byte < 0x80 && safe.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function parseUriParams(text: string): Map<string, string | null> | undefined {
  const params = new Map<string, string | null>();
  if (text === '') return params;
  for (const raw of text.split(';')) {
    const eq = raw.indexOf('=');
    const name = eq < 0 ? raw : raw.slice(0, eq);
    const value = eq < 0 ? null : raw.slice(eq + 1);
    if (!PARAM_CHARS.test(name) || (value !== null && !PARAM_CHARS.test(value))) return undefined;
    params.set(name.toLowerCase(), value);
  }
  return params;
}

function formatUriParams(params: ReadonlyMap<string, string | null>): string {
  let out = '';
  for (const [name, value] of params) out += value === null ? `;${name}` : `;${name}=${value}`;
  return out;
}

/** Parses `host[:port]` where host may be a bracketed IPv6 reference. */
export function parseHostPort(text: string): { host: string; port?: number } | undefined {
  let host: string;
  let rest: string;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return undefined;
    host = text.slice(1, close);
    if (!IPV6.test(host) || !host.includes(':')) return undefined;
    rest = text.slice(close + 1);
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    rest = colon < 0 ? '' : text.slice(colon);
    if (!HOSTNAME.test(host)) return undefined;
  }
  if (rest === '') return { host };
  const m = /^:([0-9]{1,5})$/.exec(rest);
  if (!m || Number(m[1]) > 65535) return undefined;
  return { host, port: Number(m[1]) };
}

export function formatHostPort(host: string, port?: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === undefined ? h : `${h}:${port}`;
}

export function parseUri(text: string): Uri | undefined {
  const colon = text.indexOf(':');
  const scheme = text.slice(0, colon).toLowerCase();
  const rest = text.slice(colon + 1);
  if (scheme === 'tel') {
    const semi = rest.indexOf(';');
    const number = semi < 0 ? rest : rest.slice(0, semi);
    const params = parseUriParams(semi < 0 ? '' : rest.slice(semi + 1));
    if (!TEL_NUMBER.test(number) || !params) return undefined;
    return { scheme, number, params };
  }
  if (scheme !== 'sip' && scheme !== 'sips') return undefined;
  const q = rest.indexOf('?');
  const beforeHeaders = q < 0 ? rest : rest.slice(0, q);
  // The user part may contain ';' but never an unescaped '@', so the last '@' ends it.
  const at = beforeHeaders.lastIndexOf('@');
  let user: string | undefined;
  let password: string | undefined;
  if (at >= 0) {
    const userinfo = beforeHeaders.slice(0, at);
    const pc = userinfo.indexOf(':');
    user = unescape(pc < 0 ? userinfo : userinfo.slice(0, pc));
    if (pc >= 0) password = unescape(userinfo.slice(pc + 1));
    if (user === undefined || user === '' || (pc >= 0 && password === undefined)) return undefined;
    if (/[\s<>"]/.test(userinfo)) return undefined;
  }
  const hostAndParams = beforeHeaders.slice(at + 1);
  const semi = hostAndParams.indexOf(';');
  const hp = parseHostPort(semi < 0 ? hostAndParams : hostAndParams.slice(0, semi));
  const params = parseUriParams(semi < 0 ? '' : hostAndParams.slice(semi + 1));
  if (!hp || !params) return undefined;
  const headers = new Map<string, string>();
  if (q >= 0) {
    for (const pair of rest.slice(q + 1).split('&')) {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? undefined : unescape(pair.slice(0, eq));
      const value = eq < 0 ? undefined : unescape(pair.slice(eq + 1));
      if (!name || value === undefined || /[\s<>"]/.test(pair)) return undefined;
      headers.set(name, value);
    }
  }
  const uri: SipUri = { scheme, host: hp.host, params, headers };
  return {
    ...uri,
    ...(user !== undefined && { user }),
    ...(password !== undefined && { password }),
    ...(hp.port !== undefined && { port: hp.port }),
  };
}

export function formatUri(uri: Uri): string {
  if (uri.scheme === 'tel') return `tel:${uri.number}${formatUriParams(uri.params)}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) {
    out += escape(uri.user, USER_SAFE);
    if (uri.password !== undefined) out += `:${escape(uri.password, PASSWORD_SAFE)}`;
    out += '@';
  }
  out += formatHostPort(uri.host, uri.port) + formatUriParams(uri.params);
  const hs = [...uri.headers].map(
    ([n, v]) => `${escape(n, HEADER_SAFE)}=${escape(v, HEADER_SAFE)}`,
  );
  return hs.length > 0 ? `${out}?${hs.join('&')}` : out;
}
