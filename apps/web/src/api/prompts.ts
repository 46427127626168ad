import type { ErrorCode, PromptId } from '@tsunagu/domain';
import { ApiFailure, api } from './client';

export type { PromptId };
export type PromptLanguage = 'ja' | 'en';

/** A prompt the center replaced with its own recording (QCB-16). */
export interface PromptOverride {
  readonly promptId: PromptId;
  readonly language: PromptLanguage;
  readonly durationMs: number;
  readonly bytes: number;
  readonly uploadedBy: string;
  readonly updatedAt: string;
}

/**
 * Every prompt id, in the order callers hear them. A Record so `tsc -b` fails when the domain
 * adds a prompt this list lacks (the web app imports only types from @tsunagu/domain).
 */
const ALL: Record<PromptId, true> = {
  'queue.welcome': true,
  'queue.position': true,
  'queue.position-suffix': true,
  'queue.estimated-wait': true,
  'queue.estimated-wait-suffix': true,
  'queue.callback-offer': true,
  'queue.voicemail-offer': true,
  'queue.closed': true,
  'queue.full': true,
  'queue.goodbye': true,
  'voicemail.greeting': true,
  'callback.confirm-menu': true,
  'callback.enter-number': true,
  'callback.enter-time': true,
  'callback.confirmed': true,
  'callback.scheduled': true,
  'callback.already-requested': true,
  'callback.unavailable': true,
  'callback.number-invalid': true,
  'callback.number-not-domestic': true,
  'callback.time-invalid': true,
  'callback.greeting': true,
  'callback.cancelled': true,
  'callback.connecting': true,
  'call.forced-disconnect': true,
};
export const PROMPT_IDS = Object.keys(ALL) as PromptId[];

const base = (centerId: string) => `/api/v1/centers/${encodeURIComponent(centerId)}/prompts`;

/** Where the browser plays the current recording from (same origin, the session cookie). */
export const promptAudioUrl = (centerId: string, promptId: PromptId, language: PromptLanguage) =>
  `${base(centerId)}/${encodeURIComponent(promptId)}/${language}`;

/** packages/api/src/routes/prompts.ts: the upload is the WAV file itself, not JSON. */
export const promptsApi = {
  list: (centerId: string) => api.get<{ items: PromptOverride[] }>(base(centerId)),
  upload: async (
    centerId: string,
    promptId: PromptId,
    language: PromptLanguage,
    file: Blob,
  ): Promise<PromptOverride> => {
    let response: Response;
    try {
      response = await fetch(promptAudioUrl(centerId, promptId, language), {
        method: 'PUT',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'content-type': 'audio/wav' },
        body: file,
      });
    } catch {
      throw new ApiFailure(0, 'network', null);
    }
    const body = (await response.json().catch(() => null)) as {
      error?: { code: ErrorCode; message: string; messageJa: string; details?: object };
    } | null;
    if (response.ok) return body as unknown as PromptOverride;
    const e = body?.error;
    if (!e) throw new ApiFailure(response.status, 'unexpected', null);
    throw new ApiFailure(
      response.status,
      e.code,
      { en: e.message, ja: e.messageJa },
      (e.details ?? {}) as Record<string, unknown>,
    );
  },
  revert: (centerId: string, promptId: PromptId, language: PromptLanguage) =>
    api.delete<void>(promptAudioUrl(centerId, promptId, language)),
};
