import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import { PageHeading } from './PageHeading';

/** A screen still to be built: its title, and a note saying so. */
export function PlaceholderPage({ title }: { title: ParseKeys }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t(title)}</PageHeading>
      <p>{t('placeholder.comingSoon')}</p>
    </>
  );
}
