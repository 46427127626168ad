import { useTranslation } from 'react-i18next';
import { useEventStreamStatus } from '../events/useEventStream';
import styles from './LiveStatus.module.css';

/** Whether live updates are flowing; announced politely when it changes. */
export function LiveStatus() {
  const { t } = useTranslation();
  const { status } = useEventStreamStatus();
  return (
    <p className={styles.live} role="status" data-status={status} title={t('live.label')}>
      <span className={styles.dot} aria-hidden="true" />
      <span className="sr-only">{t('live.label')}: </span>
      {t(`live.${status}`)}
    </p>
  );
}
