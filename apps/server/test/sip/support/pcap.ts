import { media } from '@tsunagu/telephony';

/**
 * Pcap files of one RFC 4733 key press for SIPp's `play_pcap_audio`. SIPp replays a capture's
 * RTP headers as they are, so every play of its stock `dtmf_2833_1.pcap` carries the same
 * timestamp: a receiver rightly takes a second play in the same call for a retransmission of
 * the first. Pressing the same key twice needs captures with their own timestamps.
 */

const EVENTS: Record<string, number> = { '*': 10, '#': 11 };

export interface KeyPress {
  readonly digit: string;
  /** RTP timestamp of the event (what tells one press from another). */
  readonly timestamp: number;
  readonly sequence: number;
  readonly ssrc?: number;
  readonly payloadType?: number;
}

/** 7 updates 20 ms apart, then the end packet three times, as RFC 4733 §2.5.1.4 suggests. */
export function keyPressPcap(press: KeyPress): Uint8Array {
  const event = EVENTS[press.digit] ?? Number(press.digit);
  if (!Number.isInteger(event) || event < 0 || event > 15) throw new Error(`no key ${press.digit}`);
  const packets: Uint8Array[] = [];
  for (let i = 0; i < 10; i++) {
    const end = i >= 7;
    const duration = Math.min(i, 7) * 160;
    const rtp = new Uint8Array(16);
    const v = new DataView(rtp.buffer);
    v.setUint8(0, 0x80);
    v.setUint8(1, (i === 0 ? 0x80 : 0) | (press.payloadType ?? 101));
    // The end packet is sent three times with one sequence number, as SIPp's own captures do.
    v.setUint16(2, (press.sequence + Math.min(i, 7)) & 0xffff);
    v.setUint32(4, press.timestamp >>> 0);
    v.setUint32(8, (press.ssrc ?? 0x7453_7570) >>> 0);
    v.setUint8(12, event);
    v.setUint8(13, (end ? 0x80 : 0) | 10);
    v.setUint16(14, duration);
    packets.push(rtp);
  }
  return pcapOf(packets, 20_000);
}

/**
 * Keys typed one after another (`digits`, e.g. `0612345678#`), each its own RFC 4733 event with
 * its own timestamp: two updates and the end packet twice, 20 ms apart, then 40 ms up, so 100 ms
 * a key. `timestamp` is the first key's; give each pcap of one call its own range (keys of one
 * call must never repeat a timestamp, or the receiver drops them as retransmissions).
 */
export function keysPcap(
  digits: string,
  first: { readonly timestamp: number; readonly sequence: number },
): Uint8Array {
  const packets: Uint8Array[] = [];
  const timesUs: number[] = [];
  let sequence = first.sequence;
  [...digits].forEach((digit, k) => {
    const event = EVENTS[digit] ?? Number(digit);
    if (!Number.isInteger(event) || event < 0 || event > 15) throw new Error(`no key ${digit}`);
    const timestamp = first.timestamp + k * 800;
    for (let i = 0; i < 4; i++) {
      const end = i >= 2;
      packets.push(telephoneEvent({ event, end, marker: i === 0, sequence, timestamp, i }));
      // The end packet goes twice with one sequence number, as SIPp's own captures do.
      if (i < 2) sequence += 1;
      timesUs.push(k * 100_000 + i * 20_000);
    }
    sequence += 1;
  });
  return pcapOf(packets, 0, timesUs);
}

function telephoneEvent(p: {
  event: number;
  end: boolean;
  marker: boolean;
  sequence: number;
  timestamp: number;
  i: number;
}): Uint8Array {
  const rtp = new Uint8Array(16);
  const v = new DataView(rtp.buffer);
  v.setUint8(0, 0x80);
  v.setUint8(1, (p.marker ? 0x80 : 0) | 101);
  v.setUint16(2, p.sequence & 0xffff);
  v.setUint32(4, p.timestamp >>> 0);
  v.setUint32(8, 0x7453_7570);
  v.setUint8(12, p.event);
  v.setUint8(13, (p.end ? 0x80 : 0) | 10);
  v.setUint16(14, Math.min(p.i + 1, 3) * 160);
  return rtp;
}

/**
 * `ms` of a tone (440 Hz unless told) as PCMU (payload type 0) RTP, 20 ms a packet: a caller
 * speaking.
 */
export function tonePcap(ms: number, first: { readonly sequence: number }, hz = 440): Uint8Array {
  const packets: Uint8Array[] = [];
  for (let n = 0; n < Math.ceil(ms / 20); n++) {
    const rtp = new Uint8Array(12 + 160);
    const v = new DataView(rtp.buffer);
    v.setUint8(0, 0x80);
    v.setUint8(1, n === 0 ? 0x80 : 0);
    v.setUint16(2, (first.sequence + n) & 0xffff);
    v.setUint32(4, n * 160);
    v.setUint32(8, 0x746f_6e65);
    for (let s = 0; s < 160; s++) {
      const sample = Math.round(8000 * Math.sin((2 * Math.PI * hz * (n * 160 + s)) / 8000));
      rtp[12 + s] = media.mulawEncodeOne(sample);
    }
    packets.push(rtp);
  }
  return pcapOf(packets, 20_000);
}

/** A little-endian pcap of Ethernet/IPv4/UDP datagrams carrying `payloads`, `gapUs` apart. */
function pcapOf(payloads: readonly Uint8Array[], gapUs: number, timesUs?: number[]): Uint8Array {
  const frames = payloads.map((p) => udpFrame(p));
  const size = 24 + frames.reduce((n, f) => n + 16 + f.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, 65535, true);
  v.setUint32(20, 1, true); // Ethernet
  let at = 24;
  frames.forEach((frame, i) => {
    const us = timesUs?.[i] ?? i * gapUs;
    v.setUint32(at, 1_700_000_000 + Math.floor(us / 1e6), true);
    v.setUint32(at + 4, us % 1e6, true);
    v.setUint32(at + 8, frame.length, true);
    v.setUint32(at + 12, frame.length, true);
    out.set(frame, at + 16);
    at += 16 + frame.length;
  });
  return out;
}

/** SIPp rewrites addresses and ports; these are placeholders (documentation addresses). */
function udpFrame(payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(14 + 20 + 8 + payload.length);
  const v = new DataView(frame.buffer);
  v.setUint16(12, 0x0800);
  const ip = 14;
  v.setUint8(ip, 0x45);
  v.setUint16(ip + 2, 20 + 8 + payload.length);
  v.setUint8(ip + 8, 64);
  v.setUint8(ip + 9, 17);
  frame.set([192, 0, 2, 1], ip + 12);
  frame.set([192, 0, 2, 2], ip + 16);
  const udp = ip + 20;
  v.setUint16(udp, 10000);
  v.setUint16(udp + 2, 10000);
  v.setUint16(udp + 4, 8 + payload.length);
  frame.set(payload, udp + 8);
  return frame;
}
