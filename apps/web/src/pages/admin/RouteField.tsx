import type { Route } from '@tsunagu/domain';
import { useTranslation } from 'react-i18next';
import styles from './admin.module.css';
import type { Queue } from '../../api/queues';

const KINDS = ['voicemail', 'queue', 'external', 'hangup'] as const;

/** Where callers go (HQ-04 fallback, HQ-06 after hours): voicemail, a queue, a number, hang up. */
export function RouteField({
  id,
  legend,
  route,
  queues,
  error,
  onChange,
}: {
  id: string;
  legend: string;
  route: Route;
  queues: readonly Queue[];
  error?: string;
  onChange: (route: Route) => void;
}) {
  const { t } = useTranslation();
  const errorId = `${id}-error`;
  const described = error ? { 'aria-describedby': errorId, 'aria-invalid': true } : {};
  const setKind = (kind: Route['kind']) => {
    if (kind === 'queue') onChange({ kind, queueId: queues[0]?.id ?? '' });
    else if (kind === 'external') onChange({ kind, number: '' });
    else onChange({ kind });
  };
  return (
    <fieldset className={styles.fieldset}>
      <legend>{legend}</legend>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('pages.admin.queue.routeKind')}</label>
        <select
          id={`${id}-kind`}
          value={route.kind}
          onChange={(e) => setKind(e.target.value as Route['kind'])}
          {...described}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`pages.admin.queue.routeKinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {route.kind === 'queue' && (
        <div className="field">
          <label htmlFor={`${id}-queue`}>{t('pages.admin.queue.routeQueue')}</label>
          <select
            id={`${id}-queue`}
            value={route.queueId}
            onChange={(e) => onChange({ kind: 'queue', queueId: e.target.value })}
            {...described}
          >
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {route.kind === 'external' && (
        <div className="field">
          <label htmlFor={`${id}-number`}>{t('pages.admin.queue.routeNumber')}</label>
          <input
            id={`${id}-number`}
            inputMode="tel"
            value={route.number}
            onChange={(e) => onChange({ kind: 'external', number: e.target.value.trim() })}
            {...described}
          />
        </div>
      )}
      {error && (
        <p id={errorId} className={styles.error}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
