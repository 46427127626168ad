/**
 * What the softphone needs from its surroundings: a peer connection, the microphone, a
 * speaker and a WebSocket. In a browser these are the platform's own (browserEnvironment);
 * tests in Node pass werift and `ws` instead. Plain TypeScript, no DOM or Node types: the web
 * app bundles this folder as is.
 */

export interface RtcDescription {
  readonly type: string;
  readonly sdp?: string;
}

export interface RtcDtmfSender {
  insertDTMF(tones: string, duration?: number, interToneGap?: number): void;
}

export interface RtcPeer {
  createOffer(): Promise<RtcDescription>;
  setLocalDescription(description: RtcDescription): Promise<unknown>;
  setRemoteDescription(description: { type: 'answer'; sdp: string }): Promise<unknown>;
  readonly iceGatheringState: string;
  readonly localDescription: { readonly sdp: string } | null;
  getSenders?(): readonly { readonly dtmf?: RtcDtmfSender | null }[];
  close(): unknown;
}

export interface RtcSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface RtcEnvironment {
  /** A peer connection with no STUN or TURN server: the server is on our network. */
  createPeer(): RtcPeer;
  /** Puts the microphone on the connection (the browser asks the user the first time). */
  addMicrophone(peer: RtcPeer): Promise<void>;
  /** Plays what the far end sends; returns what stops it. */
  playRemote(peer: RtcPeer): () => void;
  openSocket(url: string): RtcSocket;
}

/** The browser's own WebRTC, microphone, audio element and WebSocket. */
export function browserEnvironment(): RtcEnvironment {
  const g = globalThis as unknown as BrowserGlobals;
  let microphone: { getTracks(): { stop(): void }[] } | null = null;
  return {
    createPeer: () => new g.RTCPeerConnection({ iceServers: [] }) as unknown as RtcPeer,
    async addMicrophone(peer) {
      const stream = await g.navigator.mediaDevices.getUserMedia({ audio: true, video: false });
      microphone = stream;
      const pc = peer as unknown as BrowserPeer;
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
      preferPcmu(g, pc);
    },
    playRemote(peer) {
      const pc = peer as unknown as BrowserPeer;
      const audio = new g.Audio();
      audio.autoplay = true;
      pc.ontrack = (event) => {
        audio.srcObject = event.streams[0] ?? new g.MediaStream([event.track]);
        void audio.play().catch(() => {});
      };
      return () => {
        audio.srcObject = null;
        for (const track of microphone?.getTracks() ?? []) track.stop();
        microphone = null;
      };
    },
    openSocket: (url) => new g.WebSocket(url) as unknown as RtcSocket,
  };
}

/** Offer PCMU and 8 kHz telephone-events only: the server neither transcodes nor mixes Opus. */
function preferPcmu(g: BrowserGlobals, pc: BrowserPeer): void {
  const codecs = g.RTCRtpReceiver?.getCapabilities?.('audio')?.codecs ?? [];
  const wanted = codecs.filter(
    (c) =>
      c.mimeType.toLowerCase() === 'audio/pcmu' ||
      (c.mimeType.toLowerCase() === 'audio/telephone-event' && c.clockRate === 8000),
  );
  if (wanted.length === 0) return;
  for (const t of pc.getTransceivers()) {
    try {
      t.setCodecPreferences?.(wanted);
    } catch {
      // Older browsers: the server picks PCMU from the full offer anyway.
    }
  }
}

interface Codec {
  readonly mimeType: string;
  readonly clockRate: number;
}

interface BrowserPeer {
  addTrack(track: unknown, stream: unknown): unknown;
  getTransceivers(): { setCodecPreferences?(codecs: readonly Codec[]): void }[];
  ontrack: ((event: { streams: readonly unknown[]; track: unknown }) => void) | null;
}

interface BrowserGlobals {
  RTCPeerConnection: new (config: { iceServers: readonly unknown[] }) => unknown;
  RTCRtpReceiver?: { getCapabilities?(kind: 'audio'): { codecs: readonly Codec[] } | null };
  MediaStream: new (tracks: readonly unknown[]) => unknown;
  WebSocket: new (url: string) => unknown;
  Audio: new () => {
    autoplay: boolean;
    srcObject: unknown;
    play(): Promise<void>;
  };
  navigator: {
    mediaDevices: {
      getUserMedia(constraints: {
        audio: boolean;
        video: boolean;
      }): Promise<{ getTracks(): { stop(): void }[] }>;
    };
  };
}
