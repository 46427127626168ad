import { useEffect, useRef, useState } from 'react';

/**
 * A center's list from the API, read again whenever the center changes, with what admin list
 * pages show around it: the last failure and the status line. `onLoad` sees every fresh list
 * (to reset the rows' edit fields). `run` carries out a change, reads the list again and says
 * `done`; it resolves true when the change went through.
 */
export function useCenterItems<T>(
  centerId: string,
  list: (centerId: string) => Promise<{ items: T[] }>,
  onLoad?: (items: T[]) => void,
) {
  const [items, setItems] = useState<T[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const listRef = useRef(list);
  const onLoadRef = useRef(onLoad);
  // Pages pass fresh closures each render; the latest is what a load should call.
  useEffect(() => {
    listRef.current = list;
    onLoadRef.current = onLoad;
  });

  const show = (fresh: T[]) => {
    setItems(fresh);
    onLoadRef.current?.(fresh);
  };
  const reload = async () => show((await listRef.current(centerId)).items);

  useEffect(() => {
    if (!centerId) return;
    let live = true;
    listRef
      .current(centerId)
      .then(({ items: fresh }) => {
        if (!live) return;
        setItems(fresh);
        onLoadRef.current?.(fresh);
      })
      .catch((err: unknown) => live && setFailure(err));
    return () => {
      live = false;
    };
  }, [centerId]);

  const run = async (action: () => Promise<unknown>, done: string): Promise<boolean> => {
    try {
      await action();
      await reload();
      setFailure(null);
      setStatus(done);
      return true;
    } catch (err) {
      setFailure(err);
      setStatus('');
      return false;
    }
  };

  return { items, reload, failure, setFailure, status, setStatus, run };
}
