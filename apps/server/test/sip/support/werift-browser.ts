import { media, webrtc } from '@tsunagu/telephony';
import type { RtcEnvironment, RtcPeer, RtcSocket } from '@tsunagu/telephony/browser';
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RtpHeader,
  RtpPacket,
  type RTCRtpTransceiver,
} from 'werift';
import { WebSocket } from 'ws';

/**
 * A "browser" made of werift (a WebRTC stack that runs in Node) and `ws`, handed to the real
 * browser module (createSoftphone, callQueue) as its environment. Its microphone is a 1 kHz
 * tone in PCMU; its ear decodes what the server sends; it can press keys as RFC 4733 events
 * on its audio stream, as a browser's RTCDTMFSender does.
 */
export class WeriftBrowser implements RtcEnvironment {
  /** Decoded samples of every audio packet the server sent, in arrival order. */
  readonly heard: Int16Array[] = [];
  sentPackets = 0;
  private transceiver: RTCRtpTransceiver | null = null;
  private timer: NodeJS.Timeout | null = null;
  private seq = 1000;
  private frame = 0;
  private readonly keys: string[] = [];

  constructor(private readonly cookie: string) {}

  createPeer(): RtcPeer {
    return new RTCPeerConnection(
      webrtc.peerConfig({ hostAddress: '127.0.0.1' }),
    ) as unknown as RtcPeer;
  }

  async addMicrophone(peer: RtcPeer): Promise<void> {
    const pc = peer as unknown as RTCPeerConnection;
    const track = new MediaStreamTrack({ kind: 'audio' });
    this.transceiver = pc.addTransceiver(track, { direction: 'sendrecv' });
    this.timer = setInterval(() => this.speak(), 20);
  }

  playRemote(peer: RtcPeer): () => void {
    const pc = peer as unknown as RTCPeerConnection;
    pc.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe((rtp) => {
        if (rtp.header.payloadType === 0) this.heard.push(media.mulawDecode(rtp.payload));
      }),
    );
    return () => this.stop();
  }

  openSocket(url: string): RtcSocket {
    return new WebSocket(url, { headers: { cookie: this.cookie } }) as unknown as RtcSocket;
  }

  /** Presses a key on the audio stream (RFC 4733), not as a message. */
  pressOnTrack(digit: string): void {
    this.keys.push(digit);
  }

  /** Loud frames heard (RMS above `floor`): speech or a tone, not silence or comfort noise. */
  loudFrames(floor = 1000): number {
    return this.heard.filter((f) => rms(f) > floor).length;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private speak(): void {
    const sender = this.transceiver?.sender;
    if (!sender || sender.dtlsTransport?.state !== 'connected') return;
    const timestamp = this.frame++ * 160;
    const key = this.keys.shift();
    if (key !== undefined) {
      // One digit: 100 ms of events in one burst, then audio again (good enough for the server).
      for (const p of media.generateDtmf(key, { timestamp, durationMs: 100 })) {
        const header = new RtpHeader({
          payloadType: 101,
          sequenceNumber: this.seq++ & 0xffff,
          timestamp: p.timestamp,
          ssrc: sender.ssrc,
          marker: p.marker,
        });
        void sender.dtlsTransport.sendRtp(Buffer.from(p.payload), header);
      }
      return;
    }
    const pcm = new Int16Array(160);
    for (let i = 0; i < 160; i++)
      pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 1000 * (timestamp + i)) / 8000));
    const header = new RtpHeader({
      payloadType: 0,
      sequenceNumber: this.seq++ & 0xffff,
      timestamp,
      ssrc: sender.ssrc,
    });
    void sender.sendRtp(new RtpPacket(header, Buffer.from(media.mulawEncode(pcm))));
    this.sentPackets += 1;
  }
}

function rms(frame: Int16Array): number {
  let sum = 0;
  for (const s of frame) sum += s * s;
  return Math.sqrt(sum / Math.max(1, frame.length));
}

/** ws://host/path of a node's http:// URL. */
export const wsUrl = (httpUrl: string, path: string): string =>
  `${httpUrl.replace(/^http/, 'ws')}${path}`;
