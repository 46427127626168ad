/**
 * One browser's peer connection, seen from the server: werift answers the browser's offer with
 * PCMU (and RFC 4733 telephone-events) only, over DTLS-SRTP as WebRTC requires. ICE stays on
 * this machine's own addresses: no STUN or TURN server is configured, so nothing is ever sent
 * to the internet, and host candidates are gathered on the one address the operator names.
 */
import {
  RTCPeerConnection,
  RTCRtpCodecParameters,
  type RTCPeerConnectionConfig,
  type RTCRtpTransceiver,
  type RtpPacket,
} from 'werift';

export interface IceSettings {
  /** The address our host candidates are gathered on ('0.0.0.0': every IPv4 interface). */
  readonly hostAddress: string;
  /** Written into our candidates instead of `hostAddress` (a 1:1 NAT's outside address). */
  readonly advertisedAddress?: string;
  /** UDP ports for ICE (min < max); any free port when absent. */
  readonly portRange?: readonly [number, number];
  /** How long gathering our host candidates may take before we answer without them. */
  readonly gatherTimeoutMs?: number;
}

const PCMU = { mimeType: 'audio/PCMU', clockRate: 8000, channels: 1, payloadType: 0 };
const TELEPHONE_EVENT = {
  mimeType: 'audio/telephone-event',
  clockRate: 8000,
  channels: 1,
  payloadType: 101,
};

const isWildcard = (address: string): boolean => address === '0.0.0.0' || address === '::';

export function peerConfig(ice: IceSettings): RTCPeerConnectionConfig {
  const pinned = !isWildcard(ice.hostAddress);
  return {
    // No STUN/TURN: werift's default would ask a public STUN server for our address.
    iceServers: [],
    codecs: {
      audio: [new RTCRtpCodecParameters(PCMU), new RTCRtpCodecParameters(TELEPHONE_EVENT)],
      video: [],
    },
    // Pinned: the one address only (loopback included, which werift skips when it looks itself).
    iceUseIpv4: !pinned,
    iceUseIpv6: false,
    ...(pinned && {
      iceAdditionalHostAddresses: [ice.hostAddress],
      iceInterfaceAddresses: { udp4: ice.hostAddress },
    }),
    ...(ice.portRange && { icePortRange: [ice.portRange[0], ice.portRange[1]] }),
  };
}

/**
 * The browser's candidates we may send checks to. `<uuid>.local` ones (browsers that hide their
 * addresses) would need multicast DNS: we never ask the LAN, and the browser's own checks to our
 * host candidate still connect (peer-reflexive). With our address on loopback, only loopback
 * candidates can be meant for us, so nothing is sent to the machine's other addresses.
 */
export function usableCandidates(sdp: string, hostAddress: string): string {
  const loopbackOnly = isLoopback(hostAddress);
  return sdp
    .split(/\r?\n/)
    .filter((line) => {
      const address = /^a=candidate:\S+ \d+ \S+ \d+ (\S+) /i.exec(line)?.[1];
      if (address === undefined) return true;
      if (address.toLowerCase().endsWith('.local')) return false;
      return !loopbackOnly || isLoopback(address);
    })
    .join('\r\n');
}

const isLoopback = (address: string): boolean => address.startsWith('127.') || address === '::1';

/** Our candidates name `advertised` instead of the address they were gathered on. */
export function advertiseAs(sdp: string, gathered: string, advertised: string | undefined): string {
  if (advertised === undefined || advertised === gathered) return sdp;
  return sdp
    .split(/\r?\n/)
    .map((line) => {
      if (!line.startsWith('a=candidate:')) return line;
      const parts = line.split(' ');
      if (parts[4] === gathered) parts[4] = advertised;
      return parts.join(' ');
    })
    .join('\r\n');
}

export interface AnsweredPeer {
  readonly pc: RTCPeerConnection;
  readonly transceiver: RTCRtpTransceiver;
  /** Our SDP answer, every host candidate in it (no trickle). */
  readonly answerSdp: string;
  readonly audioPt: number;
  readonly telephoneEventPt: number | null;
}

/**
 * Answers the browser's offer. Rejects (and closes the connection) when the offer has no audio
 * or no PCMU: we do not transcode.
 */
export async function answerOffer(
  offerSdp: string,
  ice: IceSettings,
  onTrackRtp: (rtp: RtpPacket) => void,
): Promise<AnsweredPeer> {
  const pc = new RTCPeerConnection(peerConfig(ice));
  try {
    pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => onTrackRtp(rtp));
    });
    await pc.setRemoteDescription({
      type: 'offer',
      sdp: usableCandidates(offerSdp, ice.hostAddress),
    });
    const transceiver = pc.getTransceivers().find((t) => t.kind === 'audio');
    if (!transceiver) throw new Error('the offer has no audio');
    transceiver.setDirection('sendrecv');
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc, ice.gatherTimeoutMs ?? 5000);
    const audio = transceiver.codecs.find((c) => c.mimeType.toLowerCase() === 'audio/pcmu');
    if (!audio) throw new Error('the offer has no PCMU');
    const events = transceiver.codecs.find(
      (c) => c.mimeType.toLowerCase() === 'audio/telephone-event' && c.clockRate === 8000,
    );
    const sdp = pc.localDescription?.sdp ?? '';
    return {
      pc,
      transceiver,
      answerSdp: advertiseAs(sdp, ice.hostAddress, ice.advertisedAddress),
      audioPt: audio.payloadType,
      telephoneEventPt: events?.payloadType ?? null,
    };
  } catch (err) {
    void pc.close().catch(() => {});
    throw err;
  }
}

function gathered(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') done();
    });
    function done(): void {
      clearTimeout(timer);
      unSubscribe();
      resolve();
    }
  });
}
