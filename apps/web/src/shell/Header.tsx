import { useTranslation } from 'react-i18next';
import { NavLink, useNavigate } from 'react-router';
import { usePrincipal, useSession } from '../auth/session';
import { areasFor } from './areas';
import { LanguageSwitch } from './LanguageSwitch';
import { LiveStatus } from './LiveStatus';
import styles from './Header.module.css';

/** Brand, the areas the user may use, live status, who is signed in, language, sign out. */
export function Header() {
  const { t } = useTranslation();
  const principal = usePrincipal();
  const { logout } = useSession();
  const navigate = useNavigate();
  const signOut = async () => {
    await logout();
    await navigate('/login', { replace: true });
  };
  return (
    <header className={styles.header}>
      <a className={styles.skip} href="#main">
        {t('app.skipToContent')}
      </a>
      <span className={styles.brand} lang="ja">
        つなぐ <span lang="en">Tsunagu</span>
      </span>
      <nav aria-label={t('nav.areas')} className={styles.areas}>
        <ul>
          {areasFor(principal).map((area) => (
            <li key={area.id}>
              <NavLink to={area.path}>{t(area.title)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className={styles.tools}>
        <LiveStatus />
        <section className={styles.user} aria-label={t('header.account')}>
          <span data-testid="user-login">{t('header.user', { login: principal.login })}</span>
          <span data-testid="user-role">
            {t('header.role', { role: t(`roles.${principal.role}`) })}
          </span>
        </section>
        <LanguageSwitch />
        <button type="button" className="button-secondary" onClick={() => void signOut()}>
          {t('header.logout')}
        </button>
      </div>
    </header>
  );
}
