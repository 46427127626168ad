import { useTranslation } from 'react-i18next';
import styles from './supervisor.module.css';

/** Keyset paging: a stack of cursors, the last one the page shown. */
export function Pager({
  label,
  cursors,
  nextCursor,
  onChange,
}: {
  label: string;
  cursors: readonly (string | undefined)[];
  nextCursor: string | null;
  onChange: (cursors: (string | undefined)[]) => void;
}) {
  const { t } = useTranslation();
  if (cursors.length < 2 && nextCursor === null) return null;
  return (
    <nav className={styles.pager} aria-label={label}>
      <button
        type="button"
        className="button-secondary"
        disabled={cursors.length < 2}
        onClick={() => onChange(cursors.slice(0, -1))}
      >
        {t('pages.supervisor.common.previous')}
      </button>
      <span>{t('pages.supervisor.common.page', { page: cursors.length })}</span>
      <button
        type="button"
        className="button-secondary"
        disabled={nextCursor === null}
        onClick={() => nextCursor !== null && onChange([...cursors, nextCursor])}
      >
        {t('pages.supervisor.common.next')}
      </button>
    </nav>
  );
}
