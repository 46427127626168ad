import { z } from 'zod';
import type { AgentInput } from '@tsunagu/domain';
import type { FastifyRequest } from 'fastify';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ROLES } from '../principal.js';
import { PathId, PhoneNumber, TAGS, errorResponses } from '../schemas/common.js';
import { AgentOut, agentView } from '../schemas/config.js';
import { agentNow } from './agents.js';
import { assertActsFor, centerOfAgent, submitOrThrow } from './resolve.js';

const CallParams = z.object({ agentId: PathId, callId: PathId });

const AgentTarget = z.strictObject({
  kind: z.literal('agent'),
  agentId: PathId.meta({ description: 'A ready agent of the same center / 待機中のエージェント' }),
});
const NumberTarget = z.strictObject({
  kind: z.literal('number'),
  number: PhoneNumber.meta({ description: 'A domestic number / 国内の電話番号' }),
});
const QueueTarget = z.strictObject({ kind: z.literal('queue'), queueId: PathId });

/** The agent themself, or a supervisor or admin of the agent's center (as for actions.ts). */
const guard = { roles: ROLES, center: centerOfAgent };
const answers = { 200: AgentOut, ...errorResponses(400, 404, 409) };

/**
 * Call control beyond hold (AGT-07, CTI-06, OUT-01): cold transfer, consultation and its three
 * endings (connect, cancel, release), conference, ending the call for everyone, and the
 * recording banner's stop and resume (AGT-04). Each is one engine input; the answer is the
 * acting agent once it is committed. What follows on the phones (the target answering or
 * refusing) arrives as events: call.transfer-*, call.consult-*, call.transferred,
 * call.conference-started, call.recording-*.
 */
export function callControlRoutes(app: TypedApi, deps: ApiDeps): void {
  const act = async (request: FastifyRequest, agentId: string, input: AgentInput) => {
    assertActsFor(request, agentId);
    await submitOrThrow(deps, input);
    return agentView(deps.engine.state, agentNow(deps, agentId));
  };

  app.post(
    '/api/v1/agents/:agentId/calls/:callId/transfer',
    {
      config: { guard },
      schema: {
        tags: [TAGS.actions],
        summary:
          'Cold transfer to a ready agent, a queue or a domestic number; a refused transfer comes back (AGT-07) / 転送（そのまま転送）',
        params: CallParams,
        body: z.strictObject({
          target: z.discriminatedUnion('kind', [AgentTarget, QueueTarget, NumberTarget]),
        }),
        response: answers,
      },
    },
    async (request) => {
      const { agentId, callId } = request.params;
      return act(request, agentId, {
        type: 'call.transfer',
        agentId,
        callId,
        target: request.body.target,
      });
    },
  );

  app.post(
    '/api/v1/agents/:agentId/calls/:callId/consult',
    {
      config: { guard },
      schema: {
        tags: [TAGS.actions],
        summary:
          'Consult an agent or a number while the customer hears music; warm transfer’s first step (CTI-06) / 協議通話の開始（話してから転送）',
        params: CallParams,
        body: z.strictObject({ target: z.discriminatedUnion('kind', [AgentTarget, NumberTarget]) }),
        response: answers,
      },
    },
    async (request) => {
      const { agentId, callId } = request.params;
      return act(request, agentId, {
        type: 'call.consult',
        agentId,
        callId,
        target: request.body.target,
      });
    },
  );

  app.post(
    '/api/v1/agents/:agentId/calls/:callId/dtmf',
    {
      config: { guard },
      schema: {
        tags: [TAGS.actions],
        summary:
          'Send keys to the customer’s side, e.g. an IVR (OUT-01) / 顧客側へのDTMF送信（プッシュ信号）',
        params: CallParams,
        body: z.strictObject({
          digits: z
            .string()
            .regex(/^[0-9*#A-D]{1,32}$/)
            .meta({ description: '0-9, *, #, A-D; up to 32 / 0-9・*・#・A-D、32桁まで' }),
        }),
        response: answers,
      },
    },
    async (request) => {
      const { agentId, callId } = request.params;
      return act(request, agentId, {
        type: 'call.send-dtmf',
        agentId,
        callId,
        digits: request.body.digits,
      });
    },
  );

  const steps = [
    [
      'consult/connect',
      'call.consult-connect',
      'Connect the customer to the consulted party; the agent goes to wrap-up (CTI-06) / 顧客接続',
    ],
    [
      'consult/cancel',
      'call.consult-cancel',
      'Cancel the consultation; the customer stays on hold (CTI-06) / 協議通話のキャンセル',
    ],
    [
      'consult/release',
      'call.consult-release',
      'End the consultation and talk to the customer again (CTI-06) / 協議通話を終えて顧客と再接続',
    ],
    [
      'conference',
      'call.conference',
      'Conference the customer, the agent and the consulted party (OUT-01) / 三者通話',
    ],
    [
      'end-all',
      'call.end-all',
      'End the call for everyone on it, consulted party included (OUT-01) / 全員の通話を終了',
    ],
    [
      'recording/pause',
      'call.recording-pause',
      'Stop the call recording for now, if the queue allows agents to; 403 otherwise (AGT-04) / 通話録音の停止（管理者が許可している場合）',
    ],
    [
      'recording/resume',
      'call.recording-resume',
      'Resume the call recording stopped by the agent (AGT-04) / 通話録音の再開',
    ],
  ] as const;
  for (const [path, type, summary] of steps) {
    app.post(
      `/api/v1/agents/:agentId/calls/:callId/${path}`,
      {
        config: { guard },
        schema: { tags: [TAGS.actions], summary, params: CallParams, response: answers },
      },
      async (request) => {
        const { agentId, callId } = request.params;
        return act(request, agentId, { type, agentId, callId });
      },
    );
  }
}
