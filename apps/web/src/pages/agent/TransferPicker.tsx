import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallTarget } from '../../api/agents';
import styles from './AgentDesktopPage.module.css';

export interface Colleague {
  readonly id: string;
  readonly name: string;
  readonly presence: string;
}

/**
 * AGT-07 / CTI-06: the target of a transfer or consultation: a ready agent (searched by name
 * or id), or a typed number; then "transfer now" (cold) or "consult first" (warm).
 */
export function TransferPicker({
  colleagues,
  pending,
  onTransfer,
  onConsult,
}: {
  colleagues: readonly Colleague[];
  pending: boolean;
  onTransfer: (target: CallTarget) => void;
  onConsult: (target: CallTarget) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [search, setSearch] = useState('');
  const [agentId, setAgentId] = useState<string | null>(null);
  const [number, setNumber] = useState('');
  const needle = search.trim().toLowerCase();
  const ready = colleagues.filter(
    (c) =>
      c.presence === 'available' &&
      (needle === '' ||
        c.name.toLowerCase().includes(needle) ||
        c.id.toLowerCase().includes(needle)),
  );
  const typed = number.replace(/[\s-]/g, '');
  const target: CallTarget | null = typed
    ? { kind: 'number', number: typed }
    : agentId && ready.some((c) => c.id === agentId)
      ? { kind: 'agent', agentId }
      : null;
  const targetName =
    target?.kind === 'number'
      ? target.number
      : target
        ? (colleagues.find((c) => c.id === target.agentId)?.name ?? target.agentId)
        : null;

  return (
    <fieldset className={styles.fieldset}>
      <legend>{t('pages.agent.transferHeading')}</legend>
      <div className="field">
        <label htmlFor={`${id}-search`}>{t('pages.agent.searchAgents')}</label>
        <input
          id={`${id}-search`}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </div>
      <fieldset className={styles.fieldset}>
        <legend>{t('pages.agent.readyAgents')}</legend>
        {ready.length === 0 ? (
          <p className={styles.muted}>{t('pages.agent.noReadyAgents')}</p>
        ) : (
          <ul className={styles.choices}>
            {ready.map((c) => (
              <li key={c.id}>
                <label>
                  <input
                    type="radio"
                    name={`${id}-agent`}
                    value={c.id}
                    checked={agentId === c.id && !typed}
                    onChange={() => {
                      setAgentId(c.id);
                      setNumber('');
                    }}
                  />{' '}
                  {c.name} ({c.id})
                </label>
              </li>
            ))}
          </ul>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-number`}>{t('pages.agent.orNumber')}</label>
        <input
          id={`${id}-number`}
          type="tel"
          inputMode="tel"
          value={number}
          onChange={(e) => setNumber(e.target.value)}
        />
      </div>
      <p className={styles.muted} aria-live="polite">
        {targetName
          ? t('pages.agent.transferTo', { target: targetName })
          : t('pages.agent.noTarget')}
      </p>
      <div className={styles.row}>
        <button
          type="button"
          className="button"
          disabled={pending || !target}
          onClick={() => target && onConsult(target)}
        >
          {t('pages.agent.consult')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={pending || !target}
          onClick={() => target && onTransfer(target)}
        >
          {t('pages.agent.coldTransfer')}
        </button>
      </div>
    </fieldset>
  );
}
