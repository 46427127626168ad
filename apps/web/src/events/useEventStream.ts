import { useContext, useEffect, useEffectEvent } from 'react';
import { EventStreamContext, type EventStreamContextValue } from './EventStreamProvider';
import { matchesType, type StreamMessage } from './event-stream';

export interface EventFilter {
  /** Types or families, e.g. `['call.*', 'agent.status-changed']`; all when omitted. */
  readonly types?: readonly string[];
  /** One center's events (and center-less ones); all the user may see when omitted. */
  readonly centerId?: string;
}

function useStreamContext(): EventStreamContextValue {
  const context = useContext(EventStreamContext);
  if (!context) throw new Error('useEventStream outside <EventStreamProvider>');
  return context;
}

/**
 * Calls `onEvent` for each live event matching `filter`, resumed across disconnects. The
 * handler may change on every render; the subscription stays. Reload snapshots when
 * `useEventStreamStatus().epoch` changes.
 */
export function useEventStream(filter: EventFilter, onEvent: (message: StreamMessage) => void) {
  const { subscribe } = useStreamContext();
  const handler = useEffectEvent(onEvent);
  const types = filter.types?.join(',');
  const centerId = filter.centerId;
  useEffect(() => {
    const patterns = types ? types.split(',') : undefined;
    return subscribe((message) => {
      if (!matchesType(message.type, patterns)) return;
      if (centerId !== undefined && message.centerId !== null && message.centerId !== centerId)
        return;
      handler(message);
    });
  }, [subscribe, types, centerId]);
}

export function useEventStreamStatus(): Pick<EventStreamContextValue, 'status' | 'epoch'> {
  const { status, epoch } = useStreamContext();
  return { status, epoch };
}
