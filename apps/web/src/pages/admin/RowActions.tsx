import { useTranslation } from 'react-i18next';

/** The Save and Delete buttons of one row of an admin list, named after the row for screen readers. */
export function RowActions({
  name,
  onSave,
  onDelete,
}: {
  name: string;
  onSave: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <button
        type="button"
        className="button-secondary"
        aria-label={t('pages.admin.common.saveOf', { name })}
        onClick={onSave}
      >
        {t('pages.admin.common.save')}
      </button>{' '}
      <button
        type="button"
        className="button-secondary"
        aria-label={t('pages.admin.common.deleteOf', { name })}
        onClick={onDelete}
      >
        {t('pages.admin.common.delete')}
      </button>
    </>
  );
}
