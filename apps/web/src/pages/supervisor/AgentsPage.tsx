import { useTranslation } from 'react-i18next';
import { viewsApi } from '../../api/views';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeading } from '../../components/PageHeading';
import { currentLanguage } from '../../i18n';
import { RecordingBadge, useLabels } from './labels';
import { CenterPicker, useCenter, useQueues } from './useCenter';
import { useLiveData } from './useLiveData';
import { useNow } from './useNow';
import { formatDuration } from './time';
import styles from './supervisor.module.css';

const EVENTS = ['agent.*', 'call.*', 'offer.*'];

/**
 * Agents and their status (AGT-01, SUP-01): presence and reason, time in the state ticking,
 * the current call's customer and whether it is being recorded (AGT-04).
 */
export default function AgentsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const choice = useCenter();
  const centerId = choice.center?.id;
  const queueNames = new Map(useQueues(centerId).map((q) => [q.id, q.name]));
  const data = useLiveData(
    centerId ?? null,
    () => viewsApi.agentStatus(centerId!),
    EVENTS,
    centerId,
  );
  const now = useNow();
  const elapsed = data.value ? now - data.loadedAt : 0;
  const agents = data.value?.items;
  const list = new Intl.ListFormat(currentLanguage(), { type: 'unit' });

  return (
    <>
      <PageHeading>{t('pages.supervisor.agents')}</PageHeading>
      <CenterPicker choice={choice} />
      {choice.error !== null && <ErrorMessage error={choice.error} />}
      {data.error !== null && <ErrorMessage error={data.error} />}
      {agents === undefined && data.error === null && <p>{t('app.loading')}</p>}
      {agents?.length === 0 && <p>{t('pages.supervisor.agentList.none')}</p>}
      {agents !== undefined && agents.length > 0 && (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <caption>{t('pages.supervisor.agentList.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pages.supervisor.agentList.name')}</th>
                <th scope="col">{t('pages.supervisor.agentList.presence')}</th>
                <th scope="col">{t('pages.supervisor.agentList.reason')}</th>
                <th scope="col" className={styles.num}>
                  {t('pages.supervisor.agentList.inState')}
                </th>
                <th scope="col">{t('pages.supervisor.agentList.call')}</th>
                <th scope="col">{t('pages.supervisor.agentList.recording')}</th>
                <th scope="col">{t('pages.supervisor.agentList.queues')}</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => (
                <tr key={a.agentId}>
                  <th scope="row">{a.name}</th>
                  <td>{labels.presence(a.presence)}</td>
                  <td>{a.reason ?? '—'}</td>
                  <td className={styles.num}>{formatDuration(a.inStateMs + elapsed)}</td>
                  <td>{a.customerNumber ?? '—'}</td>
                  <td>{a.callId === null ? '—' : <RecordingBadge status={a.recording} />}</td>
                  <td>{list.format(a.queues.map((q) => queueNames.get(q) ?? q))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
