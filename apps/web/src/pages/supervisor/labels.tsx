import { useTranslation } from 'react-i18next';
import type { RecordingStatus } from '../../api/views';
import { supervisorJa } from '../../i18n/areas/supervisor.ja';
import styles from './supervisor.module.css';

type StateKey = keyof typeof supervisorJa.state;
type PresenceKey = keyof typeof supervisorJa.presence;
type KindKey = keyof typeof supervisorJa.kind;
type EndReasonKey = keyof typeof supervisorJa.endReason;

const isKey = <T extends object>(table: T, key: string): key is Extract<keyof T, string> =>
  Object.hasOwn(table, key);

/** Names of the engine's codes in the user's language; an unknown code shows as is. */
export function useLabels() {
  const { t } = useTranslation();
  return {
    state: (s: string) =>
      isKey(supervisorJa.state, s) ? t(`pages.supervisor.state.${s as StateKey}`) : s,
    presence: (p: string) =>
      isKey(supervisorJa.presence, p) ? t(`pages.supervisor.presence.${p as PresenceKey}`) : p,
    kind: (k: string) =>
      isKey(supervisorJa.kind, k) ? t(`pages.supervisor.kind.${k as KindKey}`) : k,
    endReason: (r: string | null) =>
      r === null
        ? '—'
        : isKey(supervisorJa.endReason, r)
          ? t(`pages.supervisor.endReason.${r as EndReasonKey}`)
          : r,
  };
}

export function StateLabel({ state }: { state: string }) {
  return <>{useLabels().state(state)}</>;
}

/** The recording badge of a call (AGT-04): on, paused, or nothing. */
export function RecordingBadge({ status }: { status: RecordingStatus }) {
  const { t } = useTranslation();
  if (status === 'off')
    return <span className={styles.muted}>{t('pages.supervisor.recording.off')}</span>;
  return (
    <span className={`${styles.badge} ${status === 'on' ? styles.recording : ''}`}>
      {t(`pages.supervisor.recording.${status}`)}
    </span>
  );
}
