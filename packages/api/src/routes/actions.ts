import { z } from 'zod';
import { MANUAL_PRESENCES, type AgentInput } from '@tsunagu/domain';
import type { FastifyRequest } from 'fastify';
import type { TypedApi } from '../app.js';
import type { ApiDeps } from '../deps.js';
import { ApiError } from '../errors.js';
import { ROLES, canUseCallerId } from '../principal.js';
import { PathId, PhoneNumber, TAGS, errorResponses } from '../schemas/common.js';
import { AgentOut, agentView } from '../schemas/config.js';
import { agentNow } from './agents.js';
import { assertActsFor, centerOfAgent, submitOrThrow } from './resolve.js';

const AgentParams = z.object({ agentId: PathId });
const OfferParams = z.object({ agentId: PathId, offerId: PathId });
const CallParams = z.object({ agentId: PathId, callId: PathId });

/** The agent themself, or a supervisor or admin of the agent's center (checked in the handler). */
const guard = { roles: ROLES, center: centerOfAgent };
const answers = { 200: AgentOut, ...errorResponses(400, 404, 409) };

/**
 * Agent actions from the desktop or an integration. Each is one engine input; the answer is
 * the agent as the engine sees them once the input is committed. Refusals are the engine's
 * catalogue codes (409 CC_ERR_AGENT_BUSY, CC_ERR_ILLEGAL_TRANSITION, 404 CC_ERR_OFFER_NOT_FOUND).
 * Answering tells the agent's device to pick up: presence turns 'on-call' when it has.
 */
export function actionRoutes(app: TypedApi, deps: ApiDeps): void {
  const act = async (request: FastifyRequest, agentId: string, input: AgentInput) => {
    assertActsFor(request, agentId);
    await submitOrThrow(deps, input);
    return agentView(deps.engine.state, agentNow(deps, agentId));
  };

  app.post(
    '/api/v1/agents/:agentId/status',
    {
      config: { guard },
      schema: {
        tags: [TAGS.actions],
        summary:
          'Choose a status (AGT-01); ends wrap-up early (AGT-06) / ステータスの変更（後処理も終了）',
        params: AgentParams,
        body: z.strictObject({
          status: z.enum(MANUAL_PRESENCES),
          reason: z
            .string()
            .max(200)
            .nullable()
            .optional()
            .meta({ description: 'e.g. "ticket processing" for busy / 理由（例: チケット処理）' }),
        }),
        response: answers,
      },
    },
    async (request) =>
      act(request, request.params.agentId, {
        type: 'agent.set-status',
        agentId: request.params.agentId,
        status: request.body.status,
        reason: request.body.reason ?? null,
      }),
  );

  for (const verb of ['answer', 'reject'] as const) {
    app.post(
      `/api/v1/agents/:agentId/offers/:offerId/${verb}`,
      {
        config: { guard },
        schema: {
          tags: [TAGS.actions],
          summary:
            verb === 'answer'
              ? 'Answer the offered call / 着信に応答'
              : 'Reject the offered call: it goes to the next agent, keeping its place (AGT-03) / 着信を拒否',
          params: OfferParams,
          response: answers,
        },
      },
      async (request) => {
        const { agentId, offerId } = request.params;
        return act(request, agentId, { type: `offer.${verb}`, agentId, offerId });
      },
    );
  }

  const callActions = [
    ['hold', 'call.hold', 'Hold: the customer hears music (CTI-08) / 保留'],
    ['resume', 'call.resume', 'Resume a held call (CTI-08) / 保留解除'],
    ['hangup', 'call.hangup', 'End the call / 通話終了'],
  ] as const;
  for (const [verb, type, summary] of callActions) {
    app.post(
      `/api/v1/agents/:agentId/calls/:callId/${verb}`,
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

  app.post(
    '/api/v1/agents/:agentId/calls/:callId/disposition',
    {
      config: { guard },
      schema: {
        tags: [TAGS.actions],
        summary:
          'Set the call’s disposition, during the call or in wrap-up (SUP-05) / 通話タイプの設定',
        params: CallParams,
        body: z.strictObject({ dispositionId: PathId }),
        response: answers,
      },
    },
    async (request) => {
      const { agentId, callId } = request.params;
      return act(request, agentId, {
        type: 'call.set-disposition',
        agentId,
        callId,
        dispositionId: request.body.dispositionId,
      });
    },
  );

  app.post(
    '/api/v1/agents/:agentId/wrap-up/end',
    {
      config: { guard },
      schema: {
        tags: [TAGS.actions],
        summary: 'End wrap-up now (AGT-06) / 後処理を終了',
        params: AgentParams,
        response: answers,
      },
    },
    async (request) => {
      const { agentId } = request.params;
      return act(request, agentId, { type: 'wrap-up.end', agentId });
    },
  );

  app.post(
    '/api/v1/agents/:agentId/dial',
    {
      config: {
        guard: {
          ...guard,
          callerId: (request) => (request.body as { callerId?: string } | undefined)?.callerId,
        },
      },
      schema: {
        tags: [TAGS.actions],
        summary:
          'Dial out with one of the center’s caller IDs; the choice is remembered (AGT-05) / 発信（発信者番号を選択）',
        params: AgentParams,
        body: z.strictObject({
          to: PhoneNumber,
          callerId: PhoneNumber.optional().meta({
            description: 'Defaults to the one chosen last time / 省略時は前回の番号',
          }),
        }),
        response: answers,
      },
    },
    async (request) => {
      const { agentId } = request.params;
      const principal = assertActsFor(request, agentId);
      const agent = agentNow(deps, agentId);
      const center = deps.engine.state.centers.get(agent.centerId);
      const usable = (n: string | null | undefined): n is string =>
        !!n && canUseCallerId(principal, n);
      // AGT-05: the choice made last time is offered first; else the first number allowed.
      const callerId =
        request.body.callerId ??
        (usable(agent.lastCallerId)
          ? agent.lastCallerId
          : center?.callerIds.map((c) => c.number).find(usable));
      if (!callerId) throw new ApiError('CC_ERR_CALLER_ID_NOT_ALLOWED', { callerId: null });
      return act(request, agentId, { type: 'agent.dial', agentId, to: request.body.to, callerId });
    },
  );
}
