import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import type { Area } from './areas';
import styles from './AreaLayout.module.css';

/** An area's own menu (when it has more than one screen) beside the current screen. */
export function AreaLayout({ area }: { area: Area }) {
  const { t } = useTranslation();
  const loading = <p>{t('app.loading')}</p>;
  if (area.sections.length < 2) return <Suspense fallback={loading}>{<Outlet />}</Suspense>;
  return (
    <div className={styles.layout}>
      <nav aria-label={t('nav.sections', { area: t(area.title) })} className={styles.sections}>
        <ul>
          {area.sections.map((section) => (
            <li key={section.path}>
              <NavLink to={`${area.path}/${section.path}`}>{t(section.title)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className={styles.page}>
        <Suspense fallback={loading}>
          <Outlet />
        </Suspense>
      </div>
    </div>
  );
}
