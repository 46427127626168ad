import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallerId } from '../../api/callerIds';
import styles from './AgentDesktopPage.module.css';

/** AGT-05: dial out with one of the center's caller IDs; the last one used comes first. */
export function DialPanel({
  callerIds,
  lastCallerId,
  pending,
  onDial,
}: {
  callerIds: readonly CallerId[];
  lastCallerId: string | null;
  pending: boolean;
  onDial: (to: string, callerId: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [to, setTo] = useState('');
  // Until the agent picks one: the number used last time (AGT-05), else the first allowed.
  const [picked, setCallerId] = useState<string | null>(null);
  const fallback = (callerIds.find((c) => c.number === lastCallerId) ?? callerIds[0])?.number;
  const callerId = picked ?? fallback ?? '';
  return (
    <section aria-labelledby="agent-dial" className={styles.panel}>
      <h2 id="agent-dial">{t('pages.agent.dial')}</h2>
      <form
        className={styles.row}
        onSubmit={(e) => {
          e.preventDefault();
          const number = to.replace(/[\s-]/g, '');
          if (number) onDial(number, callerId || undefined);
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('pages.agent.dialNumber')}</label>
          <input
            id={`${id}-to`}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-cid`}>{t('pages.agent.callerId')}</label>
          <select id={`${id}-cid`} value={callerId} onChange={(e) => setCallerId(e.target.value)}>
            {callerIds.map((c) => (
              <option key={c.number} value={c.number}>
                {c.label} ({c.number})
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={pending || !to.trim()}>
          {t('pages.agent.dialButton')}
        </button>
      </form>
    </section>
  );
}
