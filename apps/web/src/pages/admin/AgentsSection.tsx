import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  agentSettingsApi,
  type AgentDevice,
  type AgentSettings,
  type AgentSummary,
} from '../../api/agentSettings';
import type { Center } from '../../api/centers';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { fieldErrorsOf, type FieldErrors } from '../../components/fieldErrors';
import { currentLanguage } from '../../i18n';
import styles from './admin.module.css';

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

const skillsText = (skills: Readonly<Record<string, number>>) =>
  Object.entries(skills)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/** "billing=3, english=5" → { billing: 3, english: 5 }; null when a part is not skill=1..10. */
function parseSkills(text: string): Record<string, number> | null {
  const out: Record<string, number> = {};
  for (const part of text.split(/[,、\s]+/).filter(Boolean)) {
    const match = /^([^=]{1,64})=(\d{1,2})$/.exec(part);
    const level = Number(match?.[2]);
    if (!match || level < 1 || level > 10) return null;
    out[match[1]!] = level;
  }
  return out;
}

interface Draft {
  id: string;
  name: string;
  kind: AgentDevice['kind'];
  aor: string;
  number: string;
  skills: string;
}

const draftOf = (a: AgentSummary | null): Draft => ({
  id: a?.id ?? '',
  name: a?.name ?? '',
  kind: a?.device.kind ?? 'browser',
  aor: a?.device.kind === 'sip' ? a.device.aor : '',
  number: a?.device.kind === 'external' ? a.device.number : '',
  skills: a ? skillsText(a.skills) : '',
});

/**
 * Agents' routing settings per center: name, skills (BEY-03) and the device they answer on —
 * the browser softphone, a SIP phone (its AOR), or an external number.
 */
export function AgentsSection({
  centers,
  onChanged,
}: {
  centers: readonly Center[];
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [centerId, setCenterId] = useState('');
  const [agents, setAgents] = useState<AgentSummary[]>([]);
  const [editing, setEditing] = useState<AgentSummary | 'new' | null>(null);
  const [draft, setDraft] = useState<Draft>(draftOf(null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const center = centerId || centers[0]?.id || '';

  const load = async () => setAgents((await agentSettingsApi.list(center)).items);
  useEffect(() => {
    if (!center) return;
    let live = true;
    agentSettingsApi
      .list(center)
      .then(({ items }) => live && setAgents(items))
      .catch((err: unknown) => live && setFailure(err));
    return () => {
      live = false;
    };
  }, [center]);

  const open = (a: AgentSummary | 'new') => {
    setEditing(a);
    setDraft(draftOf(a === 'new' ? null : a));
    setErrors({});
    setFailure(null);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const local: Record<string, string> = {};
    const skills = parseSkills(draft.skills);
    if (editing === 'new' && !ID.test(draft.id)) local.id = t('pages.admin.common.idFormat');
    if (!draft.name.trim()) local.name = t('pages.admin.common.required');
    if (!skills) local.skills = t('pages.admin.agent.skillsFormat');
    if (draft.kind === 'sip' && !draft.aor.trim()) local.device = t('pages.admin.common.required');
    if (draft.kind === 'external' && !/^\+?\d{9,30}$/.test(draft.number))
      local.device = t('pages.admin.agent.numberFormat');
    setErrors(local);
    if (Object.keys(local).length > 0 || !skills) return;
    const device: AgentDevice =
      draft.kind === 'sip'
        ? { kind: 'sip', aor: draft.aor.trim() }
        : draft.kind === 'external'
          ? { kind: 'external', number: draft.number }
          : { kind: 'browser' };
    const settings: AgentSettings = {
      id: draft.id,
      centerId: center,
      name: draft.name,
      skills,
      device,
    };
    try {
      if (editing === 'new') await agentSettingsApi.create(settings);
      else await agentSettingsApi.update(draft.id, { name: draft.name, skills, device });
      await load();
      setEditing(null);
      onChanged();
    } catch (err) {
      setFailure(err);
      const fields = fieldErrorsOf(err, currentLanguage());
      const deviceError = Object.entries(fields).find(([p]) => p.startsWith('device'))?.[1];
      setErrors({ ...fields, ...(deviceError && { device: deviceError }) });
    }
  };

  return (
    <section aria-labelledby="agents-heading">
      <h2 id="agents-heading">{t('pages.admin.agent.heading')}</h2>
      <div className="field">
        <label htmlFor="agents-center">{t('pages.admin.common.center')}</label>
        <select id="agents-center" value={center} onChange={(e) => setCenterId(e.target.value)}>
          {centers.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.id})
            </option>
          ))}
        </select>
      </div>
      <table className={styles.table}>
        <caption>{t('pages.admin.agent.list')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('pages.admin.agent.id')}</th>
            <th scope="col">{t('pages.admin.agent.name')}</th>
            <th scope="col">{t('pages.admin.agent.device')}</th>
            <th scope="col">{t('pages.admin.agent.skills')}</th>
            <th scope="col">{t('pages.admin.common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr key={a.id}>
              <th scope="row">{a.id}</th>
              <td>{a.name}</td>
              <td>
                {t(`pages.admin.agent.devices.${a.device.kind}`)}
                {a.device.kind === 'sip' && ` ${a.device.aor}`}
                {a.device.kind === 'external' && ` ${a.device.number}`}
              </td>
              <td>{skillsText(a.skills)}</td>
              <td>
                <button
                  type="button"
                  className="button-secondary"
                  aria-label={t('pages.admin.common.editOf', { name: a.name })}
                  onClick={() => open(a)}
                >
                  {t('pages.admin.common.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing === null ? (
        <div className={styles.actions}>
          <button type="button" className="button-secondary" onClick={() => open('new')}>
            {t('pages.admin.agent.create')}
          </button>
        </div>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-labelledby="agent-form-heading">
          <h3 id="agent-form-heading">
            {editing === 'new'
              ? t('pages.admin.agent.create')
              : t('pages.admin.agent.edit', { name: editing.name })}
          </h3>
          {editing === 'new' && (
            <Field id="agent-id" label={t('pages.admin.agent.id')} error={errors.id}>
              <input
                value={draft.id}
                onChange={(e) => setDraft({ ...draft, id: e.target.value.trim() })}
              />
            </Field>
          )}
          <Field id="agent-name" label={t('pages.admin.agent.name')} error={errors.name}>
            <input
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
          </Field>
          <Field id="agent-device" label={t('pages.admin.agent.device')} error={errors.device}>
            <select
              value={draft.kind}
              onChange={(e) => setDraft({ ...draft, kind: e.target.value as Draft['kind'] })}
            >
              {(['browser', 'sip', 'external'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`pages.admin.agent.devices.${k}`)}
                </option>
              ))}
            </select>
          </Field>
          {draft.kind === 'sip' && (
            <Field
              id="agent-aor"
              label={t('pages.admin.agent.aor')}
              hint={t('pages.admin.agent.aorHint')}
            >
              <input
                value={draft.aor}
                onChange={(e) => setDraft({ ...draft, aor: e.target.value })}
              />
            </Field>
          )}
          {draft.kind === 'external' && (
            <Field id="agent-number" label={t('pages.admin.agent.number')}>
              <input
                inputMode="tel"
                value={draft.number}
                onChange={(e) => setDraft({ ...draft, number: e.target.value.trim() })}
              />
            </Field>
          )}
          <Field
            id="agent-skills"
            label={t('pages.admin.agent.skills')}
            hint={t('pages.admin.agent.skillsHint')}
            error={errors.skills}
          >
            <input
              value={draft.skills}
              onChange={(e) => setDraft({ ...draft, skills: e.target.value })}
            />
          </Field>
          {failure !== null && <ErrorMessage error={failure} />}
          <div className={styles.actions}>
            <button type="submit" className="button">
              {t('pages.admin.common.save')}
            </button>
            <button type="button" className="button-secondary" onClick={() => setEditing(null)}>
              {t('pages.admin.common.cancel')}
            </button>
          </div>
        </form>
      )}
      {editing === null && failure !== null && <ErrorMessage error={failure} />}
    </section>
  );
}
