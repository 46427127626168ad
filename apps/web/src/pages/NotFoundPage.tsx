import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../components/PageHeading';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading>{t('errors.notFound')}</PageHeading>
      <p>
        <Link to="/">{t('errors.backHome')}</Link>
      </p>
    </>
  );
}
