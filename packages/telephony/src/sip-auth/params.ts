/**
 * The auth-param list shared by WWW-Authenticate, Proxy-Authenticate and Authorization
 * (RFC 3261 §25.1, RFC 7235 §2.1): `Digest name=value, name="quoted \" value", ...`.
 *
 * Headers come straight off the network, so this parser never throws: anything it cannot read
 * yields `undefined`, and the caller answers 400/401 instead of crashing the adapter.
 */

/** Parsed directives, names lower-cased (the grammar says they are case-insensitive). */
export type DigestParams = ReadonlyMap<string, string>;

const TOKEN_CHAR = /[A-Za-z0-9!#$%&'*+.^_`|~-]/;
const WS = /[ \t\r\n]/;

/** Parses `Digest <params>`; undefined when the scheme is not Digest or the list is malformed. */
export function parseDigestHeader(header: unknown): DigestParams | undefined {
  if (typeof header !== 'string') return undefined;
  const s = header.trim();
  const match = /^digest(?:[ \t\r\n]+|$)/i.exec(s);
  if (match === null) return undefined;
  return parseParamList(s.slice(match[0].length));
}

/** Parses `name=value` pairs separated by commas (empty elements allowed, as in #rule). */
export function parseParamList(input: string): DigestParams | undefined {
  const out = new Map<string, string>();
  let i = 0;
  const n = input.length;
  const skipWs = (): void => {
    while (i < n && WS.test(input.charAt(i))) i++;
  };
  while (i < n) {
    skipWs();
    if (i >= n) break;
    if (input.charAt(i) === ',') {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < n && TOKEN_CHAR.test(input.charAt(i))) i++;
    if (i === nameStart) return undefined;
    const name = input.slice(nameStart, i).toLowerCase();
    skipWs();
    if (input.charAt(i) !== '=') return undefined;
    i++;
    skipWs();
    let value: string;
    if (input.charAt(i) === '"') {
      i++;
      let buf = '';
      let closed = false;
      while (i < n) {
        const c = input.charAt(i);
        if (c === '\\') {
          // quoted-pair: the next character stands for itself (RFC 3261 §25.1).
          if (i + 1 >= n) return undefined;
          buf += input.charAt(i + 1);
          i += 2;
        } else if (c === '"') {
          i++;
          closed = true;
          break;
        } else {
          buf += c;
          i++;
        }
      }
      if (!closed) return undefined;
      value = buf;
    } else {
      const valueStart = i;
      while (i < n && TOKEN_CHAR.test(input.charAt(i))) i++;
      if (i === valueStart) return undefined;
      value = input.slice(valueStart, i);
    }
    // Each directive may appear once; a duplicate is ambiguous (which realm did the client
    // mean?) and a classic parser-confusion trick, so the whole header is refused.
    if (out.has(name)) return undefined;
    out.set(name, value);
    skipWs();
    if (i < n && input.charAt(i) !== ',') return undefined;
  }
  return out;
}

/**
 * Quotes a value for a quoted-string, escaping `"` and `\`. CR and LF are dropped: no
 * quoted-pair can carry them (RFC 3261 §25.1), and letting them through would split the header.
 */
export function quote(value: string): string {
  return `"${value.replace(/[\r\n]/g, '').replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
