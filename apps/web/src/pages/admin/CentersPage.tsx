import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { centersApi, type Center } from '../../api/centers';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { fieldErrorsOf, type FieldErrors } from '../../components/fieldErrors';
import { PageHeading } from '../../components/PageHeading';
import { currentLanguage } from '../../i18n';
import styles from './admin.module.css';
import { BusinessHoursForm } from './BusinessHoursForm';
import { NewCenterForm } from './NewCenterForm';
import { CenterSelect, useCenters } from './useCenters';

type CenterDraft = Pick<Center, 'name' | 'country' | 'timeZone' | 'language'>;

/** Centers: name, country, time zone, announcement language, and business hours (HQ-06). */
export default function CentersPage() {
  const { t } = useTranslation();
  const centers = useCenters();
  const center = centers.center;
  return (
    <>
      <PageHeading>{t('pages.admin.centers')}</PageHeading>
      <CenterSelect
        centers={centers.centers}
        centerId={centers.centerId}
        onChange={centers.setCenterId}
        error={centers.error}
      />
      {center && (
        <>
          <CenterForm key={center.id} center={center} onSaved={centers.reload} />
          <BusinessHoursForm
            key={`hours-${center.id}`}
            centerId={center.id}
            timeZone={center.timeZone}
          />
        </>
      )}
      {centers.centers && (
        <NewCenterForm
          onCreated={(created) => {
            centers.setCenterId(created.id);
            centers.reload();
          }}
        />
      )}
    </>
  );
}

function CenterForm({ center, onSaved }: { center: Center; onSaved: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<CenterDraft>({
    name: center.name,
    country: center.country,
    timeZone: center.timeZone,
    language: center.language,
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const set = (field: keyof CenterDraft, value: string) => {
    setDraft({ ...draft, [field]: value });
    setSaved(false);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await centersApi.patch(center.id, draft);
      setErrors({});
      setFailure(null);
      setSaved(true);
      onSaved();
    } catch (err) {
      setFailure(err);
      setErrors(fieldErrorsOf(err, currentLanguage()));
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="center-heading">
      <h2 id="center-heading">{t('pages.admin.center.heading')}</h2>
      <Field id="center-name" label={t('pages.admin.center.name')} error={errors.name}>
        <input value={draft.name} onChange={(e) => set('name', e.target.value)} />
      </Field>
      <Field
        id="center-country"
        label={t('pages.admin.center.country')}
        hint={t('pages.admin.center.countryHint')}
        error={errors.country}
      >
        <input
          value={draft.country}
          maxLength={2}
          onChange={(e) => set('country', e.target.value.toUpperCase())}
        />
      </Field>
      <Field
        id="center-timeZone"
        label={t('pages.admin.center.timeZone')}
        hint={t('pages.admin.center.timeZoneHint')}
        error={errors.timeZone}
      >
        <input value={draft.timeZone} onChange={(e) => set('timeZone', e.target.value)} />
      </Field>
      <Field id="center-language" label={t('pages.admin.center.language')} error={errors.language}>
        <select value={draft.language} onChange={(e) => set('language', e.target.value)}>
          <option value="ja">{t('language.ja')}</option>
          <option value="en">{t('language.en')}</option>
        </select>
      </Field>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className={styles.actions}>
        <button type="submit" className="button">
          {t('pages.admin.common.save')}
        </button>
        <span role="status" className={styles.saved}>
          {saved ? t('pages.admin.common.saved') : ''}
        </span>
      </div>
    </form>
  );
}
