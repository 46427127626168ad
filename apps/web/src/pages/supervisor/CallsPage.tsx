import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callHistoryApi, type CallRecord, type CallSearch } from '../../api/callHistory';
import { viewsApi, type AgentStatus } from '../../api/views';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeading } from '../../components/PageHeading';
import { CallSearchForm } from './CallSearchForm';
import { Pager } from './Pager';
import { useLabels } from './labels';
import { CenterPicker, useCenter, useQueues } from './useCenter';
import { useLiveData } from './useLiveData';
import { formatDateTime, formatDuration } from './time';
import type { Center } from '../../api/centers';
import { currentLanguage } from '../../i18n';
import styles from './supervisor.module.css';

/**
 * All calls (SUP-04): search by period, queue, agent, number, kind and end reason, page by
 * page (newest first), download the matches as CSV, and open each call's details. The first
 * page follows new calls as they end.
 */
export default function CallsPage() {
  const { t } = useTranslation();
  const choice = useCenter();
  const center = choice.center;
  const queues = useQueues(center?.id);
  const [agents, setAgents] = useState<readonly AgentStatus[]>([]);
  const [search, setSearch] = useState<CallSearch>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [pageSize, setPageSize] = useState(25);
  const cursor = cursors[cursors.length - 1];

  useEffect(() => {
    if (!center) return;
    let live = true;
    viewsApi.agentStatus(center.id).then(
      (r) => live && setAgents(r.items),
      () => live && setAgents([]),
    );
    return () => {
      live = false;
    };
  }, [center]);

  const key = center ? JSON.stringify([center.id, search, cursor, pageSize]) : null;
  const data = useLiveData(
    key,
    () => callHistoryApi.search(center!.id, search, cursor, pageSize),
    ['call.ended'],
    center?.id,
    500,
  );
  const page = data.value;

  return (
    <>
      <PageHeading>{t('pages.supervisor.calls')}</PageHeading>
      <CenterPicker choice={choice} />
      {choice.error !== null && <ErrorMessage error={choice.error} />}
      {center && (
        <CallSearchForm
          timeZone={center.timeZone}
          queues={queues}
          agents={agents}
          onSearch={(s) => {
            setSearch(s);
            setCursors([undefined]);
          }}
        />
      )}
      {center && (
        <p className={styles.actions}>
          <label htmlFor="calls-page-size">{t('pages.supervisor.history.pageSize')}</label>
          <select
            id="calls-page-size"
            value={pageSize}
            onChange={(e) => {
              setPageSize(Number(e.target.value));
              setCursors([undefined]);
            }}
          >
            {[10, 25, 50, 100].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <a className="button-secondary" href={callHistoryApi.csvUrl(center.id, search)} download>
            {t('pages.supervisor.history.csv')}
          </a>
        </p>
      )}
      {data.error !== null && <ErrorMessage error={data.error} />}
      <p role="status" className={styles.status}>
        {page ? t('pages.supervisor.history.results', { count: page.items.length }) : ''}
      </p>
      {page && page.items.length === 0 && <p>{t('pages.supervisor.common.noResults')}</p>}
      {page && center && page.items.length > 0 && (
        <HistoryTable rows={page.items} center={center} />
      )}
      {page && (
        <Pager
          label={t('pages.supervisor.calls')}
          cursors={cursors}
          nextCursor={page.nextCursor}
          onChange={setCursors}
        />
      )}
    </>
  );
}

function HistoryTable({ rows, center }: { rows: readonly CallRecord[]; center: Center }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [open, setOpen] = useState<string | null>(null);
  const ms = (v: number | null) => (v === null ? '—' : formatDuration(v));
  const when = (v: string | null) => (v === null ? '—' : formatDateTime(v, center.timeZone));
  const disposition = (id: string | null) => {
    const d = center.dispositions.find((x) => x.id === id);
    if (!d) return id ?? '—';
    return currentLanguage() === 'ja' ? (d.labelJa ?? d.label) : d.label;
  };
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <caption>{t('pages.supervisor.history.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pages.supervisor.history.createdAt')}</th>
            <th scope="col">{t('pages.supervisor.common.customer')}</th>
            <th scope="col">{t('pages.supervisor.common.kind')}</th>
            <th scope="col">{t('pages.supervisor.common.queue')}</th>
            <th scope="col">{t('pages.supervisor.common.agent')}</th>
            <th scope="col" className={styles.num}>
              {t('pages.supervisor.history.wait')}
            </th>
            <th scope="col" className={styles.num}>
              {t('pages.supervisor.history.talk')}
            </th>
            <th scope="col">{t('pages.supervisor.history.endReason')}</th>
            <th scope="col">{t('pages.supervisor.history.details')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <Fragment key={r.callId}>
              <tr>
                <td>{when(r.createdAt)}</td>
                <th scope="row">{r.customerNumber}</th>
                <td>{labels.kind(r.kind)}</td>
                <td>{r.queueName ?? '—'}</td>
                <td>{r.agentName ?? '—'}</td>
                <td className={styles.num}>{ms(r.waitMs)}</td>
                <td className={styles.num}>{ms(r.talkMs)}</td>
                <td>
                  {r.endedAt === null ? labels.state(r.state) : labels.endReason(r.endReason)}
                </td>
                <td>
                  <button
                    type="button"
                    className="button-secondary"
                    aria-expanded={open === r.callId}
                    aria-controls={`call-${r.callId}`}
                    aria-label={t('pages.supervisor.history.detailsFor', {
                      number: r.customerNumber,
                    })}
                    onClick={() => setOpen(open === r.callId ? null : r.callId)}
                  >
                    {t('pages.supervisor.history.details')}
                  </button>
                </td>
              </tr>
              {open === r.callId && (
                <tr id={`call-${r.callId}`}>
                  <td colSpan={9}>
                    <dl className={styles.details}>
                      <dt>{t('pages.supervisor.history.callId')}</dt>
                      <dd>{r.callId}</dd>
                      <dt>{t('pages.supervisor.common.ourNumber')}</dt>
                      <dd>{r.ourNumber}</dd>
                      <dt>{t('pages.supervisor.history.connectedAt')}</dt>
                      <dd>{when(r.connectedAt)}</dd>
                      <dt>{t('pages.supervisor.history.endedAt')}</dt>
                      <dd>{when(r.endedAt)}</dd>
                      <dt>{t('pages.supervisor.history.disposition')}</dt>
                      <dd>{disposition(r.dispositionId)}</dd>
                      <dt>{t('pages.supervisor.history.callback')}</dt>
                      <dd>{r.callbackId ?? '—'}</dd>
                    </dl>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
