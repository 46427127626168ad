import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { useEventStream, useEventStreamStatus } from '../../events/useEventStream';

export interface LiveData<T> {
  readonly value: T | null;
  /** Client clock when `value` arrived: server durations plus the time since tick live. */
  readonly loadedAt: number;
  readonly error: unknown;
  reload(): void;
}

/**
 * A snapshot from the API kept current by the event stream: loaded when `key` changes, after
 * a gap in the stream (epoch), and shortly after any event of `types` (a burst of events is one
 * reload). The API computes the views, so the page never re-implements the engine's rules.
 */
export function useLiveData<T>(
  key: string | null,
  load: () => Promise<T>,
  types: readonly string[],
  centerId: string | undefined,
  settleMs = 150,
): LiveData<T> {
  const { epoch } = useEventStreamStatus();
  const [state, setState] = useState<{ value: T | null; loadedAt: number; error: unknown }>({
    value: null,
    loadedAt: 0,
    error: null,
  });
  const [version, setVersion] = useState(0);
  const fetcher = useEffectEvent(load);
  const timer = useRef<number | null>(null);

  useEffect(() => {
    if (key === null) return;
    let live = true;
    fetcher().then(
      (value) => live && setState({ value, loadedAt: Date.now(), error: null }),
      (error: unknown) => live && setState((s) => ({ ...s, error })),
    );
    return () => {
      live = false;
    };
  }, [key, epoch, version]);

  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );

  useEventStream({ types, centerId }, () => {
    if (key === null || timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      setVersion((v) => v + 1);
    }, settleMs);
  });

  return { ...state, reload: () => setVersion((v) => v + 1) };
}
