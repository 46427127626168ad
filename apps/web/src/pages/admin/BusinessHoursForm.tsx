import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { centersApi, type BusinessHours } from '../../api/centers';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { fieldErrorsOf, type FieldErrors } from '../../components/fieldErrors';
import { currentLanguage } from '../../i18n';
import styles from './admin.module.css';

const DAYS = [0, 1, 2, 3, 4, 5, 6] as const;
const DAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/**
 * A center's business hours (HQ-06): open always, or weekly windows in the center's time zone,
 * and closed dates. Where a closed queue sends callers is each queue's after-hours route.
 */
export function BusinessHoursForm({ centerId, timeZone }: { centerId: string; timeZone: string }) {
  const { t } = useTranslation();
  const [hours, setHours] = useState<BusinessHours | null>(null);
  const [newDate, setNewDate] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    let live = true;
    centersApi
      .businessHours(centerId)
      .then(({ timeZone: _zone, ...h }) => live && setHours(h))
      .catch((err: unknown) => live && setFailure(err));
    return () => {
      live = false;
    };
  }, [centerId]);

  if (!hours) return failure ? <ErrorMessage error={failure} /> : <p>{t('app.loading')}</p>;

  const change = (next: BusinessHours) => {
    setHours(next);
    setSaved(false);
  };
  const setWindow = (index: number, field: 'day' | 'open' | 'close', value: string) =>
    change({
      ...hours,
      weekly: hours.weekly.map((w, i) =>
        i === index ? { ...w, [field]: field === 'day' ? Number(value) : value } : w,
      ),
    });
  const dayName = (day: number) => t(`pages.admin.hours.days.${DAY_KEYS[day] ?? 'sun'}`);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    hours.weekly.forEach((w, i) => {
      if (!(w.open < w.close)) local[`weekly.${i}`] = t('pages.admin.hours.openBeforeClose');
    });
    setErrors(local);
    setSaved(false);
    if (Object.keys(local).length > 0) return setFailure(null);
    try {
      const { timeZone: _zone, ...after } = await centersApi.setBusinessHours(centerId, hours);
      setHours(after);
      setFailure(null);
      setSaved(true);
    } catch (err) {
      setFailure(err);
      setErrors(fieldErrorsOf(err, currentLanguage()));
    }
  };

  const rowError = (i: number) =>
    Object.entries(errors).find(([p]) => p === `weekly.${i}` || p.startsWith(`weekly.${i}.`))?.[1];

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="hours-heading">
      <h2 id="hours-heading">{t('pages.admin.hours.heading')}</h2>
      <p>{t('pages.admin.hours.timeZone', { timeZone })}</p>
      <Field id="hours-always" inline label={t('pages.admin.hours.alwaysOpen')}>
        <input
          type="checkbox"
          checked={hours.alwaysOpen}
          onChange={(e) => change({ ...hours, alwaysOpen: e.target.checked })}
        />
      </Field>
      <table className={styles.table}>
        <caption>{t('pages.admin.hours.weekly')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pages.admin.hours.day')}</th>
            <th scope="col">{t('pages.admin.hours.open')}</th>
            <th scope="col">{t('pages.admin.hours.close')}</th>
            <th scope="col">{t('pages.admin.common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {hours.weekly.map((w, i) => {
            const error = rowError(i);
            const invalid = error
              ? { 'aria-invalid': true, 'aria-describedby': `hours-${i}-error` }
              : {};
            return (
              <tr key={i}>
                <td>
                  <select
                    aria-label={t('pages.admin.hours.dayOf', { n: i + 1 })}
                    value={w.day}
                    onChange={(e) => setWindow(i, 'day', e.target.value)}
                  >
                    {DAYS.map((d) => (
                      <option key={d} value={d}>
                        {dayName(d)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="time"
                    aria-label={t('pages.admin.hours.openOf', { n: i + 1 })}
                    value={w.open}
                    onChange={(e) => setWindow(i, 'open', e.target.value)}
                    {...invalid}
                  />
                </td>
                <td>
                  <input
                    type="time"
                    aria-label={t('pages.admin.hours.closeOf', { n: i + 1 })}
                    value={w.close}
                    onChange={(e) => setWindow(i, 'close', e.target.value)}
                    {...invalid}
                  />
                  {error && (
                    <span id={`hours-${i}-error`} className={styles.error}>
                      {' '}
                      {error}
                    </span>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    className="button-secondary"
                    onClick={() =>
                      change({ ...hours, weekly: hours.weekly.filter((_, j) => j !== i) })
                    }
                  >
                    {t('pages.admin.hours.removeWindow', { n: i + 1 })}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className={styles.actions}>
        <button
          type="button"
          className="button-secondary"
          onClick={() =>
            change({
              ...hours,
              weekly: [...hours.weekly, { day: 1, open: '09:00', close: '18:00' }],
            })
          }
        >
          {t('pages.admin.hours.addWindow')}
        </button>
      </div>
      <h3>{t('pages.admin.hours.closedDates')}</h3>
      <ul>
        {hours.closedDates.map((date) => (
          <li key={date}>
            {date}{' '}
            <button
              type="button"
              className="button-secondary"
              onClick={() =>
                change({ ...hours, closedDates: hours.closedDates.filter((d) => d !== date) })
              }
            >
              {t('pages.admin.hours.removeDate', { date })}
            </button>
          </li>
        ))}
      </ul>
      <div className={styles.row}>
        <Field id="hours-new-date" label={t('pages.admin.hours.closedDate')}>
          <input type="date" value={newDate} onChange={(e) => setNewDate(e.target.value)} />
        </Field>
        <div className={styles.actions}>
          <button
            type="button"
            className="button-secondary"
            disabled={!newDate}
            onClick={() => {
              if (!hours.closedDates.includes(newDate))
                change({ ...hours, closedDates: [...hours.closedDates, newDate].sort() });
              setNewDate('');
            }}
          >
            {t('pages.admin.hours.addDate')}
          </button>
        </div>
      </div>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className={styles.actions}>
        <button type="submit" className="button">
          {t('pages.admin.hours.save')}
        </button>
        <span role="status" className={styles.saved}>
          {saved ? t('pages.admin.common.saved') : ''}
        </span>
      </div>
    </form>
  );
}
