import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { callbacksApi } from '../../api/callbacks';
import { ErrorMessage } from '../../components/ErrorMessage';
import { isoToZonedInput, zonedToIso } from './time';
import styles from './supervisor.module.css';

/**
 * A supervisor's actions on one callback request: re-time it (a wall-clock time in the
 * center's zone, or now) and cancel it, with an inline confirmation. Refusals show the
 * catalogue's message (CC_ERR_SCHEDULE_INVALID, CC_ERR_CALLBACK_BUSY...).
 */
export function CallbackActions({
  callbackId,
  number,
  dueAt,
  timeZone,
  onDone,
}: {
  callbackId: string;
  number: string;
  dueAt: string | null;
  timeZone: string;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'idle' | 'retime' | 'cancel'>('idle');
  const [when, setWhen] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = `cb-${callbackId}`;

  const run = async (action: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setMode('idle');
      onDone(message);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const retime = (e: FormEvent) => {
    e.preventDefault();
    if (!when) return;
    void run(
      () => callbacksApi.reschedule(callbackId, zonedToIso(when, timeZone)),
      t('pages.supervisor.hq.retimed', { number }),
    );
  };

  return (
    <div>
      <div className={styles.actions}>
        <button
          type="button"
          className="button-secondary"
          aria-expanded={mode === 'retime'}
          aria-controls={`${id}-retime`}
          aria-label={t('pages.supervisor.hq.retimeFor', { number })}
          onClick={() => {
            setError(null);
            setWhen(isoToZonedInput(dueAt ?? Date.now() + 3_600_000, timeZone));
            setMode(mode === 'retime' ? 'idle' : 'retime');
          }}
        >
          {t('pages.supervisor.hq.retime')}
        </button>
        <button
          type="button"
          className={styles.danger}
          aria-expanded={mode === 'cancel'}
          aria-label={t('pages.supervisor.hq.cancelFor', { number })}
          onClick={() => {
            setError(null);
            setMode(mode === 'cancel' ? 'idle' : 'cancel');
          }}
        >
          {t('pages.supervisor.hq.cancel')}
        </button>
      </div>
      {mode === 'retime' && (
        <form id={`${id}-retime`} className={styles.inlineForm} onSubmit={retime}>
          <label>
            {t('pages.supervisor.hq.newTime', { zone: timeZone })}
            <input
              type="datetime-local"
              value={when}
              required
              onChange={(e) => setWhen(e.target.value)}
            />
          </label>
          <button type="submit" className="button" disabled={busy}>
            {t('pages.supervisor.hq.saveTime')}
          </button>
          {dueAt !== null && (
            <button
              type="button"
              className="button-secondary"
              disabled={busy}
              onClick={() =>
                void run(
                  () => callbacksApi.reschedule(callbackId, null),
                  t('pages.supervisor.hq.retimedNow', { number }),
                )
              }
            >
              {t('pages.supervisor.hq.now')}
            </button>
          )}
        </form>
      )}
      {mode === 'cancel' && (
        <div className={styles.inlineForm}>
          <span>{t('pages.supervisor.hq.confirmCancel', { number })}</span>
          <button
            type="button"
            className={styles.danger}
            disabled={busy}
            onClick={() =>
              void run(
                () => callbacksApi.cancel(callbackId),
                t('pages.supervisor.hq.cancelled', { number }),
              )
            }
          >
            {t('pages.supervisor.hq.confirmCancelYes')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setMode('idle')}>
            {t('pages.supervisor.hq.keep')}
          </button>
        </div>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </div>
  );
}
