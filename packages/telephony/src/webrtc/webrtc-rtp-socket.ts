/**
 * A browser's audio as an RTP socket, so a MediaSession (prompts, music, bridge, mixer,
 * recorder, RFC 4733 digits) drives a WebRTC leg exactly as it drives a SIP leg. The bytes go
 * through werift's SRTP instead of a UDP socket; the 20 ms media clock, the jitter buffer and
 * the one outgoing stream are the MediaSession's own, and PCMU passes through untouched.
 */
import { RtpPacket, type RTCRtpTransceiver } from 'werift';
import { RtpSocket, type RtpEndpoint } from '../media/rtp-socket.js';

/** What a WebRTC "remote" looks like to the session: there is no address, only the peer. */
export const WEBRTC_ENDPOINT: RtpEndpoint = { address: 'webrtc', port: 9 };

export class WebRtcRtpSocket extends RtpSocket {
  constructor(
    private readonly transceiver: RTCRtpTransceiver,
    private readonly telephoneEventPt: number | null,
  ) {
    super('webrtc', 0);
  }

  /** A packet werift decrypted from the browser. */
  deliver(rtp: RtpPacket): void {
    this.receive(rtp.serialize());
  }

  protected transmit(bytes: Uint8Array): void {
    const sender = this.transceiver.sender;
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if ((bytes[1]! & 0x7f) !== this.telephoneEventPt) {
      void sender.sendRtp(buffer).catch(() => {});
      return;
    }
    // werift's sender stamps its audio codec's payload type on everything it sends; a digit
    // keeps its own, on our stream's sequence and the sender's SSRC.
    const transport = sender.dtlsTransport;
    if (transport?.state !== 'connected') return;
    const packet = RtpPacket.deSerialize(buffer);
    packet.header.ssrc = sender.ssrc;
    void transport.sendRtp(packet.payload, packet.header).catch(() => {});
  }

  protected release(): void {}

  protected source(): RtpEndpoint {
    return WEBRTC_ENDPOINT;
  }
}
