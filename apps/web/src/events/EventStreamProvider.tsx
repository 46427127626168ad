import {
  createContext,
  useCallback,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { ReactNode } from 'react';
import {
  EventStreamConnection,
  streamUrl,
  type StreamMessage,
  type StreamStatus,
} from './event-stream';

export type Listener = (message: StreamMessage) => void;

export interface EventStreamContextValue {
  readonly status: StreamStatus;
  /** Increases each time events may have been missed: views reload their data when it changes. */
  readonly epoch: number;
  subscribe(listener: Listener): () => void;
}

export const EventStreamContext = createContext<EventStreamContextValue | null>(null);

/**
 * One WebSocket per signed-in page, shared by every view through useEventStream. The server
 * filters what the user may see (SUP-02); views filter by type and center.
 */
export function EventStreamProvider({
  children,
  onUnauthorized,
}: {
  children: ReactNode;
  onUnauthorized: () => void;
}) {
  const [status, setStatus] = useState<StreamStatus>('connecting');
  const [epoch, setEpoch] = useState(0);
  const listeners = useRef(new Set<Listener>());
  const unauthorized = useEffectEvent(onUnauthorized);

  useEffect(() => {
    const connection = new EventStreamConnection({
      url: streamUrl(window.location),
      onMessage: (message) => {
        for (const listener of listeners.current) listener(message);
      },
      onStatus: setStatus,
      onGap: () => setEpoch((e) => e + 1),
      onUnauthorized: () => unauthorized(),
    });
    connection.start();
    return () => connection.stop();
  }, []);

  const subscribe = useCallback((listener: Listener) => {
    const set = listeners.current;
    set.add(listener);
    return () => void set.delete(listener);
  }, []);
  const value = useMemo(() => ({ status, epoch, subscribe }), [status, epoch, subscribe]);
  return <EventStreamContext.Provider value={value}>{children}</EventStreamContext.Provider>;
}
