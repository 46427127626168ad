import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Center } from '../../api/centers';
import { inboxApi, type VoicemailFilter } from '../../api/inbox';
import type { QueueName } from '../../api/views';
import { AudioClip } from '../../components/AudioClip';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ConfirmDelete } from './ConfirmDelete';
import { Pager } from './Pager';
import { useLiveData } from './useLiveData';
import { formatDateTime, formatDuration } from './time';
import styles from './supervisor.module.css';

/**
 * Voicemail (HQ-02, AGT-09): newest first, filtered by heard, queue and number; played in the
 * browser, marked heard or new, deleted. A new message appears as it is recorded.
 */
export function VoicemailList({
  center,
  queues,
  onNotice,
}: {
  center: Center;
  queues: readonly QueueName[];
  onNotice: (text: string) => void;
}) {
  const { t } = useTranslation();
  const [heard, setHeard] = useState('');
  const [queueId, setQueueId] = useState('');
  const [number, setNumber] = useState('');
  const [filter, setFilter] = useState<VoicemailFilter>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [actionError, setActionError] = useState<unknown>(null);
  const cursor = cursors[cursors.length - 1];
  const data = useLiveData(
    JSON.stringify([center.id, filter, cursor]),
    () => inboxApi.voicemails(center.id, filter, cursor),
    ['voicemail.recorded'],
    center.id,
  );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter({
      heard: heard === 'true' || heard === 'false' ? heard : undefined,
      queueId: queueId || undefined,
      number: number.trim() || undefined,
    });
    setCursors([undefined]);
  };

  const act = async (action: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await action();
      data.reload();
    } catch (err) {
      setActionError(err);
    }
  };

  const items = data.value?.items;
  return (
    <section className={styles.panel} aria-labelledby="voicemail-title">
      <h2 id="voicemail-title">{t('pages.supervisor.inbox.voicemailTitle')}</h2>
      <form className={styles.filters} onSubmit={submit}>
        <label>
          {t('pages.supervisor.inbox.heardFilter')}
          <select value={heard} onChange={(e) => setHeard(e.target.value)}>
            <option value="">{t('pages.supervisor.common.all')}</option>
            <option value="false">{t('pages.supervisor.inbox.unheard')}</option>
            <option value="true">{t('pages.supervisor.inbox.heard')}</option>
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
        <button type="submit" className="button">
          {t('pages.supervisor.common.search')}
        </button>
      </form>
      {data.error !== null && <ErrorMessage error={data.error} />}
      {actionError !== null && <ErrorMessage error={actionError} />}
      {items?.length === 0 && <p>{t('pages.supervisor.common.noResults')}</p>}
      {items && items.length > 0 && (
        <div className={styles.tableWrap}>
          <table className={styles.table}>
            <caption>{t('pages.supervisor.inbox.voicemailCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('pages.supervisor.inbox.from')}</th>
                <th scope="col">{t('pages.supervisor.common.queue')}</th>
                <th scope="col">{t('pages.supervisor.common.recordedAt')}</th>
                <th scope="col" className={styles.num}>
                  {t('pages.supervisor.common.duration')}
                </th>
                <th scope="col">{t('pages.supervisor.inbox.heardStatus')}</th>
                <th scope="col">{t('pages.supervisor.inbox.play')}</th>
                <th scope="col">{t('pages.supervisor.common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((v) => (
                <tr key={v.id}>
                  <th scope="row">{v.from}</th>
                  <td>{v.queueName ?? '—'}</td>
                  <td>{formatDateTime(v.recordedAt, center.timeZone)}</td>
                  <td className={styles.num}>{formatDuration(v.durationMs)}</td>
                  <td>
                    {v.heard ? (
                      t('pages.supervisor.inbox.heard')
                    ) : (
                      <strong>{t('pages.supervisor.inbox.unheard')}</strong>
                    )}
                  </td>
                  <td>
                    <AudioClip
                      src={v.audioUrl}
                      label={t('pages.supervisor.inbox.playVoicemail', { number: v.from })}
                    />
                  </td>
                  <td>
                    <div className={styles.actions}>
                      <button
                        type="button"
                        className="button-secondary"
                        aria-label={t(
                          v.heard
                            ? 'pages.supervisor.inbox.markUnheardFor'
                            : 'pages.supervisor.inbox.markHeardFor',
                          { number: v.from },
                        )}
                        onClick={() => void act(() => inboxApi.markHeard(v.id, !v.heard))}
                      >
                        {t(
                          v.heard
                            ? 'pages.supervisor.inbox.markUnheard'
                            : 'pages.supervisor.inbox.markHeard',
                        )}
                      </button>
                      <ConfirmDelete
                        label={t('pages.supervisor.inbox.deleteVoicemailFor', { number: v.from })}
                        onDelete={async () => {
                          await inboxApi.deleteVoicemail(v.id);
                          onNotice(t('pages.supervisor.inbox.deleted'));
                          data.reload();
                        }}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        label={t('pages.supervisor.inbox.voicemailTitle')}
        cursors={cursors}
        nextCursor={data.value?.nextCursor ?? null}
        onChange={setCursors}
      />
    </section>
  );
}
