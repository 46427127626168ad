import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callbacksApi, type OpenCallback } from '../../api/callbacks';
import { viewsApi, type HoldQueueView, type WaitingEntry } from '../../api/views';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeading } from '../../components/PageHeading';
import { CallbackActions } from './CallbackActions';
import { CenterPicker, useCenter } from './useCenter';
import { useLiveData } from './useLiveData';
import { useNow } from './useNow';
import { formatDateTime, formatDuration } from './time';
import { StateLabel } from './labels';
import styles from './supervisor.module.css';

type QueueView = HoldQueueView['queues'][number] & { scheduled: readonly OpenCallback[] };

const EVENTS = ['queue.*', 'callback.*', 'call.*', 'offer.*', 'agent.status-changed'];

/** The line and the requests booked for later, per queue, in one snapshot. */
async function loadHoldQueue(
  centerId: string,
): Promise<{ queues: QueueView[]; agentNames: Map<string, string> }> {
  const [view, agents] = await Promise.all([
    viewsApi.holdQueue(centerId),
    viewsApi.agentStatus(centerId),
  ]);
  const queues = await Promise.all(
    view.queues.map(async (q) => {
      const open = await callbacksApi.ofQueue(q.queueId);
      return { ...q, scheduled: open.items.filter((cb) => cb.position === null) };
    }),
  );
  return { queues, agentNames: new Map(agents.items.map((a) => [a.agentId, a.name])) };
}

/**
 * The hold queue (HQ-05, QCB-02): per queue, callers and callback requests in their places
 * (a request keeps the caller's place), waits ticking live, estimated waits, and the requests
 * booked for a later time; the supervisor re-times or cancels a request.
 */
export default function HoldQueuePage() {
  const { t } = useTranslation();
  const choice = useCenter();
  const center = choice.center;
  const data = useLiveData(center?.id ?? null, () => loadHoldQueue(center!.id), EVENTS, center?.id);
  const now = useNow();
  const [notice, setNotice] = useState('');
  const elapsed = data.value ? now - data.loadedAt : 0;

  return (
    <>
      <PageHeading>{t('pages.supervisor.holdQueue')}</PageHeading>
      <CenterPicker choice={choice} />
      {choice.error !== null && <ErrorMessage error={choice.error} />}
      {data.error !== null && <ErrorMessage error={data.error} />}
      <p role="status" className={styles.status}>
        {notice}
      </p>
      {data.value === null && data.error === null && <p>{t('app.loading')}</p>}
      {data.value?.queues.length === 0 && <p>{t('pages.supervisor.hq.noQueues')}</p>}
      {center &&
        data.value?.queues.map((q) => (
          <section key={q.queueId} className={styles.panel} aria-labelledby={`q-${q.queueId}`}>
            <h2 id={`q-${q.queueId}`}>{q.name}</h2>
            <dl className={styles.summary}>
              <div>
                <dt>{t('pages.supervisor.hq.waiting')}</dt>
                <dd>{q.waiting}</dd>
              </div>
              <div>
                <dt>{t('pages.supervisor.hq.callbacks')}</dt>
                <dd>{q.callbacks}</dd>
              </div>
              <div>
                <dt>{t('pages.supervisor.hq.longestWait')}</dt>
                <dd>
                  {q.longestWaitMs === null ? '—' : formatDuration(q.longestWaitMs + elapsed)}
                </dd>
              </div>
              <div>
                <dt>{t('pages.supervisor.hq.scheduled')}</dt>
                <dd>{q.scheduled.length}</dd>
              </div>
            </dl>
            {q.entries.length === 0 ? (
              <p>{t('pages.supervisor.hq.empty')}</p>
            ) : (
              <LineTable
                queueName={q.name}
                entries={q.entries}
                agentNames={data.value!.agentNames}
                elapsed={elapsed}
                timeZone={center.timeZone}
                onDone={(m) => {
                  setNotice(m);
                  data.reload();
                }}
              />
            )}
            {q.scheduled.length > 0 && (
              <ScheduledTable
                queueName={q.name}
                callbacks={q.scheduled}
                timeZone={center.timeZone}
                onDone={(m) => {
                  setNotice(m);
                  data.reload();
                }}
              />
            )}
          </section>
        ))}
    </>
  );
}

function LineTable({
  queueName,
  entries,
  agentNames,
  elapsed,
  timeZone,
  onDone,
}: {
  queueName: string;
  entries: readonly WaitingEntry[];
  agentNames: ReadonlyMap<string, string>;
  elapsed: number;
  timeZone: string;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <caption>{t('pages.supervisor.hq.lineOf', { queue: queueName })}</caption>
        <thead>
          <tr>
            <th scope="col" className={styles.num}>
              {t('pages.supervisor.hq.place')}
            </th>
            <th scope="col">{t('pages.supervisor.hq.kind')}</th>
            <th scope="col">{t('pages.supervisor.common.customer')}</th>
            <th scope="col" className={styles.num}>
              {t('pages.supervisor.hq.wait')}
            </th>
            <th scope="col" className={styles.num}>
              {t('pages.supervisor.hq.estimatedWait')}
            </th>
            <th scope="col">{t('pages.supervisor.common.state')}</th>
            <th scope="col">{t('pages.supervisor.common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.entryId} className={e.kind === 'callback' ? styles.callbackRow : undefined}>
              <td className={styles.num}>{e.position}</td>
              <td>
                {e.kind === 'callback'
                  ? t('pages.supervisor.hq.callbackRequest')
                  : t('pages.supervisor.hq.caller')}
              </td>
              <td>{e.customerNumber}</td>
              <td className={styles.num}>{formatDuration(e.waitMs + elapsed)}</td>
              <td className={styles.num}>
                {e.estimatedWaitMs === null
                  ? t('pages.supervisor.hq.noEstimate')
                  : formatDuration(e.estimatedWaitMs)}
              </td>
              <td>
                <StateLabel state={e.state} />
                {e.offeredTo !== null && (
                  <span className={styles.muted}>
                    {' '}
                    {t('pages.supervisor.hq.offeredTo', {
                      agent: agentNames.get(e.offeredTo) ?? e.offeredTo,
                    })}
                  </span>
                )}
              </td>
              <td>
                {e.callbackId !== null && (
                  <CallbackActions
                    callbackId={e.callbackId}
                    number={e.customerNumber}
                    dueAt={null}
                    timeZone={timeZone}
                    onDone={onDone}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ScheduledTable({
  queueName,
  callbacks,
  timeZone,
  onDone,
}: {
  queueName: string;
  callbacks: readonly OpenCallback[];
  timeZone: string;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <caption>{t('pages.supervisor.hq.scheduledOf', { queue: queueName })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pages.supervisor.common.customer')}</th>
            <th scope="col">{t('pages.supervisor.hq.dueAt', { zone: timeZone })}</th>
            <th scope="col" className={styles.num}>
              {t('pages.supervisor.hq.attempts')}
            </th>
            <th scope="col">{t('pages.supervisor.common.state')}</th>
            <th scope="col">{t('pages.supervisor.common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {callbacks.map((cb) => (
            <tr key={cb.callbackId}>
              <td>{cb.number}</td>
              <td>{cb.dueAt === null ? '—' : formatDateTime(cb.dueAt, timeZone)}</td>
              <td className={styles.num}>{cb.attempts}</td>
              <td>
                <StateLabel state={cb.state} />
              </td>
              <td>
                <CallbackActions
                  callbackId={cb.callbackId}
                  number={cb.number}
                  dueAt={cb.dueAt}
                  timeZone={timeZone}
                  onDone={onDone}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
