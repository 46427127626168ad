import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Disposition } from '../../api/dispositions';
import { currentLanguage } from '../../i18n';
import styles from './AgentDesktopPage.module.css';

export function dispositionLabel(d: Disposition): string {
  return currentLanguage() === 'ja' && d.labelJa ? d.labelJa : d.label;
}

/** SUP-05: the call type, set during the call or in wrap-up. */
export function DispositionPicker({
  dispositions,
  onSet,
}: {
  dispositions: readonly Disposition[];
  onSet: (dispositionId: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [chosen, setChosen] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  if (dispositions.length === 0) return null;
  return (
    <form
      className={styles.row}
      onSubmit={async (e) => {
        e.preventDefault();
        const d = dispositions.find((x) => x.id === chosen);
        if (d && (await onSet(d.id))) setSaved(dispositionLabel(d));
      }}
    >
      <div className="field">
        <label htmlFor={id}>{t('pages.agent.disposition')}</label>
        <select id={id} value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{t('pages.agent.noDisposition')}</option>
          {dispositions.map((d) => (
            <option key={d.id} value={d.id}>
              {dispositionLabel(d)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-secondary" disabled={!chosen}>
        {t('pages.agent.setDisposition')}
      </button>
      <p role="status" className={styles.muted}>
        {saved && t('pages.agent.dispositionSaved', { label: saved })}
      </p>
    </form>
  );
}
