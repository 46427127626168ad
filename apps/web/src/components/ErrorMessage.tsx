import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../api/client';
import { currentLanguage } from '../i18n';
import styles from './ErrorMessage.module.css';

/** The text of an error in the user's language: the catalogue's own message when the API sent one. */
export function useErrorText(): (error: unknown) => string {
  const { t } = useTranslation();
  return (error) => {
    if (error instanceof ApiFailure) {
      if (error.messages) return error.messages[currentLanguage()];
      if (error.code === 'network') return t('errors.network');
    }
    return t('errors.unexpected');
  };
}

/** An error announced to screen readers as soon as it appears. */
export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  const text = useErrorText();
  return (
    <p role="alert" id={id} className={styles.error}>
      {text(error)}
    </p>
  );
}
