import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentSummary } from '../../api/agentSettings';
import type { Center } from '../../api/centers';
import { sipAccountsApi, type SipAccount } from '../../api/sipAccounts';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { fieldErrorsOf, type FieldErrors } from '../../components/fieldErrors';
import { currentLanguage } from '../../i18n';
import styles from './admin.module.css';
import { useCenterItems } from './useCenterItems';

const USERNAME = /^[A-Za-z0-9._-]{1,32}$/;
const EMPTY = { username: '', password: '', agentId: '' };

/**
 * Desk-phone SIP accounts of a center: the phone registers with the username and password set
 * here (the password is never shown again); an agent's phone is linked to the agent.
 */
export function SipAccountsSection({
  centers,
  agents,
}: {
  centers: readonly Center[];
  agents: readonly AgentSummary[];
}) {
  const { t } = useTranslation();
  const [centerId, setCenterId] = useState('');
  const [draft, setDraft] = useState(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const center = centerId || centers[0]?.id || '';
  const { items, reload, failure, setFailure, status, setStatus } = useCenterItems(
    center,
    sipAccountsApi.list,
  );
  const accounts: SipAccount[] = items ?? [];

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (!USERNAME.test(draft.username)) local.username = t('pages.admin.sip.usernameFormat');
    if (draft.password.length < 12) local.password = t('pages.admin.user.passwordLength');
    setErrors(local);
    if (Object.keys(local).length > 0) return;
    try {
      await sipAccountsApi.save(center, draft.username, draft.password, draft.agentId || null);
      await reload();
      setStatus(t('pages.admin.sip.saved', { username: draft.username }));
      setDraft(EMPTY);
      setFailure(null);
    } catch (err) {
      setFailure(err);
      setErrors(fieldErrorsOf(err, currentLanguage()));
    }
  };

  const remove = async (username: string) => {
    try {
      await sipAccountsApi.remove(center, username);
      await reload();
      setStatus(t('pages.admin.common.deleted'));
      setFailure(null);
    } catch (err) {
      setFailure(err);
    }
  };

  const centerAgents = agents.filter((a) => a.centerId === center);

  return (
    <section aria-labelledby="sip-heading">
      <h2 id="sip-heading">{t('pages.admin.sip.heading')}</h2>
      <div className="field">
        <label htmlFor="sip-center">{t('pages.admin.common.center')}</label>
        <select id="sip-center" value={center} onChange={(e) => setCenterId(e.target.value)}>
          {centers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.id})
            </option>
          ))}
        </select>
      </div>
      <table className={styles.table}>
        <caption>{t('pages.admin.sip.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pages.admin.sip.username')}</th>
            <th scope="col">{t('pages.admin.sip.realm')}</th>
            <th scope="col">{t('pages.admin.sip.agent')}</th>
            <th scope="col">{t('pages.admin.common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {accounts.length === 0 && (
            <tr>
              <td colSpan={4}>{t('pages.admin.sip.none')}</td>
            </tr>
          )}
          {accounts.map((a) => (
            <tr key={a.username}>
              <th scope="row">{a.username}</th>
              <td>{a.realm}</td>
              <td>{a.agentId ?? '—'}</td>
              <td>
                <button
                  type="button"
                  className="button-secondary"
                  aria-label={t('pages.admin.common.deleteOf', { name: a.username })}
                  onClick={() => void remove(a.username)}
                >
                  {t('pages.admin.common.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form onSubmit={onSubmit} noValidate aria-labelledby="sip-form-heading">
        <h3 id="sip-form-heading">{t('pages.admin.sip.formHeading')}</h3>
        <p>{t('pages.admin.sip.formHelp')}</p>
        <div className={styles.row}>
          <Field id="sip-username" label={t('pages.admin.sip.username')} error={errors.username}>
            <input
              autoComplete="off"
              value={draft.username}
              onChange={(e) => setDraft({ ...draft, username: e.target.value.trim() })}
            />
          </Field>
          <Field id="sip-password" label={t('pages.admin.sip.password')} error={errors.password}>
            <input
              type="password"
              autoComplete="new-password"
              value={draft.password}
              onChange={(e) => setDraft({ ...draft, password: e.target.value })}
            />
          </Field>
          <Field id="sip-agent" label={t('pages.admin.sip.agent')} error={errors.agentId}>
            <select
              value={draft.agentId}
              onChange={(e) => setDraft({ ...draft, agentId: e.target.value })}
            >
              <option value="">{t('pages.admin.common.none')}</option>
              {centerAgents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name} ({a.id})
                </option>
              ))}
            </select>
          </Field>
          <div className={styles.actions}>
            <button type="submit" className="button">
              {t('pages.admin.common.save')}
            </button>
          </div>
        </div>
      </form>
      {failure !== null && <ErrorMessage error={failure} />}
      <p role="status" className={styles.saved}>
        {status}
      </p>
    </section>
  );
}
