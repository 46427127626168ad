/**
 * The browser test caller (BEY-06): dials a queue number from the page, with a caller number
 * chosen there, as if the call came in from a trunk, so the demo needs no SIP trunk. The
 * page's keypad sends keys (e.g. 1 1 to ask for a callback).
 */
import { offerWithMicrophone, parseServerMessage, sendKeys, socketUrl } from './call-setup.js';
import { Emitter } from './emitter.js';
import { browserEnvironment, type RtcEnvironment, type RtcPeer } from './environment.js';
import type { ClientMessage } from './protocol.js';
import type { SoftphoneError } from './softphone.js';

export interface TestCallEvents extends Record<string, unknown> {
  /** The server took the call: its leg id. */
  ringing: { legId: string };
  /** The queue answered (greeting, hold music or an agent). */
  answer: { legId: string };
  hangup: { legId: string | null; reason: string };
  error: SoftphoneError;
}

export interface CallQueueOptions {
  /** The queue's number, e.g. 0312345678. */
  readonly number: string;
  /** The caller number the queue sees (digits, optional +). */
  readonly from: string;
  /** Defaults to `/api/v1/softphone/test-call` on the page's host. */
  readonly url?: string;
  readonly environment?: RtcEnvironment;
}

export interface TestCall {
  on<K extends keyof TestCallEvents>(
    event: K,
    listener: (value: TestCallEvents[K]) => void,
  ): () => void;
  readonly legId: string | null;
  sendDigits(digits: string): void;
  hangup(): void;
}

export function callQueue(options: CallQueueOptions): TestCall {
  const env = options.environment ?? browserEnvironment();
  const events = new Emitter<TestCallEvents>();
  const socket = env.openSocket(socketUrl(options.url ?? '/api/v1/softphone/test-call'));
  let legId: string | null = null;
  let peer: RtcPeer | null = null;
  let stopAudio: (() => void) | null = null;
  let ended = false;

  const send = (message: ClientMessage): void => {
    if (socket.readyState === 1) socket.send(JSON.stringify(message));
  };
  const end = (reason: string): void => {
    if (ended) return;
    ended = true;
    stopAudio?.();
    void peer?.close();
    events.emit('hangup', { legId, reason });
    socket.close(1000);
  };

  socket.onmessage = (event) => {
    const message = parseServerMessage(event.data);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        void dial();
        return;
      case 'answer':
        legId = message.legId;
        events.emit('ringing', { legId });
        void peer?.setRemoteDescription({ type: 'answer', sdp: message.sdp });
        return;
      case 'connected':
        events.emit('answer', { legId: message.legId });
        return;
      case 'ended':
        end(message.reason);
        return;
      case 'error':
        events.emit('error', message);
        if (legId === null) end('rejected');
        return;
      case 'incoming':
      case 'answer-requested':
        return;
    }
  };
  socket.onclose = () => end('hangup');

  async function dial(): Promise<void> {
    try {
      const offer = await offerWithMicrophone(env);
      peer = offer.peer;
      stopAudio = offer.stopAudio;
      if (ended) return end('hangup');
      send({ type: 'call', to: options.number, from: options.from, sdp: offer.sdp });
    } catch {
      end('unreachable');
    }
  }

  return {
    on: (event, listener) => events.on(event, listener),
    get legId() {
      return legId;
    },
    sendDigits(digits) {
      const id = legId;
      if (id === null || ended) return;
      sendKeys(peer, digits, (d) => send({ type: 'dtmf', legId: id, digits: d }));
    },
    hangup() {
      if (legId !== null) send({ type: 'hangup', legId });
      end('hangup');
    },
  };
}
