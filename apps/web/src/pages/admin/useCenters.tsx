import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { centersApi, type Center } from '../../api/centers';
import { ErrorMessage } from '../../components/ErrorMessage';

/** The center chosen last, so moving between admin screens keeps it (this tab only). */
const CHOSEN_KEY = 'tsunagu.admin.center';

/**
 * The centers the admin may edit and the one chosen now (the last one chosen in this tab, else
 * the first). Every admin screen works on one center at a time.
 */
export function useCenters() {
  const [centers, setCenters] = useState<Center[] | null>(null);
  const [centerId, setChosen] = useState(() => sessionStorage.getItem(CHOSEN_KEY) ?? '');
  const setCenterId = (id: string) => {
    sessionStorage.setItem(CHOSEN_KEY, id);
    setChosen(id);
  };
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    centersApi
      .list()
      .then(({ items }) => {
        setCenters(items);
        setChosen((current) =>
          items.some((c) => c.id === current) ? current : (items[0]?.id ?? ''),
        );
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      });
    return () => controller.abort();
  }, [version]);
  const center = centers?.find((c) => c.id === centerId) ?? null;
  return {
    centers,
    center,
    centerId,
    setCenterId,
    error,
    reload: () => setVersion((v) => v + 1),
  };
}

/** The "center" dropdown at the top of an admin screen. */
export function CenterSelect({
  centers,
  centerId,
  onChange,
  error,
}: {
  centers: readonly Center[] | null;
  centerId: string;
  onChange: (centerId: string) => void;
  error: unknown;
}) {
  const { t } = useTranslation();
  if (error) return <ErrorMessage error={error} />;
  if (!centers) return <p>{t('app.loading')}</p>;
  return (
    <div className="field">
      <label htmlFor="admin-center">{t('pages.admin.common.center')}</label>
      <select id="admin-center" value={centerId} onChange={(e) => onChange(e.target.value)}>
        {centers.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} ({c.id})
          </option>
        ))}
      </select>
    </div>
  );
}
