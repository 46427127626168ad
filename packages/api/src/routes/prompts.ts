import { z } from 'zod';
import { PROMPTS, type PromptId } from '@tsunagu/domain';
import {
  deletePromptOverride,
  listPromptOverrides,
  readPromptOverride,
  savePromptOverride,
  type PromptOverrideSummary,
} from '@tsunagu/db';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import { checkPromptAudio } from '../prompt-audio.js';
import { ListOf, PathId, errorResponses, iso } from '../schemas/common.js';
import { SUPERVISORS, centerFromPath } from './resolve.js';

const TAG = 'prompts';

/** Five minutes of 8 kHz 16-bit audio is 4.8 MB: an upload within the limit fits the rule. */
export const MAX_PROMPT_UPLOAD_BYTES = 5 * 1024 * 1024;

const WAV_TYPES = ['audio/wav', 'audio/x-wav'];

const PROMPT_IDS = Object.keys(PROMPTS) as [PromptId, ...PromptId[]];

const PromptParams = z.object({
  centerId: PathId,
  promptId: z.enum(PROMPT_IDS),
  language: z.enum(['ja', 'en']),
});

const OverrideOut = z.object({
  promptId: z.string(),
  language: z.enum(['ja', 'en']),
  durationMs: z.number().int(),
  bytes: z.number().int(),
  uploadedBy: z.string(),
  updatedAt: z.string(),
});

const viewOf = (o: PromptOverrideSummary): z.infer<typeof OverrideOut> => ({
  promptId: o.promptId,
  language: o.language,
  durationMs: o.durationMs,
  bytes: o.bytes,
  uploadedBy: o.uploadedBy,
  updatedAt: iso(o.updatedAt.getTime()),
});

/**
 * QCB-16: a center replaces announcements with its own recordings, per prompt and language.
 * The upload is the WAV file itself (audio/wav), checked and stored as 8 kHz mono 16-bit PCM;
 * deleting it goes back to the built-in prompt. Admins change them; supervisors listen.
 */
export function promptRoutes(app: TypedApi, deps: ApiDeps): void {
  const base = '/api/v1/centers/:centerId/prompts';

  // Its own scope, so WAV bodies are read here and nowhere else, and JSON is not read here.
  void app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(WAV_TYPES, { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    scope.get(
      base,
      {
        config: { guard: { roles: SUPERVISORS, center: centerFromPath } },
        schema: {
          tags: [TAG],
          summary: 'Prompts the center has recorded / センターが録音したアナウンスの一覧',
          params: z.object({ centerId: PathId }),
          response: { 200: ListOf(OverrideOut), ...errorResponses(404) },
        },
      },
      async (request) => ({
        items: (await listPromptOverrides(deps.db, request.params.centerId)).map(viewOf),
      }),
    );

    scope.get(
      `${base}/:promptId/:language`,
      {
        config: { guard: { roles: SUPERVISORS, center: centerFromPath } },
        schema: {
          tags: [TAG],
          summary: 'The recorded prompt as a WAV file / 録音したアナウンスの WAV ファイル',
          params: PromptParams,
          response: {
            200: { description: 'audio/wav', content: { 'audio/wav': { schema: z.string() } } },
            ...errorResponses(400, 404),
          },
        },
      },
      async (request, reply) => {
        const { centerId, promptId, language } = request.params;
        const audio = await readPromptOverride(deps.db, centerId, promptId, language);
        if (!audio) throw new ApiError('CC_ERR_NOT_FOUND', { promptId, language });
        return (
          reply
            .header('content-type', 'audio/wav')
            .header('content-disposition', `attachment; filename="${promptId}.${language}.wav"`)
            .header('cache-control', 'no-store')
            // Bytes are sent as they are (no serializer); the schema above documents the type.
            .send(
              Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength) as unknown as string,
            )
        );
      },
    );

    scope.put(
      `${base}/:promptId/:language`,
      {
        bodyLimit: MAX_PROMPT_UPLOAD_BYTES,
        config: { guard: { roles: ['admin'], center: centerFromPath } },
        schema: {
          tags: [TAG],
          summary:
            'Replace a prompt with a recording: the WAV file as the body, 8 kHz mono, 16-bit PCM or G.711, at most 5 minutes (system admin) / アナウンスを録音に差し替え（WAV、8 kHz モノラル、5 分以内、システム管理者）',
          params: PromptParams,
          response: { 200: OverrideOut, ...errorResponses(400, 404) },
        },
      },
      async (request) => {
        const { centerId, promptId, language } = request.params;
        const body: unknown = request.body;
        if (!Buffer.isBuffer(body))
          throw new ApiError('CC_ERR_VALIDATION', {
            problem: 'send the WAV file as the body, with Content-Type: audio/wav',
          });
        const checked = checkPromptAudio(body);
        if (!checked.ok) throw new ApiError('CC_ERR_VALIDATION', { problem: checked.problem });
        const saved = await savePromptOverride(deps.db, {
          centerId,
          promptId,
          language,
          audio: checked.wav,
          durationMs: checked.durationMs,
          uploadedBy: requirePrincipal(request).userId,
        });
        await promptsChanged(request, deps, centerId);
        return viewOf(saved);
      },
    );

    scope.delete(
      `${base}/:promptId/:language`,
      {
        config: { guard: { roles: ['admin'], center: centerFromPath } },
        schema: {
          tags: [TAG],
          summary:
            'Go back to the built-in prompt (system admin) / 標準のアナウンスに戻す（システム管理者）',
          params: PromptParams,
          response: { 204: z.null(), ...errorResponses(400, 404) },
        },
      },
      async (request, reply) => {
        const { centerId, promptId, language } = request.params;
        if (!(await deletePromptOverride(deps.db, centerId, promptId, language)))
          throw new ApiError('CC_ERR_NOT_FOUND', { promptId, language });
        await promptsChanged(request, deps, centerId);
        return reply.status(204).send(null);
      },
    );
  });
}

/**
 * Tells the node to reload the center's prompts. The change is committed already, so a failing
 * reload is logged, not answered as a failed request the admin would retry.
 */
async function promptsChanged(
  request: FastifyRequest,
  deps: ApiDeps,
  centerId: string,
): Promise<void> {
  try {
    await deps.onPromptsChanged?.(centerId);
  } catch (err) {
    request.log.error({ err, centerId }, 'reloading the prompts failed');
  }
}
