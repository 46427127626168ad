import type { DomainEvent, DomainEventType } from '@tsunagu/domain';

/** One message of GET /api/v1/events/stream (docs/events-and-webhooks.md). */
export interface StreamMessage {
  readonly id: number;
  readonly type: DomainEventType;
  readonly at: string;
  readonly centerId: string | null;
  readonly data: DomainEvent;
}

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** The part of the browser's WebSocket the connection uses (a fake in unit tests). */
export interface SocketLike {
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface EventStreamOptions {
  /** ws:// or wss:// URL of /api/v1/events/stream, without a query. */
  readonly url: string;
  readonly onMessage: (message: StreamMessage) => void;
  readonly onStatus: (status: StreamStatus) => void;
  /**
   * The stream reopened without a resume point (nothing received yet), so events may have
   * been missed: views reload what they show.
   */
  readonly onGap: () => void;
  /** The server closed with 4401: the session expired or was revoked. */
  readonly onUnauthorized: () => void;
  readonly createSocket?: (url: string) => SocketLike;
  readonly setTimer?: (run: () => void, ms: number) => unknown;
  readonly clearTimer?: (timer: unknown) => void;
  readonly random?: () => number;
}

const UNAUTHORIZED = 4401;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/**
 * One live event stream that survives disconnects: it keeps the id of the last message and
 * reconnects with `?lastEventId=`, so the server replays every missed event with no gap and no
 * duplicate, backing off (with jitter) while the server is away.
 */
export class EventStreamConnection {
  private socket: SocketLike | null = null;
  private timer: unknown = null;
  private lastEventId: number | null = null;
  private failures = 0;
  private stopped = false;
  private opened = false;
  private readonly createSocket: (url: string) => SocketLike;
  private readonly setTimer: (run: () => void, ms: number) => unknown;
  private readonly clearTimer: (timer: unknown) => void;

  constructor(private readonly options: EventStreamOptions) {
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url) as SocketLike);
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms));
    this.clearTimer = options.clearTimer ?? ((t) => clearTimeout(t as number));
  }

  /** The id of the last event received, to resume from. */
  get resumeFrom(): number | null {
    return this.lastEventId;
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, 'closed by the page');
    }
    this.options.onStatus('closed');
  }

  private connect(): void {
    this.timer = null;
    const resume = this.lastEventId;
    const url = resume === null ? this.options.url : `${this.options.url}?lastEventId=${resume}`;
    this.options.onStatus(this.opened ? 'reconnecting' : 'connecting');
    const socket = this.createSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.failures = 0;
      if (this.opened && resume === null) this.options.onGap();
      this.opened = true;
      this.options.onStatus('open');
    };
    socket.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      let message: StreamMessage;
      try {
        message = JSON.parse(event.data) as StreamMessage;
      } catch {
        return;
      }
      // Replays never repeat an id; the guard keeps a view consistent should one ever arrive.
      if (this.lastEventId !== null && message.id <= this.lastEventId) return;
      this.lastEventId = message.id;
      this.options.onMessage(message);
    };
    socket.onclose = (event) => {
      this.socket = null;
      if (this.stopped) return;
      if (event.code === UNAUTHORIZED) {
        this.stopped = true;
        this.options.onStatus('closed');
        this.options.onUnauthorized();
        return;
      }
      this.options.onStatus('reconnecting');
      const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures);
      this.failures += 1;
      const jitter = 0.5 + (this.options.random ?? Math.random)() / 2;
      this.timer = this.setTimer(() => this.connect(), Math.round(backoff * jitter));
    };
  }
}

/** Whether `type` matches a pattern such as `call.ended` or `call.*` (the server's syntax). */
export function matchesType(type: string, patterns: readonly string[] | undefined): boolean {
  if (!patterns || patterns.length === 0) return true;
  return patterns.some((p) => (p.endsWith('.*') ? type.startsWith(p.slice(0, -1)) : p === type));
}

export function streamUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api/v1/events/stream`;
}
