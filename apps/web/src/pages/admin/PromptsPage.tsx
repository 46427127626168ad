import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../../api/client';
import {
  PROMPT_IDS,
  promptAudioUrl,
  promptsApi,
  type PromptId,
  type PromptLanguage,
  type PromptOverride,
} from '../../api/prompts';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { PageHeading } from '../../components/PageHeading';
import { currentLanguage } from '../../i18n';
import styles from './admin.module.css';
import { CenterSelect, useCenters } from './useCenters';

/**
 * QCB-16: the center's own recordings of announcements, per prompt and language. Upload a WAV
 * (the server checks it: 8 kHz mono), listen to the current one, or go back to the built-in.
 */
export default function PromptsPage() {
  const { t } = useTranslation();
  const centers = useCenters();
  const centerId = centers.centerId;
  const [items, setItems] = useState<PromptOverride[] | null>(null);
  const [promptId, setPromptId] = useState<PromptId>(PROMPT_IDS[0]!);
  const [language, setLanguage] = useState<PromptLanguage>(currentLanguage());
  const [file, setFile] = useState<File | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const load = async () => setItems((await promptsApi.list(centerId)).items);
  useEffect(() => {
    if (!centerId) return;
    let live = true;
    promptsApi
      .list(centerId)
      .then(({ items }) => live && setItems(items))
      .catch((err: unknown) => live && setFailure(err));
    return () => {
      live = false;
    };
  }, [centerId]);

  const onUpload = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setStatus('');
    try {
      await promptsApi.upload(centerId, promptId, language, file);
      await load();
      setFailure(null);
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      setStatus(t('pages.admin.prompt.uploaded', { prompt: promptId }));
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  const revert = async (o: PromptOverride) => {
    try {
      await promptsApi.revert(centerId, o.promptId, o.language);
      await load();
      setFailure(null);
      setStatus(t('pages.admin.prompt.reverted', { prompt: o.promptId }));
    } catch (err) {
      setFailure(err);
    }
  };

  const problem =
    failure instanceof ApiFailure && typeof failure.details.problem === 'string'
      ? failure.details.problem
      : null;
  const seconds = (ms: number) =>
    new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: 1 }).format(ms / 1000);
  const when = (iso: string) =>
    new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date(iso),
    );

  return (
    <>
      <PageHeading>{t('pages.admin.prompts')}</PageHeading>
      <CenterSelect
        centers={centers.centers}
        centerId={centerId}
        onChange={centers.setCenterId}
        error={centers.error}
      />
      <form onSubmit={onUpload} noValidate aria-labelledby="prompt-upload-heading">
        <h2 id="prompt-upload-heading">{t('pages.admin.prompt.uploadHeading')}</h2>
        <p id="prompt-format">{t('pages.admin.prompt.format')}</p>
        <div className={styles.row}>
          <Field id="prompt-id" label={t('pages.admin.prompt.prompt')}>
            <select value={promptId} onChange={(e) => setPromptId(e.target.value as PromptId)}>
              {PROMPT_IDS.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </Field>
          <Field id="prompt-language" label={t('pages.admin.prompt.language')}>
            <select
              value={language}
              onChange={(e) => setLanguage(e.target.value as PromptLanguage)}
            >
              <option value="ja">{t('language.ja')}</option>
              <option value="en">{t('language.en')}</option>
            </select>
          </Field>
          <Field
            id="prompt-file"
            label={t('pages.admin.prompt.file')}
            hint={t('pages.admin.prompt.fileHint')}
          >
            <input
              ref={fileInput}
              type="file"
              accept=".wav,audio/wav,audio/x-wav"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </Field>
          <div className={styles.actions}>
            <button type="submit" className="button" disabled={!file || busy}>
              {t('pages.admin.prompt.upload')}
            </button>
          </div>
        </div>
        {failure !== null && (
          <div>
            <ErrorMessage error={failure} />
            {problem && (
              <p className={styles.error}>{t('pages.admin.prompt.problem', { problem })}</p>
            )}
          </div>
        )}
        <p role="status" className={styles.saved}>
          {status}
        </p>
      </form>
      {items && (
        <table className={styles.table}>
          <caption>{t('pages.admin.prompt.list')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('pages.admin.prompt.prompt')}</th>
              <th scope="col">{t('pages.admin.prompt.language')}</th>
              <th scope="col">{t('pages.admin.prompt.duration')}</th>
              <th scope="col">{t('pages.admin.prompt.updatedAt')}</th>
              <th scope="col">{t('pages.admin.prompt.play')}</th>
              <th scope="col">{t('pages.admin.common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.length === 0 && (
              <tr>
                <td colSpan={6}>{t('pages.admin.prompt.none')}</td>
              </tr>
            )}
            {items.map((o) => {
              const name = `${o.promptId} (${t(`language.${o.language}`)})`;
              return (
                <tr key={`${o.promptId}/${o.language}`}>
                  <th scope="row">{o.promptId}</th>
                  <td>{t(`language.${o.language}`)}</td>
                  <td>{t('pages.admin.prompt.seconds', { seconds: seconds(o.durationMs) })}</td>
                  <td>{when(o.updatedAt)}</td>
                  <td>
                    <audio
                      controls
                      preload="none"
                      aria-label={t('pages.admin.prompt.playOf', { name })}
                      src={`${promptAudioUrl(centerId, o.promptId, o.language)}?v=${encodeURIComponent(o.updatedAt)}`}
                    />
                  </td>
                  <td>
                    <button
                      type="button"
                      className="button-secondary"
                      aria-label={t('pages.admin.prompt.revertOf', { name })}
                      onClick={() => void revert(o)}
                    >
                      {t('pages.admin.prompt.revert')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </>
  );
}
