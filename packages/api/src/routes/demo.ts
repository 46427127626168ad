import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { TypedApi } from '../app.js';
import type { ApiDeps, DemoTelephony } from '../deps.js';
import { ApiError } from '../errors.js';
import type { Role } from '../principal.js';
import { PathId, PhoneNumber, TAGS, errorResponses } from '../schemas/common.js';

const ADMIN: readonly Role[] = ['admin'];
const LegParams = z.object({ legId: PathId });
const Accepted = z.object({ legId: z.string() });

/** The engine hears of a new leg on the next tick; wait briefly to name the call it made. */
async function callOfLeg(deps: ApiDeps, legId: string): Promise<string | null> {
  for (let i = 0; i < 100; i += 1) {
    for (const call of deps.engine.state.calls.values())
      if (call.customerLegId === legId) return call.id;
    await sleep(10);
  }
  return null;
}

function legOrFail(demo: DemoTelephony, legId: string): void {
  if (!demo.has(legId)) throw new ApiError('CC_ERR_LEG_NOT_FOUND', { legId });
}

/**
 * Demo calls (system admin): a simulated caller on the node's virtual telephony dials one of
 * the queue numbers, presses keys (e.g. the callback key) and hangs up, so the API can be tried
 * end to end without a SIP trunk. Agents answer with the agent actions. These routes exist only
 * while the node runs on virtual telephony and disappear when SIP lands.
 */
export function demoRoutes(app: TypedApi, deps: ApiDeps): void {
  const demo = deps.demo;
  if (!demo) return;

  app.post(
    '/api/v1/demo/calls',
    {
      config: { guard: { roles: ADMIN } },
      schema: {
        tags: [TAGS.demo],
        summary:
          'Place a simulated inbound call (virtual telephony only) / 仮想着信の発生（デモ用）',
        description:
          'For trying the API without a SIP trunk: the node’s virtual telephony plays the caller. ' +
          'These demo routes are removed when calls come over SIP. / SIPトランクなしでAPIを試すための' +
          'デモ用です。SIP対応後は削除されます。',
        body: z.strictObject({
          from: PhoneNumber.meta({ description: 'The caller’s number, e.g. 09011112222' }),
          to: PhoneNumber.meta({ description: 'A queue’s number, e.g. 0312345678' }),
        }),
        response: {
          201: z.object({
            legId: z.string(),
            callId: z.string().nullable().meta({ description: 'Null if the call already ended' }),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request, reply) => {
      const legId = demo.placeCall(request.body.from, request.body.to);
      return reply.status(201).send({ legId, callId: await callOfLeg(deps, legId) });
    },
  );

  app.post(
    '/api/v1/demo/calls/:legId/keys',
    {
      config: { guard: { roles: ADMIN } },
      schema: {
        tags: [TAGS.demo],
        summary: 'The simulated caller presses keys / 仮想発信者のキー入力',
        params: LegParams,
        body: z.strictObject({ digits: z.string().regex(/^[0-9*#]{1,30}$/) }),
        response: { 202: Accepted, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      legOrFail(demo, request.params.legId);
      demo.press(request.params.legId, request.body.digits);
      return reply.status(202).send({ legId: request.params.legId });
    },
  );

  app.post(
    '/api/v1/demo/calls/:legId/hangup',
    {
      config: { guard: { roles: ADMIN } },
      schema: {
        tags: [TAGS.demo],
        summary: 'The simulated caller hangs up / 仮想発信者の切断',
        params: LegParams,
        response: { 202: Accepted, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      legOrFail(demo, request.params.legId);
      demo.hangup(request.params.legId);
      return reply.status(202).send({ legId: request.params.legId });
    },
  );
}
