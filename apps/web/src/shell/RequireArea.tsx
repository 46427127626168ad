import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { usePrincipal } from '../auth/session';
import { PageHeading } from '../components/PageHeading';
import type { Area } from './areas';

/** Shows the area only to those it allows; the API refuses their requests anyway (SUP-02). */
export function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const { t } = useTranslation();
  const principal = usePrincipal();
  if (area.allows(principal)) return children;
  return <PageHeading>{t('errors.forbiddenArea')}</PageHeading>;
}
