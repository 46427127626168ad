import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import styles from './AgentDesktopPage.module.css';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;

/** OUT-01: keys for the customer's side (an IVR the agent called, say); each press is sent. */
export function DtmfKeypad({ onKey }: { onKey: (key: string) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [sent, setSent] = useState('');
  return (
    <fieldset className={styles.fieldset}>
      <legend>{t('pages.agent.keypad')}</legend>
      <div className={styles.keypad}>
        {KEYS.map((key) => (
          <button
            key={key}
            type="button"
            className="button button-secondary"
            aria-label={t('pages.agent.key', { key })}
            onClick={async () => {
              if (await onKey(key)) setSent((s) => (s + key).slice(-32));
            }}
          >
            {key}
          </button>
        ))}
      </div>
      <p role="status" className={styles.muted}>
        {sent && t('pages.agent.dtmfSent', { digits: sent })}
      </p>
    </fieldset>
  );
}
