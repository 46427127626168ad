/**
 * The agent's browser softphone (BEY-06): one WebSocket to /api/v1/softphone, rung by the
 * server when a call is offered; answering makes the peer connection (microphone in, far end
 * out). The page shows `ring` (caller, queue, origin), and calls answer / reject / hangup.
 */
import { offerWithMicrophone, parseServerMessage, sendKeys, socketUrl } from './call-setup.js';
import { Emitter } from './emitter.js';
import { browserEnvironment, type RtcEnvironment, type RtcPeer } from './environment.js';
import type { ClientMessage, IncomingDisplay, ServerMessage } from './protocol.js';

export interface IncomingCall {
  readonly legId: string;
  readonly callerId: string;
  readonly display: IncomingDisplay | null;
}

export interface SoftphoneError {
  readonly code: string;
  readonly message: string;
  readonly messageJa: string;
}

export interface SoftphoneEvents extends Record<string, unknown> {
  /** The socket is open and the server knows this agent's softphone. */
  ready: { agentId: string | null };
  ring: IncomingCall;
  /** The call is connected (audio flows). */
  answer: { legId: string };
  hangup: { legId: string; reason: string };
  /** Keys this softphone sent. */
  dtmf: { legId: string; digits: string };
  error: SoftphoneError;
  /** The socket closed (signed out, another tab took over, server stopped). */
  closed: { code: number };
}

export interface SoftphoneOptions {
  /** The signalling socket: `/api/v1/softphone` (relative to the page) or a ws(s): URL. */
  readonly url: string;
  readonly environment?: RtcEnvironment;
}

export interface Softphone {
  on<K extends keyof SoftphoneEvents>(
    event: K,
    listener: (value: SoftphoneEvents[K]) => void,
  ): () => void;
  /** The ringing call, or the one in progress. */
  readonly call: IncomingCall | null;
  answer(): Promise<void>;
  reject(): void;
  hangup(): void;
  sendDigits(digits: string): void;
  close(): void;
}

export function createSoftphone(options: SoftphoneOptions): Softphone {
  const env = options.environment ?? browserEnvironment();
  const events = new Emitter<SoftphoneEvents>();
  const socket = env.openSocket(socketUrl(options.url));
  let call: IncomingCall | null = null;
  let peer: RtcPeer | null = null;
  let stopAudio: (() => void) | null = null;

  const send = (message: ClientMessage): void => {
    if (socket.readyState === 1) socket.send(JSON.stringify(message));
  };
  const endCall = (legId: string, reason: string): void => {
    if (call?.legId !== legId) return;
    call = null;
    stopAudio?.();
    stopAudio = null;
    void peer?.close();
    peer = null;
    events.emit('hangup', { legId, reason });
  };

  socket.onmessage = (event) => {
    const message = parseServerMessage(event.data);
    if (message) void handle(message);
  };
  socket.onclose = (event) => {
    if (call) endCall(call.legId, 'hangup');
    events.emit('closed', { code: event.code });
  };

  async function handle(message: ServerMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        return events.emit('ready', { agentId: message.agentId });
      case 'incoming':
        // One call at a time: the engine never offers a busy agent a second one.
        call = { legId: message.legId, callerId: message.callerId, display: message.display };
        return events.emit('ring', call);
      case 'answer':
        if (peer && call?.legId === message.legId)
          await peer.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        return;
      case 'answer-requested':
        if (call?.legId === message.legId) await phone.answer();
        return;
      case 'connected':
        return events.emit('answer', { legId: message.legId });
      case 'ended':
        return endCall(message.legId, message.reason);
      case 'error':
        return events.emit('error', message);
    }
  }

  const phone: Softphone = {
    on: (event, listener) => events.on(event, listener),
    get call() {
      return call;
    },
    async answer() {
      const ringing = call;
      if (!ringing || peer) return;
      const offer = await offerWithMicrophone(env);
      if (call !== ringing) {
        // Withdrawn while the microphone was being opened.
        offer.stopAudio();
        void offer.peer.close();
        return;
      }
      peer = offer.peer;
      stopAudio = offer.stopAudio;
      send({ type: 'accept', legId: ringing.legId, sdp: offer.sdp });
    },
    reject() {
      if (call && !peer) send({ type: 'reject', legId: call.legId });
    },
    hangup() {
      if (call) send({ type: 'hangup', legId: call.legId });
    },
    sendDigits(digits) {
      const legId = call?.legId;
      if (!legId || !peer) return;
      sendKeys(peer, digits, (d) => send({ type: 'dtmf', legId, digits: d }));
      events.emit('dtmf', { legId, digits });
    },
    close() {
      if (call) endCall(call.legId, 'hangup');
      socket.close(1000);
    },
  };
  return phone;
}
