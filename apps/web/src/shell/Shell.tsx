import { useNavigate, Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { EventStreamProvider } from '../events/EventStreamProvider';
import { Header } from './Header';
import styles from './Shell.module.css';

/**
 * Everything behind the login: the header, the live event stream and the page. A visitor who
 * is not signed in goes to the login page and comes back here after it.
 */
export function Shell() {
  const { t } = useTranslation();
  const { principal, expired } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  if (principal === undefined) return <p className={styles.loading}>{t('app.loading')}</p>;
  if (principal === null) return <Navigate to="/login" replace state={{ from: location }} />;
  const onUnauthorized = () => {
    expired();
    void navigate('/login', { replace: true, state: { from: location } });
  };
  return (
    <EventStreamProvider onUnauthorized={onUnauthorized}>
      <Header />
      <main id="main" tabIndex={-1} className={styles.main}>
        <Outlet />
      </main>
    </EventStreamProvider>
  );
}
