import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfferShown } from './deskState';
import styles from './AgentDesktopPage.module.css';

/**
 * The ringing offer (QCB-12, OUT-05): who calls, from which queue, and its origin; a callback
 * says so first. Answer takes the focus, so Enter answers from the keyboard.
 */
export function OfferCard({
  offer,
  queueName,
  pending,
  onAnswer,
  onReject,
}: {
  offer: OfferShown;
  queueName: string | null;
  pending: boolean;
  onAnswer: () => void;
  onReject: () => void;
}) {
  const { t } = useTranslation();
  const answer = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    answer.current?.focus();
  }, [offer.offerId]);
  const number = offer.customerNumber ?? t('pages.agent.unknown');
  return (
    <section aria-labelledby="agent-offer" className={`${styles.panel} ${styles.offer}`}>
      <h2 id="agent-offer">{t('pages.agent.offer')}</h2>
      <div role="alert">
        {offer.origin === 'callback' && (
          <p className={styles.callback}>{t('pages.agent.callbackFrom', { number })}</p>
        )}
        <dl className={styles.facts}>
          <dt>{t('pages.agent.caller')}</dt>
          <dd>{number}</dd>
          <dt>{t('pages.agent.queue')}</dt>
          <dd>{queueName ?? offer.queueId ?? '—'}</dd>
          <dt>{t('pages.agent.origin')}</dt>
          <dd>
            {offer.origin ? t(`pages.agent.origins.${offer.origin}`) : t('pages.agent.unknown')}
          </dd>
        </dl>
      </div>
      <div className={styles.row}>
        <button ref={answer} type="button" className="button" disabled={pending} onClick={onAnswer}>
          {t('pages.agent.answer')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={pending}
          onClick={onReject}
        >
          {t('pages.agent.reject')}
        </button>
      </div>
    </section>
  );
}

/** AGT-03: after a rejected or missed offer the agent is off duty and asked what next. */
export function OffDutyPrompt({ onStay, onStart }: { onStay: () => void; onStart: () => void }) {
  const { t } = useTranslation();
  return (
    <section
      role="alertdialog"
      aria-labelledby="agent-off-duty"
      className={`${styles.panel} ${styles.prompt}`}
    >
      <p id="agent-off-duty">{t('pages.agent.offDutyPrompt')}</p>
      <div className={styles.row}>
        <button type="button" className="button" onClick={onStart}>
          {t('pages.agent.startWorking')}
        </button>
        <button type="button" className="button button-secondary" onClick={onStay}>
          {t('pages.agent.stayOffDuty')}
        </button>
      </div>
    </section>
  );
}
