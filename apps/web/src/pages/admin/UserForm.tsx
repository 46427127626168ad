import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentSummary } from '../../api/agentSettings';
import type { Role } from '../../api/auth';
import type { CallerId } from '../../api/callerIds';
import type { Center } from '../../api/centers';
import { usersApi, type User, type UserCreate } from '../../api/users';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { fieldErrorsOf, type FieldErrors } from '../../components/fieldErrors';
import { currentLanguage } from '../../i18n';
import styles from './admin.module.css';

const ROLES: readonly Role[] = ['admin', 'supervisor', 'agent'];
const LOGIN = /^[a-z0-9][a-z0-9._@-]{1,63}$/;

type Draft = UserCreate & { disabled: boolean };

const draftOf = (user: User | null): Draft =>
  user
    ? {
        login: user.login,
        name: user.name,
        password: '',
        role: user.role,
        centers: user.centers ? [...user.centers] : null,
        callerIds: user.callerIds ? [...user.callerIds] : null,
        agentId: user.agentId,
        disabled: user.disabled,
      }
    : {
        login: '',
        name: '',
        password: '',
        role: 'agent',
        centers: [],
        callerIds: null,
        agentId: null,
        disabled: false,
      };

const toggle = (list: string[] | null, value: string, on: boolean) => {
  const set = new Set(list ?? []);
  if (on) set.add(value);
  else set.delete(value);
  return [...set];
};

/**
 * A user (SUP-02): login, role, and what they may use: every center or some, every caller ID or
 * some, and the agent they work as. Creating asks for a password; editing changes it only when
 * one is typed.
 */
export function UserForm({
  user,
  centers,
  callerIds,
  agents,
  onSaved,
  onCancel,
}: {
  user: User | null;
  centers: readonly Center[];
  callerIds: readonly CallerId[];
  agents: readonly AgentSummary[];
  onSaved: (user: User) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(user));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft({ ...draft, [key]: value });
  const creating = user === null;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    if (creating && !LOGIN.test(draft.login)) local.login = t('pages.admin.user.loginFormat');
    if (!draft.name.trim()) local.name = t('pages.admin.common.required');
    if ((creating || draft.password) && draft.password.length < 12)
      local.password = t('pages.admin.user.passwordLength');
    setErrors(local);
    if (Object.keys(local).length > 0) return setFailure(null);
    try {
      const { login, password, ...rest } = draft;
      const saved = creating
        ? await usersApi.create({ ...rest, login, password })
        : await usersApi.update(user.id, { ...rest, ...(password && { password }) });
      setFailure(null);
      onSaved(saved);
    } catch (err) {
      setFailure(err);
      setErrors(fieldErrorsOf(err, currentLanguage()));
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-labelledby="user-form-heading">
      <h2 id="user-form-heading">
        {creating
          ? t('pages.admin.user.create')
          : t('pages.admin.user.edit', { login: user.login })}
      </h2>
      {creating && (
        <Field id="user-login" label={t('pages.admin.user.login')} error={errors.login}>
          <input
            autoComplete="off"
            value={draft.login}
            onChange={(e) => set('login', e.target.value.trim())}
          />
        </Field>
      )}
      <Field id="user-name" label={t('pages.admin.user.name')} error={errors.name}>
        <input value={draft.name} onChange={(e) => set('name', e.target.value)} />
      </Field>
      <Field
        id="user-password"
        label={t('pages.admin.user.password')}
        hint={creating ? t('pages.admin.user.passwordHint') : t('pages.admin.user.passwordKeep')}
        error={errors.password}
      >
        <input
          type="password"
          autoComplete="new-password"
          value={draft.password}
          onChange={(e) => set('password', e.target.value)}
        />
      </Field>
      <Field id="user-role" label={t('pages.admin.user.role')} error={errors.role}>
        <select value={draft.role} onChange={(e) => set('role', e.target.value as Role)}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </Field>
      <fieldset className={styles.fieldset}>
        <legend>{t('pages.admin.user.centers')}</legend>
        <Field id="user-all-centers" inline label={t('pages.admin.user.allCenters')}>
          <input
            type="checkbox"
            checked={draft.centers === null}
            onChange={(e) => set('centers', e.target.checked ? null : [])}
          />
        </Field>
        {draft.centers !== null &&
          centers.map((c) => (
            <Field key={c.id} id={`user-center-${c.id}`} inline label={c.name}>
              <input
                type="checkbox"
                checked={draft.centers?.includes(c.id) ?? false}
                onChange={(e) => set('centers', toggle(draft.centers, c.id, e.target.checked))}
              />
            </Field>
          ))}
        {errors.centers && <p className={styles.error}>{errors.centers}</p>}
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend>{t('pages.admin.user.callerIds')}</legend>
        <Field id="user-all-callerids" inline label={t('pages.admin.user.allCallerIds')}>
          <input
            type="checkbox"
            checked={draft.callerIds === null}
            onChange={(e) => set('callerIds', e.target.checked ? null : [])}
          />
        </Field>
        {draft.callerIds !== null &&
          callerIds.map((c) => (
            <Field
              key={c.number}
              id={`user-callerid-${c.number}`}
              inline
              label={c.label ? `${c.label} (${c.number})` : c.number}
            >
              <input
                type="checkbox"
                checked={draft.callerIds?.includes(c.number) ?? false}
                onChange={(e) =>
                  set('callerIds', toggle(draft.callerIds, c.number, e.target.checked))
                }
              />
            </Field>
          ))}
        {errors.callerIds && <p className={styles.error}>{errors.callerIds}</p>}
      </fieldset>
      <Field
        id="user-agent"
        label={t('pages.admin.user.agent')}
        hint={t('pages.admin.user.agentHint')}
        error={errors.agentId}
      >
        <select
          value={draft.agentId ?? ''}
          onChange={(e) => set('agentId', e.target.value === '' ? null : e.target.value)}
        >
          <option value="">{t('pages.admin.common.none')}</option>
          {agents.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name} ({a.id})
            </option>
          ))}
        </select>
      </Field>
      {!creating && (
        <Field
          id="user-disabled"
          inline
          label={t('pages.admin.user.disabled')}
          hint={t('pages.admin.user.disabledHint')}
        >
          <input
            type="checkbox"
            checked={draft.disabled}
            onChange={(e) => set('disabled', e.target.checked)}
          />
        </Field>
      )}
      {failure !== null && <ErrorMessage error={failure} />}
      <div className={styles.actions}>
        <button type="submit" className="button">
          {creating ? t('pages.admin.user.createSubmit') : t('pages.admin.common.save')}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          {t('pages.admin.common.cancel')}
        </button>
      </div>
    </form>
  );
}
