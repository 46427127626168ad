/**
 * name-addr / addr-spec values of From, To, Contact, Route, Record-Route, Refer-To
 * (RFC 3261 section 20.10, 25.1).
 */
import { formatParams, isToken, parseParams } from './message.js';
import { formatUri, parseUri, type Uri } from './uri.js';

export interface NameAddr {
  /** Unquoted, unescaped display name; UTF-8 text such as 山田 太郎 is fine. */
  readonly displayName?: string;
  readonly uri: Uri;
  /** Header parameters (tag, expires, q, ...) in order, names lower-cased. */
  readonly params: Map<string, string | null>;
}

/** Reads a quoted-string starting at `text[0] === '"'`; returns the text and where it ends. */
export function readQuoted(text: string): { value: string; end: number } | undefined {
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') {
      const next = text[i + 1];
      // quoted-pair excludes CR and LF (RFC 3261 25.1)
      if (next === undefined || next === '\r' || next === '\n') return undefined;
      value += next;
      i++;
    } else if (ch === '"') return { value, end: i + 1 };
    else value += ch;
  }
  return undefined;
}

export function parseNameAddr(text: string): NameAddr | undefined {
  const s = text.trim();
  let displayName: string | undefined;
  let uriText: string;
  let rest: string;
  let afterName = s;
  if (s.startsWith('"')) {
    const q = readQuoted(s);
    if (!q) return undefined;
    displayName = q.value;
    afterName = s.slice(q.end).trimStart();
    if (!afterName.startsWith('<')) return undefined;
  }
  const lt = afterName.indexOf('<');
  if (lt >= 0) {
    if (displayName === undefined && lt > 0) {
      // display-name as *(token LWS): tokens only, and the UTF-8 some phones send unquoted.
      const words = afterName
        .slice(0, lt)
        .trim()
        .split(/[ \t]+/);
      if (words.some((w) => !isToken(w) && ![...w].every((c) => c.charCodeAt(0) > 0x7f)))
        return undefined;
      displayName = words.join(' ');
    }
    const gt = afterName.indexOf('>', lt);
    if (gt < 0) return undefined;
    uriText = afterName.slice(lt + 1, gt);
    rest = afterName.slice(gt + 1).trim();
  } else {
    // addr-spec without brackets: any ';' params belong to the header, not the URI.
    const semi = s.indexOf(';');
    uriText = semi < 0 ? s : s.slice(0, semi);
    rest = semi < 0 ? '' : s.slice(semi);
    if (/[\s,?]/.test(uriText)) return undefined;
  }
  const uri = parseUri(uriText);
  if (!uri || (rest !== '' && !rest.startsWith(';'))) return undefined;
  const params = parseParams(rest);
  if (!params) return undefined;
  return displayName === undefined ? { uri, params } : { displayName, uri, params };
}

export function formatDisplayName(name: string): string {
  return `"${name.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function formatNameAddr(addr: NameAddr): string {
  const name = addr.displayName === undefined ? '' : `${formatDisplayName(addr.displayName)} `;
  return `${name}<${formatUri(addr.uri)}>${formatParams(addr.params)}`;
}
