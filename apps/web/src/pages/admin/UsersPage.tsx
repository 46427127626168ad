import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { agentSettingsApi, type AgentSummary } from '../../api/agentSettings';
import { callerIdsApi, type CallerId } from '../../api/callerIds';
import { centersApi, type Center } from '../../api/centers';
import { usersApi, type User } from '../../api/users';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeading } from '../../components/PageHeading';
import styles from './admin.module.css';
import { AgentsSection } from './AgentsSection';
import { SipAccountsSection } from './SipAccountsSection';
import { UserForm } from './UserForm';

/**
 * Users and roles (SUP-02) with their center and caller-ID permissions; below, the agents'
 * routing settings (device, skills) and desk-phone SIP accounts of each center.
 */
export default function UsersPage() {
  const { t } = useTranslation();
  const [users, setUsers] = useState<User[] | null>(null);
  const [centers, setCenters] = useState<Center[]>([]);
  const [callerIds, setCallerIds] = useState<CallerId[]>([]);
  const [agents, setAgents] = useState<AgentSummary[]>([]);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [version, setVersion] = useState(0);

  useEffect(() => {
    let live = true;
    (async () => {
      const [u, c] = await Promise.all([usersApi.list(), centersApi.list()]);
      const perCenter = await Promise.all(
        c.items.map((center) =>
          Promise.all([callerIdsApi.list(center.id), agentSettingsApi.list(center.id)]),
        ),
      );
      if (!live) return;
      setUsers(u.items);
      setCenters(c.items);
      setCallerIds(perCenter.flatMap(([ids]) => ids.items));
      setAgents(perCenter.flatMap(([, a]) => a.items));
    })().catch((err: unknown) => live && setFailure(err));
    return () => {
      live = false;
    };
  }, [version]);

  const centerNames = (ids: readonly string[] | null) =>
    ids === null
      ? t('pages.admin.user.allCenters')
      : ids.map((id) => centers.find((c) => c.id === id)?.name ?? id).join(', ');

  return (
    <>
      <PageHeading>{t('pages.admin.users')}</PageHeading>
      {failure !== null && <ErrorMessage error={failure} />}
      <p role="status" className={styles.saved}>
        {status}
      </p>
      {users && (
        <table className={styles.table}>
          <caption>{t('pages.admin.user.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages.admin.user.login')}</th>
              <th scope="col">{t('pages.admin.user.name')}</th>
              <th scope="col">{t('pages.admin.user.role')}</th>
              <th scope="col">{t('pages.admin.user.centers')}</th>
              <th scope="col">{t('pages.admin.user.agent')}</th>
              <th scope="col">{t('pages.admin.common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  {u.login}
                  {u.disabled && ` (${t('pages.admin.user.disabledShort')})`}
                </th>
                <td>{u.name}</td>
                <td>{t(`roles.${u.role}`)}</td>
                <td>{centerNames(u.centers)}</td>
                <td>{u.agentId ?? '—'}</td>
                <td>
                  <button
                    type="button"
                    className="button-secondary"
                    aria-label={t('pages.admin.common.editOf', { name: u.login })}
                    onClick={() => setEditing(u)}
                  >
                    {t('pages.admin.common.edit')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing === null ? (
        <div className={styles.actions}>
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {t('pages.admin.user.create')}
          </button>
        </div>
      ) : (
        <UserForm
          key={editing === 'new' ? 'new' : editing.id}
          user={editing === 'new' ? null : editing}
          centers={centers}
          callerIds={callerIds}
          agents={agents}
          onCancel={() => setEditing(null)}
          onSaved={(user) => {
            setEditing(null);
            setStatus(t('pages.admin.user.saved', { login: user.login }));
            setVersion((v) => v + 1);
          }}
        />
      )}
      <AgentsSection centers={centers} onChanged={() => setVersion((v) => v + 1)} />
      <SipAccountsSection centers={centers} agents={agents} />
    </>
  );
}
