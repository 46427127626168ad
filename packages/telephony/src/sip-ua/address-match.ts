import { isIP } from 'node:net';

/** Is `address` inside one of `patterns` (plain addresses, or CIDR `a.b.c.d/n`, IPv6 too)? */
export function addressAllowed(address: string, patterns: readonly string[]): boolean {
  const ip = normalize(address);
  return patterns.some((pattern) => matches(ip, pattern));
}

function normalize(address: string): string {
  // IPv4-mapped IPv6 (::ffff:1.2.3.4) is how dual-stack sockets report IPv4 peers.
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function matches(ip: string, pattern: string): boolean {
  const [base, prefixText] = pattern.split('/');
  if (base === undefined) return false;
  const a = toBits(ip);
  const b = toBits(normalize(base));
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  const prefix = prefixText === undefined ? a.length : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > a.length) return false;
  return a.slice(0, prefix) === b.slice(0, prefix);
}

function toBits(ip: string): string | undefined {
  const family = isIP(ip);
  if (family === 4) {
    return ip
      .split('.')
      .map((o) => Number(o).toString(2).padStart(8, '0'))
      .join('');
  }
  if (family !== 6) return undefined;
  const [head = '', tail = ''] = ip.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::') ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16).toString(2).padStart(16, '0')).join('');
}
