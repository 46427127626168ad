import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { reportsApi, type ReportPeriod } from '../../api/reports';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeading } from '../../components/PageHeading';
import { CallbackReportView, ServiceLevelView } from './ReportViews';
import { CenterPicker, useCenter, useQueues } from './useCenter';
import { useLiveData } from './useLiveData';
import { zonedDate, zonedToIso } from './time';
import styles from './supervisor.module.css';

const nextDay = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** Events that change the figures: the reports refresh a moment after them. */
const EVENTS = ['callback.requested', 'callback.completed', 'queue.joined', 'queue.left'];

/**
 * Reports over a period of whole days in the center's zone (QCB-14, QCB-15): callbacks by
 * outcome and the service level per queue, as charts with the figures in tables.
 */
export default function ReportsPage() {
  const { t } = useTranslation();
  const choice = useCenter();
  const center = choice.center;
  const queues = useQueues(center?.id);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [queueId, setQueueId] = useState('');
  const [chosen, setChosen] = useState<{ from: string; to: string; queueId: string } | null>(null);
  const zone = center?.timeZone ?? 'UTC';
  // A week up to today until the user picks a period.
  const days = chosen ?? { from: zonedDate(zone, -6), to: zonedDate(zone), queueId: '' };
  const period: ReportPeriod = {
    from: zonedToIso(days.from, zone),
    to: zonedToIso(nextDay(days.to), zone),
    queueId: days.queueId || undefined,
  };

  const data = useLiveData(
    center ? JSON.stringify([center.id, period]) : null,
    async () => {
      const [callbacks, serviceLevel] = await Promise.all([
        reportsApi.callbacks(center!.id, period),
        reportsApi.serviceLevel(center!.id, period),
      ]);
      return { callbacks, serviceLevel };
    },
    EVENTS,
    center?.id,
    1000,
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChosen({ from: from || days.from, to: to || days.to, queueId });
  };

  const names = new Map(queues.map((q) => [q.id, q.name]));
  const queueName = (id: string | null) =>
    id === null ? t('pages.supervisor.report.overall') : (names.get(id) ?? id);

  return (
    <>
      <PageHeading>{t('pages.supervisor.reports')}</PageHeading>
      <CenterPicker choice={choice} />
      {choice.error !== null && <ErrorMessage error={choice.error} />}
      {center && (
        <form
          className={styles.filters}
          onSubmit={submit}
          aria-label={t('pages.supervisor.report.period')}
        >
          <label>
            {t('pages.supervisor.common.from')}
            <input
              type="date"
              value={from || days.from}
              required
              onChange={(e) => setFrom(e.target.value)}
            />
          </label>
          <label>
            {t('pages.supervisor.common.to')}
            <input
              type="date"
              value={to || days.to}
              required
              onChange={(e) => setTo(e.target.value)}
            />
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
            {t('pages.supervisor.report.show')}
          </button>
        </form>
      )}
      {data.error !== null && <ErrorMessage error={data.error} />}
      {data.value === null && data.error === null && <p>{t('app.loading')}</p>}
      {data.value && (
        <>
          <CallbackReportView report={data.value.callbacks} queueName={queueName} />
          <ServiceLevelView report={data.value.serviceLevel} queueName={queueName} />
        </>
      )}
    </>
  );
}
