import { z } from 'zod';
import {
  deleteRecording,
  deleteVoicemail,
  markVoicemailHeard,
  searchRecordings,
  searchVoicemails,
  type InboxCursor,
  type RecordingRow,
  type VoicemailRow,
} from '@tsunagu/db';
import type { EngineState } from '@tsunagu/domain';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { requirePrincipal } from '../guard.js';
import type { Role } from '../principal.js';
import { ErrorSchema, errorResponses } from '../schemas/common.js';
import type { RecordingItem } from '../schemas/inbox.js';
import {
  AudioResponses,
  HeardBody,
  InboxIdParams,
  RecordingPage,
  RecordingQuery,
  VoicemailItem,
  VoicemailPage,
  VoicemailQuery,
} from '../schemas/inbox.js';
import { HistoryParams } from '../schemas/history.js';
import { agentQueues, recordingFor, voicemailFor } from './inbox-access.js';
import { audioPath, removeAudio, sendAudio } from './inbox-audio.js';
import { SUPERVISORS, centerFromPath } from './resolve.js';

const EVERYONE: readonly Role[] = ['admin', 'supervisor', 'agent'];
const TAG = 'inbox';

function encodeCursor(row: { recordedAt: Date; id: string }): string {
  return Buffer.from(JSON.stringify([row.recordedAt.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(raw: string | undefined): InboxCursor | null {
  if (raw === undefined) return null;
  const invalid = () =>
    new ApiError('CC_ERR_VALIDATION', { issues: [{ path: 'cursor', message: 'invalid cursor' }] });
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 2) throw invalid();
  const [at, id] = value as unknown[];
  if (typeof at !== 'string' || typeof id !== 'string' || id.length > 64) throw invalid();
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) throw invalid();
  return { at: date, id };
}

function period(q: { from?: string | undefined; to?: string | undefined }) {
  const from = q.from === undefined ? undefined : new Date(q.from);
  const to = q.to === undefined ? undefined : new Date(q.to);
  if (from && to && from >= to)
    throw new ApiError('CC_ERR_VALIDATION', {
      issues: [{ path: 'to', message: 'to must be after from' }],
    });
  return { from, to };
}

function voicemailItem(s: EngineState, v: VoicemailRow): z.infer<typeof VoicemailItem> {
  return {
    id: v.id,
    callId: v.callId,
    queueId: v.queueId,
    queueName: v.queueId === null ? null : (s.queues.get(v.queueId)?.name ?? null),
    from: v.from,
    ourNumber: v.ourNumber,
    durationMs: v.durationMs,
    recordedAt: v.recordedAt.toISOString(),
    heard: v.heard,
    heardBy: v.heardBy,
    heardAt: v.heardAt?.toISOString() ?? null,
    audioUrl: `/api/v1/voicemails/${encodeURIComponent(v.id)}/audio`,
  };
}

function recordingItem(s: EngineState, r: RecordingRow): z.infer<typeof RecordingItem> {
  return {
    id: r.id,
    callId: r.callId,
    kind: r.kind,
    queueId: r.queueId,
    agentId: r.agentId,
    agentName: r.agentId === null ? null : (s.agents.get(r.agentId)?.name ?? null),
    customerNumber: r.customerNumber,
    ourNumber: r.ourNumber,
    durationMs: r.durationMs,
    recordedAt: r.recordedAt.toISOString(),
    audioUrl: `/api/v1/recordings/${encodeURIComponent(r.id)}/audio`,
  };
}

/** The voicemail named in the path, if this caller may have it; else the refusal. */
/**
 * The inbox's voicemail and recordings (SPEC AGT-09; HQ-02 voicemail, AGT-04 recordings):
 * lists newest first with keyset paging like the call history, the audio as WAV with Range
 * requests so a browser's <audio> element can seek, heard marks, and deletion of row and file.
 * New voicemail reaches open inboxes live as `voicemail.recorded` on the event stream.
 */
export function inboxRoutes(app: TypedApi, deps: ApiDeps): void {
  const listGuard = { roles: EVERYONE, center: centerFromPath };

  app.get(
    '/api/v1/centers/:centerId/voicemails',
    {
      config: { guard: listGuard },
      schema: {
        tags: [TAG],
        summary: 'List voicemail, newest first (HQ-02, AGT-09) / ボイスメールの一覧（新しい順）',
        params: HistoryParams,
        querystring: VoicemailQuery,
        response: { 200: VoicemailPage, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const { centerId } = request.params;
      const q = request.query;
      const p = requirePrincipal(request);
      const s = deps.engine.state;
      const queueIds = p.role === 'agent' ? agentQueues(s, p, centerId) : undefined;
      if (queueIds?.length === 0) return { items: [], nextCursor: null };
      const rows = await searchVoicemails(
        deps.db,
        {
          centerId,
          ...period(q),
          callerIds: p.callerIds,
          queueId: q.queueId,
          queueIds,
          number: q.number,
          heard: q.heard === undefined ? undefined : q.heard === 'true',
        },
        q.limit + 1,
        decodeCursor(q.cursor),
      );
      const page = rows.slice(0, q.limit);
      return {
        items: page.map((v) => voicemailItem(s, v)),
        nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!) : null,
      };
    },
  );

  app.get(
    '/api/v1/voicemails/:id/audio',
    {
      config: { guard: { roles: EVERYONE } },
      schema: {
        tags: [TAG],
        summary:
          'The voicemail as WAV, 8 kHz mono; supports Range (HQ-02, AGT-09) / ボイスメールの音声（WAV、Range 対応）',
        params: InboxIdParams,
        response: { ...AudioResponses, ...errorResponses(404), 416: ErrorSchema },
      },
    },
    async (request, reply) => {
      const vm = await voicemailFor(deps, request);
      return sendAudio(request, reply, audioPath(deps.recordingsDir, vm.id), vm.id);
    },
  );

  app.post(
    '/api/v1/voicemails/:id/heard',
    {
      config: { guard: { roles: EVERYONE } },
      schema: {
        tags: [TAG],
        summary: 'Mark a voicemail heard or unheard (AGT-09) / ボイスメールを既読・未読にする',
        params: InboxIdParams,
        body: HeardBody.nullish(),
        response: { 200: VoicemailItem, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const vm = await voicemailFor(deps, request);
      const heard = request.body?.heard ?? true;
      const at = new Date(deps.engine.now());
      const updated = await markVoicemailHeard(
        deps.db,
        vm.id,
        heard,
        requirePrincipal(request).userId,
        at,
      );
      if (!updated) throw new ApiError('CC_ERR_VOICEMAIL_NOT_FOUND', { voicemailId: vm.id });
      return voicemailItem(deps.engine.state, updated);
    },
  );

  app.delete(
    '/api/v1/voicemails/:id',
    {
      config: { guard: { roles: SUPERVISORS } },
      schema: {
        tags: [TAG],
        summary:
          'Delete a voicemail and its audio file (supervisors, admins) / ボイスメールと音声ファイルを削除',
        params: InboxIdParams,
        response: { 204: z.null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const vm = await voicemailFor(deps, request);
      if (!(await deleteVoicemail(deps.db, vm.id)))
        throw new ApiError('CC_ERR_VOICEMAIL_NOT_FOUND', { voicemailId: vm.id });
      await removeAudio(audioPath(deps.recordingsDir, vm.id));
      const p = requirePrincipal(request);
      // The audit trail of a removal: who removed whose message (BEY-08).
      request.log.info(
        {
          audit: 'voicemail.deleted',
          voicemailId: vm.id,
          callId: vm.callId,
          centerId: vm.centerId,
          by: p.userId,
          login: p.login,
        },
        'voicemail deleted / ボイスメールを削除しました',
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/centers/:centerId/recordings',
    {
      config: { guard: listGuard },
      schema: {
        tags: [TAG],
        summary: 'List call recordings, newest first (AGT-04, AGT-09) / 通話録音の一覧（新しい順）',
        params: HistoryParams,
        querystring: RecordingQuery,
        response: { 200: RecordingPage, ...errorResponses(400, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      const p = requirePrincipal(request);
      // An agent hears only their own calls: another agent's filter matches nothing.
      const own = p.role === 'agent' ? p.agentId : undefined;
      if (own === null || (own !== undefined && q.agentId !== undefined && q.agentId !== own))
        return { items: [], nextCursor: null };
      const rows = await searchRecordings(
        deps.db,
        {
          centerId: request.params.centerId,
          ...period(q),
          callerIds: p.callerIds,
          callId: q.callId,
          queueId: q.queueId,
          agentId: own ?? q.agentId,
        },
        q.limit + 1,
        decodeCursor(q.cursor),
      );
      const page = rows.slice(0, q.limit);
      return {
        items: page.map((r) => recordingItem(deps.engine.state, r)),
        nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]!) : null,
      };
    },
  );

  app.get(
    '/api/v1/recordings/:id/audio',
    {
      config: { guard: { roles: EVERYONE } },
      schema: {
        tags: [TAG],
        summary:
          'A call recording as WAV, 8 kHz mono; supports Range (AGT-04, AGT-09) / 通話録音の音声（WAV、Range 対応）',
        params: InboxIdParams,
        response: { ...AudioResponses, ...errorResponses(404), 416: ErrorSchema },
      },
    },
    async (request, reply) => {
      const r = await recordingFor(deps, request);
      return sendAudio(request, reply, audioPath(deps.recordingsDir, r.id), r.id);
    },
  );

  app.delete(
    '/api/v1/recordings/:id',
    {
      config: { guard: { roles: SUPERVISORS } },
      schema: {
        tags: [TAG],
        summary:
          'Delete a call recording and its audio file (supervisors, admins) / 通話録音と音声ファイルを削除',
        params: InboxIdParams,
        response: { 204: z.null(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const r = await recordingFor(deps, request);
      if (!(await deleteRecording(deps.db, r.id)))
        throw new ApiError('CC_ERR_RECORDING_NOT_FOUND', { recordingId: r.id });
      await removeAudio(audioPath(deps.recordingsDir, r.id));
      const p = requirePrincipal(request);
      request.log.info(
        {
          audit: 'recording.deleted',
          recordingId: r.id,
          callId: r.callId,
          centerId: r.centerId,
          by: p.userId,
          login: p.login,
        },
        'call recording deleted / 通話録音を削除しました',
      );
      return reply.status(204).send(null);
    },
  );
}
