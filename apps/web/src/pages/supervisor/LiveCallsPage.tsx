import { useTranslation } from 'react-i18next';
import { viewsApi } from '../../api/views';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeading } from '../../components/PageHeading';
import { RecordingBadge, useLabels } from './labels';
import { CenterPicker, useCenter, useQueues } from './useCenter';
import { useLiveData } from './useLiveData';
import { useNow } from './useNow';
import { formatDuration } from './time';
import styles from './supervisor.module.css';

const EVENTS = ['call.*', 'queue.*', 'offer.*', 'agent.status-changed'];

async function loadLiveCalls(centerId: string) {
  const [calls, agents] = await Promise.all([
    viewsApi.liveCalls(centerId),
    viewsApi.agentStatus(centerId),
  ]);
  return { calls: calls.items, agentNames: new Map(agents.items.map((a) => [a.agentId, a.name])) };
}

/** Calls in progress (SUP-01): kind, state, queue, agent, customer, time, recording (AGT-04). */
export default function LiveCallsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const choice = useCenter();
  const centerId = choice.center?.id;
  const queueNames = new Map(useQueues(centerId).map((q) => [q.id, q.name]));
  const data = useLiveData(centerId ?? null, () => loadLiveCalls(centerId!), EVENTS, centerId);
  const now = useNow();
  const elapsed = data.value ? now - data.loadedAt : 0;
  const calls = data.value?.calls;

  return (
    <>
      <PageHeading>{t('pages.supervisor.liveCalls')}</PageHeading>
      <CenterPicker choice={choice} />
      {choice.error !== null && <ErrorMessage error={choice.error} />}
      {data.error !== null && <ErrorMessage error={data.error} />}
      {calls === undefined && data.error === null && <p>{t('app.loading')}</p>}
      {calls?.length === 0 && <p role="status">{t('pages.supervisor.live.none')}</p>}
      {calls !== undefined && calls.length > 0 && (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <caption>{t('pages.supervisor.live.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pages.supervisor.common.customer')}</th>
                <th scope="col">{t('pages.supervisor.common.kind')}</th>
                <th scope="col">{t('pages.supervisor.common.state')}</th>
                <th scope="col">{t('pages.supervisor.common.queue')}</th>
                <th scope="col">{t('pages.supervisor.common.agent')}</th>
                <th scope="col">{t('pages.supervisor.common.ourNumber')}</th>
                <th scope="col" className={styles.num}>
                  {t('pages.supervisor.live.duration')}
                </th>
                <th scope="col" className={styles.num}>
                  {t('pages.supervisor.live.talk')}
                </th>
                <th scope="col">{t('pages.supervisor.live.recording')}</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((c) => (
                <tr key={c.callId}>
                  <th scope="row">{c.customerNumber}</th>
                  <td>{labels.kind(c.kind)}</td>
                  <td>{labels.state(c.state)}</td>
                  <td>{c.queueId === null ? '—' : (queueNames.get(c.queueId) ?? c.queueId)}</td>
                  <td>
                    {c.agentId === null
                      ? '—'
                      : (data.value?.agentNames.get(c.agentId) ?? c.agentId)}
                  </td>
                  <td>{c.ourNumber}</td>
                  <td className={styles.num}>{formatDuration(c.durationMs + elapsed)}</td>
                  <td className={styles.num}>
                    {c.connectedAt === null
                      ? '—'
                      : formatDuration(
                          c.durationMs +
                            elapsed -
                            (Date.parse(c.connectedAt) - Date.parse(c.since)),
                        )}
                  </td>
                  <td>
                    <RecordingBadge status={c.recording} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
