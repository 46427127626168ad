import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { callerIdsApi, type CallerId } from '../../api/callerIds';
import { queuesApi, type Queue, type QueueSettings } from '../../api/queues';
import { ErrorMessage } from '../../components/ErrorMessage';
import { fieldErrorsOf, type FieldErrors } from '../../components/fieldErrors';
import { PageHeading } from '../../components/PageHeading';
import { currentLanguage } from '../../i18n';
import styles from './admin.module.css';
import { getPath, outOfRange } from './draft';
import { QUEUE_NUMBERS, QueueForm } from './QueueForm';
import { CenterSelect, useCenters } from './useCenters';

type Draft = QueueSettings & { id: string };

function draftOf(queue: Queue): Draft {
  const { centerId: _center, members: _members, ...settings } = queue;
  return settings;
}

/**
 * Queues and every setting (HQ-02, HQ-04, QCB-01.., AGT-04, AGT-06). Obvious mistakes (a number
 * out of range) are caught here; everything else, such as the QCB-17 key clash, is the server's
 * to decide, and its refusal is shown beside the fields it names. A refused save changes nothing.
 */
export default function QueuesPage() {
  const { t } = useTranslation();
  const centers = useCenters();
  const [queues, setQueues] = useState<Queue[] | null>(null);
  const [callerIds, setCallerIds] = useState<CallerId[]>([]);
  const [queueId, setQueueId] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!centers.centerId) return;
    let live = true;
    Promise.all([queuesApi.list(centers.centerId), callerIdsApi.list(centers.centerId)])
      .then(([q, c]) => {
        if (!live) return;
        setQueues(q.items);
        setCallerIds(c.items);
        const first = q.items[0];
        setQueueId(first?.id ?? '');
        setDraft(first ? draftOf(first) : null);
      })
      .catch((err: unknown) => live && setFailure(err));
    return () => {
      live = false;
    };
  }, [centers.centerId]);

  const choose = (id: string) => {
    setQueueId(id);
    const queue = queues?.find((q) => q.id === id);
    setDraft(queue ? draftOf(queue) : null);
    setErrors({});
    setFailure(null);
    setSaved(false);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setSaved(false);
    const local: Record<string, string> = {};
    for (const [path, [min, max]] of Object.entries(QUEUE_NUMBERS)) {
      if (outOfRange(getPath(draft, path), min, max))
        local[path] = t('pages.admin.common.numberRange', { min, max });
    }
    if (!draft.name.trim()) local.name = t('pages.admin.common.required');
    setErrors(local);
    if (Object.keys(local).length > 0) {
      setFailure(null);
      focusFirstInvalid();
      return;
    }
    setSaving(true);
    try {
      const { id, ...settings } = draft;
      const queue = await queuesApi.patch(id, settings);
      setQueues((all) => all?.map((q) => (q.id === queue.id ? queue : q)) ?? null);
      setDraft(draftOf(queue));
      setFailure(null);
      setSaved(true);
    } catch (err) {
      setFailure(err);
      setErrors(fieldErrorsOf(err, currentLanguage()));
      focusFirstInvalid();
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <PageHeading>{t('pages.admin.queues')}</PageHeading>
      <CenterSelect
        centers={centers.centers}
        centerId={centers.centerId}
        onChange={centers.setCenterId}
        error={centers.error}
      />
      {queues === null ? (
        centers.centerId && !failure && <p>{t('app.loading')}</p>
      ) : queues.length === 0 ? (
        <p>{t('pages.admin.queue.none')}</p>
      ) : (
        <div className="field">
          <label htmlFor="admin-queue">{t('pages.admin.queue.choose')}</label>
          <select id="admin-queue" value={queueId} onChange={(e) => choose(e.target.value)}>
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name} ({q.id})
              </option>
            ))}
          </select>
        </div>
      )}
      {draft && queues && (
        <form key={draft.id} onSubmit={onSubmit} noValidate>
          <QueueForm
            draft={draft}
            onChange={(d) => {
              setDraft(d);
              setSaved(false);
            }}
            errors={errors}
            queues={queues}
            callerIds={callerIds}
          />
          {failure !== null && <ErrorMessage error={failure} />}
          <div className={styles.actions}>
            <button type="submit" className="button" disabled={saving}>
              {saving ? t('pages.admin.common.saving') : t('pages.admin.common.save')}
            </button>
            <span role="status" className={styles.saved}>
              {saved ? t('pages.admin.common.saved') : ''}
            </span>
          </div>
        </form>
      )}
      {!draft && failure !== null && <ErrorMessage error={failure} />}
    </>
  );
}

/** After a refused save the first field in error takes the focus, so its message is read. */
function focusFirstInvalid() {
  requestAnimationFrame(() =>
    document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus(),
  );
}
