import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ManualPresence } from '@tsunagu/domain';
import { agentsApi, type AgentView } from '../../api/agents';
import { ErrorMessage } from '../../components/ErrorMessage';
import { agentJa } from '../../i18n/areas/agent.ja';
import styles from './AgentDesktopPage.module.css';

/** The statuses an agent chooses (MANUAL_PRESENCES of packages/domain; types only here). */
const MANUAL_PRESENCES: readonly ManualPresence[] = [
  'available',
  'busy',
  'break',
  'off-duty',
  'logged-out',
];

type ReasonCode = keyof typeof agentJa.reasons;
/** AGT-01: "busy/work (with a reason, e.g. ticket processing)"; breaks have theirs. */
const REASONS: Partial<Record<ManualPresence, readonly ReasonCode[]>> = {
  busy: ['ticket-processing', 'email', 'training', 'meeting'],
  break: ['lunch', 'short-break'],
};

export function useReasonText(): (reason: string | null) => string | null {
  const { t } = useTranslation();
  return (reason) =>
    reason === null
      ? null
      : reason in agentJa.reasons
        ? t(`pages.agent.reasons.${reason as ReasonCode}`)
        : reason;
}

function elapsed(since: string, now: number): string {
  const total = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}

/** Ticks once a second while mounted: the time in state and the wrap-up countdown. */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** AGT-01: the agent's presence, live, its time in state, and the switch with reasons. */
export function StatusPanel({
  agent,
  onChanged,
}: {
  agent: AgentView;
  onChanged: (agent: AgentView) => void;
}) {
  const { t } = useTranslation();
  const reasonText = useReasonText();
  const now = useNow();
  const id = useId();
  const [status, setStatus] = useState<ManualPresence>('available');
  const [reason, setReason] = useState<string>('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const reasons = REASONS[status] ?? [];
  const shownReason = reasonText(agent.reason);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onChanged(
        await agentsApi.setStatus(agent.id, status, reasons.length ? reason || null : null),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="agent-status" className={styles.panel}>
      <h2 id="agent-status">{t('pages.agent.status')}</h2>
      <p role="status" className={styles.presence} data-presence={agent.presence}>
        {t('pages.agent.currentStatus', {
          presence: t(`pages.agent.presence.${agent.presence}`),
        })}
        {shownReason && (
          <>
            <br />
            {t('pages.agent.currentReason', { reason: shownReason })}
          </>
        )}
      </p>
      <p className={styles.muted}>
        {t('pages.agent.timeInState', { time: elapsed(agent.since, now) })}
      </p>
      <form onSubmit={submit} className={styles.row}>
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('pages.agent.chooseStatus')}</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as ManualPresence);
              setReason('');
            }}
          >
            {MANUAL_PRESENCES.map((p) => (
              <option key={p} value={p}>
                {t(`pages.agent.presence.${p}`)}
              </option>
            ))}
          </select>
        </div>
        {reasons.length > 0 && (
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('pages.agent.reason')}</label>
            <select id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">{t('pages.agent.noReason')}</option>
              {reasons.map((r) => (
                <option key={r} value={r}>
                  {t(`pages.agent.reasons.${r}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        <button type="submit" className="button" disabled={busy}>
          {t('pages.agent.changeStatus')}
        </button>
      </form>
      {error !== null && <ErrorMessage error={error} />}
    </section>
  );
}
