import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { centersApi, type Center } from '../../api/centers';
import { viewsApi, type QueueName } from '../../api/views';

const STORAGE_KEY = 'tsunagu.supervisor.center';

export interface CenterChoice {
  readonly centers: readonly Center[] | null;
  readonly center: Center | null;
  readonly error: unknown;
  select(centerId: string): void;
}

/**
 * The center the supervisor is looking at: the only one they may see, or the one chosen last
 * (remembered across screens and visits).
 */
export function useCenter(): CenterChoice {
  const [centers, setCenters] = useState<readonly Center[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));
  useEffect(() => {
    let live = true;
    centersApi.list().then(
      (r) => live && setCenters(r.items),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, []);
  const center = centers?.find((c) => c.id === chosen) ?? centers?.[0] ?? null;
  return {
    centers,
    center,
    error,
    select: (centerId) => {
      localStorage.setItem(STORAGE_KEY, centerId);
      setChosen(centerId);
    },
  };
}

/** A center switch, shown only to someone who may see more than one center. */
export function CenterPicker({ choice }: { choice: CenterChoice }) {
  const { t } = useTranslation();
  if (!choice.centers || choice.centers.length < 2 || !choice.center) return null;
  return (
    <p>
      <label htmlFor="supervisor-center">{t('pages.supervisor.common.center')}</label>{' '}
      <select
        id="supervisor-center"
        value={choice.center.id}
        onChange={(e) => choice.select(e.target.value)}
      >
        {choice.centers.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </p>
  );
}

/** The center's queues (names for tables, choices for filters). */
export function useQueues(centerId: string | undefined): readonly QueueName[] {
  const [queues, setQueues] = useState<readonly QueueName[]>([]);
  useEffect(() => {
    if (centerId === undefined) return;
    let live = true;
    viewsApi.queues(centerId).then(
      (r) => live && setQueues(r.items),
      () => live && setQueues([]),
    );
    return () => {
      live = false;
    };
  }, [centerId]);
  return queues;
}
