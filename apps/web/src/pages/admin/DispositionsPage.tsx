import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { dispositionsApi, type Disposition } from '../../api/dispositions';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { fieldErrorsOf, type FieldErrors } from '../../components/fieldErrors';
import { PageHeading } from '../../components/PageHeading';
import { currentLanguage } from '../../i18n';
import styles from './admin.module.css';
import { RowActions } from './RowActions';
import { CenterSelect, useCenters } from './useCenters';
import { useCenterItems } from './useCenterItems';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EMPTY = { id: '', label: '', labelJa: '' };

/** SUP-05: the call types agents set on a call, with English and Japanese labels. */
export default function DispositionsPage() {
  const { t } = useTranslation();
  const centers = useCenters();
  const centerId = centers.centerId;
  const [edits, setEdits] = useState<Record<string, Disposition>>({});
  const [adding, setAdding] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});

  const { items, reload, failure, setFailure, status, setStatus, run } = useCenterItems(
    centerId,
    dispositionsApi.list,
    (fresh: Disposition[]) => setEdits(Object.fromEntries(fresh.map((d) => [d.id, d]))),
  );
  // A row's change also clears what a failed add left beside the form.
  const change = async (action: () => Promise<unknown>, done: string) => {
    if (await run(action, done)) setErrors({});
  };

  const onAdd = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!ID.test(adding.id)) local.id = t('pages.admin.common.idFormat');
    if (!adding.label.trim()) local.label = t('pages.admin.common.required');
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    try {
      await dispositionsApi.add(centerId, {
        id: adding.id,
        label: adding.label,
        ...(adding.labelJa && { labelJa: adding.labelJa }),
      });
      await reload();
      setAdding(EMPTY);
      setFailure(null);
      setStatus(t('pages.admin.common.added'));
    } catch (err) {
      setFailure(err);
      setErrors(fieldErrorsOf(err, currentLanguage()));
    }
  };

  const edit = (id: string, field: 'label' | 'labelJa', value: string) =>
    setEdits({ ...edits, [id]: { ...edits[id]!, [field]: value } });

  return (
    <>
      <PageHeading>{t('pages.admin.dispositions')}</PageHeading>
      <CenterSelect
        centers={centers.centers}
        centerId={centerId}
        onChange={centers.setCenterId}
        error={centers.error}
      />
      {items && (
        <table className={styles.table}>
          <caption>{t('pages.admin.disposition.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages.admin.disposition.id')}</th>
              <th scope="col">{t('pages.admin.disposition.labelJa')}</th>
              <th scope="col">{t('pages.admin.disposition.label')}</th>
              <th scope="col">{t('pages.admin.common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <th scope="row">{d.id}</th>
                <td>
                  <input
                    aria-label={t('pages.admin.disposition.labelJaOf', { id: d.id })}
                    value={edits[d.id]?.labelJa ?? ''}
                    onChange={(e) => edit(d.id, 'labelJa', e.target.value)}
                  />
                </td>
                <td>
                  <input
                    aria-label={t('pages.admin.disposition.labelOf', { id: d.id })}
                    value={edits[d.id]?.label ?? ''}
                    onChange={(e) => edit(d.id, 'label', e.target.value)}
                  />
                </td>
                <td>
                  <RowActions
                    name={d.id}
                    onSave={() => {
                      const { label, labelJa } = edits[d.id] ?? d;
                      void change(
                        () =>
                          dispositionsApi.relabel(centerId, d.id, {
                            label,
                            ...(labelJa && { labelJa }),
                          }),
                        t('pages.admin.common.saved'),
                      );
                    }}
                    onDelete={() =>
                      void change(
                        () => dispositionsApi.remove(centerId, d.id),
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
      <form onSubmit={onAdd} noValidate aria-labelledby="disposition-add-heading">
        <h2 id="disposition-add-heading">{t('pages.admin.disposition.addHeading')}</h2>
        <div className={styles.row}>
          <Field id="disposition-id" label={t('pages.admin.disposition.id')} error={errors.id}>
            <input
              value={adding.id}
              onChange={(e) => setAdding({ ...adding, id: e.target.value.trim() })}
            />
          </Field>
          <Field
            id="disposition-labelJa"
            label={t('pages.admin.disposition.labelJa')}
            error={errors.labelJa}
          >
            <input
              value={adding.labelJa}
              onChange={(e) => setAdding({ ...adding, labelJa: e.target.value })}
            />
          </Field>
          <Field
            id="disposition-label"
            label={t('pages.admin.disposition.label')}
            error={errors.label}
          >
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
