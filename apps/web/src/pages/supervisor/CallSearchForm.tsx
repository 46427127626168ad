import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CALL_KINDS,
  END_REASONS,
  type CallEndReason,
  type CallKind,
  type CallSearch,
} from '../../api/callHistory';
import type { AgentStatus, QueueName } from '../../api/views';
import { useLabels } from './labels';
import { zonedToIso } from './time';
import styles from './supervisor.module.css';

const nextDay = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/**
 * The call history's criteria (SUP-04). Dates are whole days in the center's time zone; the
 * "to" day is included.
 */
export function CallSearchForm({
  timeZone,
  queues,
  agents,
  onSearch,
}: {
  timeZone: string;
  queues: readonly QueueName[];
  agents: readonly AgentStatus[];
  onSearch: (search: CallSearch) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [queueId, setQueueId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [number, setNumber] = useState('');
  const [kind, setKind] = useState('');
  const [endReason, setEndReason] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch({
      from: from ? zonedToIso(from, timeZone) : undefined,
      to: to ? zonedToIso(nextDay(to), timeZone) : undefined,
      queueId: queueId || undefined,
      agentId: agentId || undefined,
      number: number.trim() || undefined,
      kind: (kind || undefined) as CallKind | undefined,
      endReason: (endReason || undefined) as CallEndReason | undefined,
    });
  };

  const all = t('pages.supervisor.common.all');
  return (
    <form
      className={styles.filters}
      onSubmit={submit}
      aria-label={t('pages.supervisor.history.filters')}
    >
      <label>
        {t('pages.supervisor.common.from')}
        <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        {t('pages.supervisor.common.to')}
        <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <label>
        {t('pages.supervisor.common.queue')}
        <select value={queueId} onChange={(e) => setQueueId(e.target.value)}>
          <option value="">{all}</option>
          {queues.map((q) => (
            <option key={q.id} value={q.id}>
              {q.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('pages.supervisor.common.agent')}
        <select value={agentId} onChange={(e) => setAgentId(e.target.value)}>
          <option value="">{all}</option>
          {agents.map((a) => (
            <option key={a.agentId} value={a.agentId}>
              {a.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('pages.supervisor.history.number')}
        <input
          type="text"
          inputMode="tel"
          pattern="\+?[0-9]{1,20}"
          value={number}
          onChange={(e) => setNumber(e.target.value)}
        />
      </label>
      <label>
        {t('pages.supervisor.common.kind')}
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">{all}</option>
          {CALL_KINDS.map((k) => (
            <option key={k} value={k}>
              {labels.kind(k)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('pages.supervisor.history.endReason')}
        <select value={endReason} onChange={(e) => setEndReason(e.target.value)}>
          <option value="">{all}</option>
          {END_REASONS.map((r) => (
            <option key={r} value={r}>
              {labels.endReason(r)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button">
        {t('pages.supervisor.common.search')}
      </button>
    </form>
  );
}
