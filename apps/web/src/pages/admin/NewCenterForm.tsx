import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { centersApi, type Center } from '../../api/centers';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { fieldErrorsOf, type FieldErrors } from '../../components/fieldErrors';
import { currentLanguage } from '../../i18n';
import styles from './admin.module.css';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const EMPTY = { id: '', name: '', country: 'JP', timeZone: 'Asia/Tokyo', language: 'ja' as const };

/** A new center (system admin): open always until its business hours are set. */
export function NewCenterForm({ onCreated }: { onCreated: (center: Center) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<typeof EMPTY | (typeof EMPTY & { language: 'en' })>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!ID.test(draft.id)) local.id = t('pages.admin.common.idFormat');
    if (!draft.name.trim()) local.name = t('pages.admin.common.required');
    setErrors(local);
    if (Object.keys(local).length > 0) return setFailure(null);
    try {
      const center = await centersApi.create(draft);
      setDraft(EMPTY);
      setFailure(null);
      onCreated(center);
    } catch (err) {
      setFailure(err);
      setErrors(fieldErrorsOf(err, currentLanguage()));
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="new-center-heading">
      <h2 id="new-center-heading">{t('pages.admin.center.create')}</h2>
      <div className={styles.row}>
        <Field id="new-center-id" label={t('pages.admin.center.id')} error={errors.id}>
          <input
            value={draft.id}
            onChange={(e) => setDraft({ ...draft, id: e.target.value.trim() })}
          />
        </Field>
        <Field id="new-center-name" label={t('pages.admin.center.name')} error={errors.name}>
          <input
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        </Field>
        <Field
          id="new-center-country"
          label={t('pages.admin.center.country')}
          error={errors.country}
        >
          <input
            value={draft.country}
            maxLength={2}
            onChange={(e) => setDraft({ ...draft, country: e.target.value.toUpperCase() })}
          />
        </Field>
        <Field
          id="new-center-timeZone"
          label={t('pages.admin.center.timeZone')}
          error={errors.timeZone}
        >
          <input
            value={draft.timeZone}
            onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })}
          />
        </Field>
        <Field id="new-center-language" label={t('pages.admin.center.language')}>
          <select
            value={draft.language}
            onChange={(e) => setDraft({ ...draft, language: e.target.value as 'ja' })}
          >
            <option value="ja">{t('language.ja')}</option>
            <option value="en">{t('language.en')}</option>
          </select>
        </Field>
        <div className={styles.actions}>
          <button type="submit" className="button">
            {t('pages.admin.center.createSubmit')}
          </button>
        </div>
      </div>
      {failure !== null && <ErrorMessage error={failure} />}
    </form>
  );
}
