import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Center } from '../../api/centers';
import { inboxApi, type RecordingFilter } from '../../api/inbox';
import type { AgentStatus, QueueName } from '../../api/views';
import { AudioClip } from '../../components/AudioClip';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ConfirmDelete } from './ConfirmDelete';
import { Pager } from './Pager';
import { useLabels } from './labels';
import { useLiveData } from './useLiveData';
import { formatDateTime, formatDuration } from './time';
import styles from './supervisor.module.css';

/** Call recordings (AGT-04, AGT-09): newest first, by agent and queue; played and deleted. */
export function RecordingList({
  center,
  queues,
  agents,
  onNotice,
}: {
  center: Center;
  queues: readonly QueueName[];
  agents: readonly AgentStatus[];
  onNotice: (text: string) => void;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [queueId, setQueueId] = useState('');
  const [agentId, setAgentId] = useState('');
  const [filter, setFilter] = useState<RecordingFilter>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const data = useLiveData(
    JSON.stringify([center.id, filter, cursor]),
    () => inboxApi.recordings(center.id, filter, cursor),
    ['call.recorded'],
    center.id,
  );
  const queueNames = new Map(queues.map((q) => [q.id, q.name]));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ queueId: queueId || undefined, agentId: agentId || undefined });
    setCursors([undefined]);
  };

  const items = data.value?.items;
  return (
    <section className={styles.panel} aria-labelledby="recordings-title">
      <h2 id="recordings-title">{t('pages.supervisor.inbox.recordingsTitle')}</h2>
      <form className={styles.filters} onSubmit={submit}>
        <label>
          {t('pages.supervisor.common.agent')}
          <select value={agentId} onChange={(e) => setAgentId(e.target.value)}>
            <option value="">{t('pages.supervisor.common.all')}</option>
            {agents.map((a) => (
              <option key={a.agentId} value={a.agentId}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('pages.supervisor.common.queue')}
          <select value={queueId} onChange={(e) => setQueueId(e.target.value)}>
            <option value="">{t('pages.supervisor.common.all')}</option>
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button">
          {t('pages.supervisor.common.search')}
        </button>
      </form>
      {data.error !== null && <ErrorMessage error={data.error} />}
      {items?.length === 0 && <p>{t('pages.supervisor.common.noResults')}</p>}
      {items && items.length > 0 && (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <caption>{t('pages.supervisor.inbox.recordingsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pages.supervisor.common.customer')}</th>
                <th scope="col">{t('pages.supervisor.common.kind')}</th>
                <th scope="col">{t('pages.supervisor.common.agent')}</th>
                <th scope="col">{t('pages.supervisor.common.queue')}</th>
                <th scope="col">{t('pages.supervisor.common.recordedAt')}</th>
                <th scope="col" className={styles.num}>
                  {t('pages.supervisor.common.duration')}
                </th>
                <th scope="col">{t('pages.supervisor.inbox.play')}</th>
                <th scope="col">{t('pages.supervisor.common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.customerNumber}</th>
                  <td>{labels.kind(r.kind)}</td>
                  <td>{r.agentName ?? '—'}</td>
                  <td>{r.queueId === null ? '—' : (queueNames.get(r.queueId) ?? r.queueId)}</td>
                  <td>{formatDateTime(r.recordedAt, center.timeZone)}</td>
                  <td className={styles.num}>{formatDuration(r.durationMs)}</td>
                  <td>
                    <AudioClip
                      src={r.audioUrl}
                      label={t('pages.supervisor.inbox.playRecording', {
                        number: r.customerNumber,
                      })}
                    />
                  </td>
                  <td>
                    <ConfirmDelete
                      label={t('pages.supervisor.inbox.deleteRecordingFor', {
                        number: r.customerNumber,
                      })}
                      onDelete={async () => {
                        await inboxApi.deleteRecording(r.id);
                        onNotice(t('pages.supervisor.inbox.deleted'));
                        data.reload();
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label={t('pages.supervisor.inbox.recordingsTitle')}
        cursors={cursors}
        nextCursor={data.value?.nextCursor ?? null}
        onChange={setCursors}
      />
    </section>
  );
}
