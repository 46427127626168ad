/**
 * Reading the far end's SDP (RFC 4566 / RFC 3264) into the one thing the media plane needs: where
 * to send audio, which payloads the far end offers, and whether it is putting us on hold.
 *
 * The text comes from the network, so this never throws: sdp-transform is lenient and mostly
 * returns partial objects, and every field is checked before use.
 */
import { isIP } from 'node:net';
import { parse as parseSdp } from 'sdp-transform';

export type MediaDirection = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface RemotePayload {
  readonly pt: number;
  /** Encoding name as the far end wrote it (case kept), or the static name for 0-34. */
  readonly name: string;
  readonly rate: number;
}

export interface RemoteAudio {
  readonly address: string;
  readonly port: number;
  readonly payloads: readonly RemotePayload[];
  readonly telephoneEventPt: number | null;
  readonly direction: MediaDirection;
  /**
   * The far end holds us: direction sendonly/inactive, or the RFC 2543 style c=0.0.0.0 that old
   * phones still send.
   */
  readonly hold: boolean;
  readonly ptime?: number;
}

export type ParsedSessionDescription =
  { ok: true; audio: RemoteAudio } | { ok: false; reason: string };

/** Static audio payload types (RFC 3551 table 4) that may be offered without an rtpmap line. */
const STATIC_AUDIO: Readonly<Record<number, { name: string; rate: number }>> = {
  0: { name: 'PCMU', rate: 8000 },
  3: { name: 'GSM', rate: 8000 },
  4: { name: 'G723', rate: 8000 },
  8: { name: 'PCMA', rate: 8000 },
  9: { name: 'G722', rate: 8000 },
  13: { name: 'CN', rate: 8000 },
  18: { name: 'G729', rate: 8000 },
};

const DIRECTIONS: readonly string[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];

function fail(reason: string): ParsedSessionDescription {
  return { ok: false, reason };
}

type Loose = Record<string, unknown>;

const isObject = (v: unknown): v is Loose => typeof v === 'object' && v !== null;

function connectionIp(holder: unknown): string | undefined {
  if (!isObject(holder) || !isObject(holder.connection)) return undefined;
  const ip = holder.connection.ip;
  return typeof ip === 'string' ? ip.trim() : undefined;
}

function directionOf(holder: unknown): MediaDirection | undefined {
  if (!isObject(holder)) return undefined;
  const d = holder.direction;
  return typeof d === 'string' && DIRECTIONS.includes(d) ? (d as MediaDirection) : undefined;
}

function payloadsOf(media: Loose): RemotePayload[] {
  const rtpmaps = Array.isArray(media.rtp) ? media.rtp : [];
  const raw = typeof media.payloads === 'string' ? media.payloads : String(media.payloads ?? '');
  const out: RemotePayload[] = [];
  for (const token of raw.trim().split(/\s+/)) {
    if (!/^\d{1,3}$/.test(token)) continue;
    const pt = Number(token);
    if (pt > 127 || out.some((p) => p.pt === pt)) continue;
    const map = rtpmaps.find((r: unknown) => isObject(r) && r.payload === pt) as Loose | undefined;
    if (map && typeof map.codec === 'string' && map.codec !== '') {
      const rate = Number(map.rate);
      out.push({ pt, name: map.codec, rate: Number.isFinite(rate) && rate > 0 ? rate : 8000 });
    } else {
      const known = STATIC_AUDIO[pt];
      if (known) out.push({ pt, ...known });
    }
  }
  return out;
}

/** The far end's audio stream, from its offer or answer. Never throws. */
export function parseSessionDescription(text: string): ParsedSessionDescription {
  try {
    return parseUnsafe(text);
  } catch (e) {
    return fail(`unreadable SDP: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function parseUnsafe(text: string): ParsedSessionDescription {
  if (typeof text !== 'string' || !/^\s*v=0/.test(text)) return fail('not SDP (no v=0 line)');
  const session = parseSdp(text) as unknown as Loose;
  const media = Array.isArray(session.media) ? (session.media as unknown[]) : [];
  const audio = media.find(
    (m): m is Loose => isObject(m) && m.type === 'audio' && Number(m.port) > 0,
  );
  if (!audio) return fail('no active audio stream (m=audio with a non-zero port)');
  const protocol = typeof audio.protocol === 'string' ? audio.protocol.toUpperCase() : '';
  if (protocol !== 'RTP/AVP' && protocol !== 'RTP/AVPF') {
    return fail(`unsupported media protocol ${JSON.stringify(audio.protocol)} (want RTP/AVP)`);
  }
  const port = Number(audio.port);
  if (!Number.isInteger(port) || port > 65535) return fail(`bad audio port ${String(audio.port)}`);
  const address = connectionIp(audio) ?? connectionIp(session);
  if (address === undefined) return fail('no connection address (c=) for the audio stream');
  if (isIP(address) === 0)
    return fail(`connection address ${JSON.stringify(address)} is not an IP`);
  const payloads = payloadsOf(audio);
  if (payloads.length === 0) return fail('audio stream lists no usable payload types');
  const direction = directionOf(audio) ?? directionOf(session) ?? 'sendrecv';
  const telephoneEvent = payloads.find(
    (p) => p.name.toLowerCase() === 'telephone-event' && p.rate === 8000,
  );
  const ptime = Number(audio.ptime);
  const hold =
    direction === 'sendonly' ||
    direction === 'inactive' ||
    address === '0.0.0.0' ||
    address === '::';
  return {
    ok: true,
    audio: {
      address,
      port,
      payloads,
      telephoneEventPt: telephoneEvent ? telephoneEvent.pt : null,
      direction,
      hold,
      ...(Number.isFinite(ptime) && ptime > 0 ? { ptime } : {}),
    },
  };
}
