import { ApiFailure } from '../api/client';
import type { Language } from '../i18n';

/** Field path (dot separated, e.g. `callback.key`) → the text to show beside that field. */
export type FieldErrors = Readonly<Record<string, string>>;

/** QCB-17: the clash is about two fields, so it is shown beside both. */
const PAIRED_FIELDS: Partial<Record<string, readonly string[]>> = {
  CC_ERR_KEY_CLASH: ['voicemailKey', 'callback.key'],
};

const normalize = (path: string) => path.replace(/^\/+/, '').replaceAll('/', '.');

/**
 * The fields a refusal names, with the catalogue's message in the user's language. Schema
 * failures name them in `details.issues[].path` (`/callback/minWaiting` from the route's schema,
 * `callback.minWaiting` from the engine), catalogue errors in `details.path` or `details.field`.
 */
export function fieldErrorsOf(error: unknown, language: Language): FieldErrors {
  if (!(error instanceof ApiFailure) || !error.messages) return {};
  const message = error.messages[language];
  const paths = new Set<string>(PAIRED_FIELDS[error.code] ?? []);
  const d = error.details as {
    path?: unknown;
    field?: unknown;
    issues?: readonly { path?: unknown }[];
  };
  if (typeof d.path === 'string' && d.path) paths.add(normalize(d.path));
  if (typeof d.field === 'string' && d.field) paths.add(normalize(d.field));
  for (const issue of d.issues ?? []) {
    if (typeof issue.path === 'string' && issue.path) paths.add(normalize(issue.path));
  }
  return Object.fromEntries([...paths].map((p) => [p, message]));
}
