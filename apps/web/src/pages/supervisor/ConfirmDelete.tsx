import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../components/ErrorMessage';
import styles from './supervisor.module.css';

/** A delete button that asks once more inline (no browser dialog) and shows a refusal. */
export function ConfirmDelete({
  label,
  onDelete,
}: {
  /** The button's accessible name, naming what is deleted. */
  label: string;
  onDelete: () => Promise<void>;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await onDelete();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <div>
      <button
        type="button"
        className={styles.danger}
        aria-label={label}
        aria-expanded={asking}
        onClick={() => setAsking(!asking)}
      >
        {t('pages.supervisor.inbox.delete')}
      </button>
      {asking && (
        <div className={styles.inlineForm}>
          <span>{t('pages.supervisor.inbox.confirmDelete')}</span>
          <button type="button" className={styles.danger} disabled={busy} onClick={remove}>
            {t('pages.supervisor.inbox.confirmDeleteYes')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setAsking(false)}>
            {t('pages.supervisor.inbox.keep')}
          </button>
        </div>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </div>
  );
}
