import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { callerIdsApi, type CallerId } from '../../api/callerIds';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { fieldErrorsOf, type FieldErrors } from '../../components/fieldErrors';
import { PageHeading } from '../../components/PageHeading';
import { currentLanguage } from '../../i18n';
import styles from './admin.module.css';
import { RowActions } from './RowActions';
import { CenterSelect, useCenters } from './useCenters';
import { useCenterItems } from './useCenterItems';

const PHONE = /^\+?\d{3,20}$/;

/** The center's own numbers shown to customers (AGT-05, QCB-04): list, add, relabel, delete. */
export default function CallerIdsPage() {
  const { t } = useTranslation();
  const centers = useCenters();
  const centerId = centers.centerId;
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [adding, setAdding] = useState<CallerId>({ number: '', label: '' });
  const [errors, setErrors] = useState<FieldErrors>({});

  const { items, reload, failure, setFailure, status, setStatus, run } = useCenterItems(
    centerId,
    callerIdsApi.list,
    (fresh: CallerId[]) => setLabels(Object.fromEntries(fresh.map((c) => [c.number, c.label]))),
  );
  // A row's change also clears what a failed add left beside the form.
  const change = async (action: () => Promise<unknown>, done: string) => {
    if (await run(action, done)) setErrors({});
  };

  const onAdd = async (event: FormEvent) => {
    event.preventDefault();
    if (!PHONE.test(adding.number)) {
      setErrors({ number: t('pages.admin.callerId.numberFormat') });
      return;
    }
    try {
      await callerIdsApi.add(centerId, adding);
      await reload();
      setAdding({ number: '', label: '' });
      setErrors({});
      setFailure(null);
      setStatus(t('pages.admin.common.added'));
    } catch (err) {
      setFailure(err);
      setErrors(fieldErrorsOf(err, currentLanguage()));
    }
  };

  return (
    <>
      <PageHeading>{t('pages.admin.callerIds')}</PageHeading>
      <CenterSelect
        centers={centers.centers}
        centerId={centerId}
        onChange={centers.setCenterId}
        error={centers.error}
      />
      {items && (
        <table className={styles.table}>
          <caption>{t('pages.admin.callerId.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages.admin.callerId.number')}</th>
              <th scope="col">{t('pages.admin.callerId.label')}</th>
              <th scope="col">{t('pages.admin.common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.number}>
                <th scope="row">{c.number}</th>
                <td>
                  <input
                    aria-label={t('pages.admin.callerId.labelOf', { number: c.number })}
                    value={labels[c.number] ?? ''}
                    onChange={(e) => setLabels({ ...labels, [c.number]: e.target.value })}
                  />
                </td>
                <td>
                  <RowActions
                    name={c.number}
                    onSave={() =>
                      void change(
                        () => callerIdsApi.relabel(centerId, c.number, labels[c.number] ?? ''),
                        t('pages.admin.common.saved'),
                      )
                    }
                    onDelete={() =>
                      void change(
                        () => callerIdsApi.remove(centerId, c.number),
                        t('pages.admin.common.deleted'),
                      )
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {failure !== null && <ErrorMessage error={failure} />}
      <p role="status" className={styles.saved}>
        {status}
      </p>
      <form onSubmit={onAdd} noValidate aria-labelledby="callerid-add-heading">
        <h2 id="callerid-add-heading">{t('pages.admin.callerId.addHeading')}</h2>
        <div className={styles.row}>
          <Field
            id="callerid-number"
            label={t('pages.admin.callerId.number')}
            error={errors.number}
          >
            <input
              inputMode="tel"
              value={adding.number}
              onChange={(e) => setAdding({ ...adding, number: e.target.value.trim() })}
            />
          </Field>
          <Field id="callerid-label" label={t('pages.admin.callerId.label')} error={errors.label}>
            <input
              value={adding.label}
              onChange={(e) => setAdding({ ...adding, label: e.target.value })}
            />
          </Field>
          <div className={styles.actions}>
            <button type="submit" className="button">
              {t('pages.admin.common.add')}
            </button>
          </div>
        </div>
      </form>
    </>
  );
}
