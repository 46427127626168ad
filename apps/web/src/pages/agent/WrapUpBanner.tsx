import { useTranslation } from 'react-i18next';
import type { Disposition } from '../../api/dispositions';
import { DispositionPicker } from './DispositionPicker';
import { useNow } from './StatusPanel';
import styles from './AgentDesktopPage.module.css';

/** AGT-06: wrap-up with its countdown, the disposition, and "end wrap-up". */
export function WrapUpBanner({
  endsAt,
  dispositions,
  pending,
  onEnd,
  onDisposition,
}: {
  endsAt: number | null;
  dispositions: readonly Disposition[];
  pending: boolean;
  onEnd: () => void;
  onDisposition: (dispositionId: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const seconds = endsAt === null ? null : Math.max(0, Math.ceil((endsAt - now) / 1000));
  return (
    <section aria-labelledby="agent-wrap-up" className={`${styles.panel} ${styles.wrapUp}`}>
      <h2 id="agent-wrap-up">{t('pages.agent.wrapUp')}</h2>
      {seconds !== null && (
        <p className={styles.countdown} aria-live="off" data-testid="wrap-up-countdown">
          {t('pages.agent.wrapUpLeft', { seconds })}
        </p>
      )}
      <DispositionPicker dispositions={dispositions} onSet={onDisposition} />
      <button type="button" className="button" disabled={pending} onClick={onEnd}>
        {t('pages.agent.endWrapUp')}
      </button>
    </section>
  );
}
