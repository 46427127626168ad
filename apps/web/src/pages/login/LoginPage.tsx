import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, type Location } from 'react-router';
import { useSession } from '../../auth/session';
import { ErrorMessage } from '../../components/ErrorMessage';
import { PageHeading } from '../../components/PageHeading';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { homePathFor } from '../../shell/areas';
import styles from './LoginPage.module.css';

/** Sign in with the session API; refusals show the catalogue's message in the chosen language. */
export default function LoginPage() {
  const { t } = useTranslation();
  const { principal, login } = useSession();
  const location = useLocation();
  const from = (location.state as { from?: Location } | null)?.from;
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  // Signed in (now, or already): back to the page that asked for it, else the role's home.
  if (principal) {
    const back = from && from.pathname !== '/login' ? from : homePathFor(principal);
    return <Navigate to={back} replace />;
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(name.trim(), password);
    } catch (err) {
      setError(err);
      setPassword('');
      setBusy(false);
    }
  };

  return (
    <div className={styles.page}>
      <header className={styles.top}>
        <span className={styles.brand} lang="ja">
          つなぐ <span lang="en">Tsunagu</span>
        </span>
        <LanguageSwitch />
      </header>
      <main id="main" className={styles.card}>
        <PageHeading>{t('login.title')}</PageHeading>
        <p className={styles.intro}>{t('login.intro')}</p>
        {error !== null && <ErrorMessage error={error} id={errorId} />}
        <form onSubmit={(e) => void submit(e)} aria-describedby={error ? errorId : undefined}>
          <div className="field">
            <label htmlFor="login-name">{t('login.login')}</label>
            <input
              id="login-name"
              name="username"
              autoComplete="username"
              required
              autoFocus
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <button type="submit" className={`button ${styles.submit}`} disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
