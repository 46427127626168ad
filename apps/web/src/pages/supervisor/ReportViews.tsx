import { useTranslation } from 'react-i18next';
import type { CallbackReport, ServiceLevelReport } from '../../api/reports';
import { BarChart } from '../../components/BarChart';
import { formatNumber } from './time';
import styles from './supervisor.module.css';

const percent = (v: number | null) =>
  v === null ? '—' : formatNumber(v, { style: 'percent', maximumFractionDigits: 1 });
const decimal = (v: number | null) =>
  v === null ? '—' : formatNumber(v, { maximumFractionDigits: 1 });

/** Callbacks by outcome (QCB-14): a chart of the overall outcomes and the table per queue. */
export function CallbackReportView({
  report,
  queueName,
}: {
  report: CallbackReport;
  queueName: (id: string | null) => string;
}) {
  const { t } = useTranslation();
  const outcomes = [
    'connected',
    'noAnswerOrDeclined',
    'acceptedNotConnected',
    'noCallback',
  ] as const;
  const rows = [report.overall, ...report.queues];
  return (
    <section className={styles.panel} aria-labelledby="report-callbacks">
      <h2 id="report-callbacks">{t('pages.supervisor.report.callbacksTitle')}</h2>
      <BarChart
        title={t('pages.supervisor.report.callbacksChart')}
        bars={outcomes.map((o) => ({
          label: t(`pages.supervisor.report.${o}`),
          value: report.overall.outcomes[o],
          text: formatNumber(report.overall.outcomes[o]),
        }))}
      />
      <div
        className={styles.tableWrap}
        tabIndex={0}
        role="region"
        aria-label={t('pages.supervisor.report.callbacksTitle')}
      >
        <table className={styles.table}>
          <caption>{t('pages.supervisor.report.callbacksTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages.supervisor.common.queue')}</th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.requestCalls')}
              </th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.callbackCalls')}
              </th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.requested')}
              </th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.completed')}
              </th>
              {outcomes.map((o) => (
                <th key={o} scope="col" className={styles.num}>
                  {t(`pages.supervisor.report.${o}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.queueId ?? ''}>
                <th scope="row">{queueName(r.queueId)}</th>
                <td className={styles.num}>{formatNumber(r.requestCalls)}</td>
                <td className={styles.num}>{formatNumber(r.callbackCalls)}</td>
                <td className={styles.num}>{formatNumber(r.requested)}</td>
                <td className={styles.num}>{formatNumber(r.completed)}</td>
                {outcomes.map((o) => (
                  <td key={o} className={styles.num}>
                    {formatNumber(r.outcomes[o])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The service level per queue (QCB-15): a chart of the levels and the figures behind them. */
export function ServiceLevelView({
  report,
  queueName,
}: {
  report: ServiceLevelReport;
  queueName: (id: string | null) => string;
}) {
  const { t } = useTranslation();
  const rows = [report.overall, ...report.queues];
  return (
    <section className={styles.panel} aria-labelledby="report-service-level">
      <h2 id="report-service-level">{t('pages.supervisor.report.serviceLevelTitle')}</h2>
      <BarChart
        title={t('pages.supervisor.report.serviceLevelChart')}
        max={1}
        bars={rows.map((r) => ({
          label: queueName(r.queueId),
          value: r.serviceLevel ?? 0,
          text: percent(r.serviceLevel),
        }))}
      />
      {/* Wide: it may scroll sideways, so it takes the focus to scroll by keyboard. */}
      <div
        className={styles.tableWrap}
        tabIndex={0}
        role="region"
        aria-label={t('pages.supervisor.report.serviceLevelTitle')}
      >
        <table className={styles.table}>
          <caption>{t('pages.supervisor.report.serviceLevelTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages.supervisor.common.queue')}</th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.threshold')}
              </th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.offered')}
              </th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.answered')}
              </th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.abandoned')}
              </th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.shortAbandoned')}
              </th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.callbacksCompleted')}
              </th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.withinThreshold')}
              </th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.serviceLevel')}
              </th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.asa')}
              </th>
              <th scope="col" className={styles.num}>
                {t('pages.supervisor.report.abandonmentRate')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.queueId ?? ''}>
                <th scope="row">{queueName(r.queueId)}</th>
                <td className={styles.num}>{decimal(r.serviceLevelSec)}</td>
                <td className={styles.num}>{formatNumber(r.offered)}</td>
                <td className={styles.num}>{formatNumber(r.answered)}</td>
                <td className={styles.num}>{formatNumber(r.abandoned)}</td>
                <td className={styles.num}>{formatNumber(r.shortAbandoned)}</td>
                <td className={styles.num}>{formatNumber(r.callbacksCompleted)}</td>
                <td className={styles.num}>{formatNumber(r.withinThreshold)}</td>
                <td className={styles.num}>{percent(r.serviceLevel)}</td>
                <td className={styles.num}>{decimal(r.averageSpeedOfAnswerSec)}</td>
                <td className={styles.num}>{percent(r.abandonmentRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className={styles.muted}>
        {t('pages.supervisor.report.formula', { formula: report.formula })}
      </p>
    </section>
  );
}
