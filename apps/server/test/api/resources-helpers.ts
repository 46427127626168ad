import { expect } from 'vitest';
import { createUser } from '@tsunagu/api';
import type { CallbackRequest } from '@tsunagu/domain';
import type { TestNode } from '../support/test-node.js';

/** Helpers of the resource, action and view tests: users of each role, polling, demo calls. */

export const TOKYO = 'tokyo';
export const SUPPORT = 'support';
export const SUPPORT_NUMBER = '0312345678';

let users = 0;

/** A user of `role` created straight in the database (the users API is tested elsewhere). */
export async function signIn(
  t: TestNode,
  role: 'admin' | 'supervisor' | 'agent',
  options: { centers?: string[]; callerIds?: string[]; agentId?: string } = {},
): Promise<string> {
  users += 1;
  const login = `${role}-${users}-${Math.random().toString(36).slice(2, 8)}`;
  const password = 'a long enough password 123';
  await createUser(t.node.db, {
    login,
    name: login,
    password,
    role,
    centers: options.centers ?? (role === 'admin' ? null : [TOKYO]),
    callerIds: options.callerIds ?? null,
    agentId: options.agentId ?? null,
  });
  return t.login(login, password);
}

/** Polls until `probe` returns a value (not undefined, null or false), or fails after a while. */
export async function eventually<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Places a simulated inbound call through the demo API. */
export async function demoCall(
  t: TestNode,
  adminCookie: string,
  from: string,
  to = SUPPORT_NUMBER,
): Promise<{ legId: string; callId: string }> {
  const res = await t.request('POST', '/api/v1/demo/calls', {
    cookie: adminCookie,
    body: { from, to },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.callId).toEqual(expect.any(String));
  return res.body;
}

export async function setStatus(
  t: TestNode,
  cookie: string,
  agentId: string,
  status: string,
  reason?: string,
): Promise<any> {
  const res = await t.request('POST', `/api/v1/agents/${agentId}/status`, {
    cookie,
    body: { status, ...(reason === undefined ? {} : { reason }) },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

export async function agent(t: TestNode, cookie: string, agentId: string): Promise<any> {
  const res = await t.request('GET', `/api/v1/agents/${agentId}`, { cookie });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Waits for the agent's phone to ring with an offer, answers it, and waits for the talk. */
export async function answerNextOffer(
  t: TestNode,
  cookie: string,
  agentId: string,
): Promise<{ callId: string; offerId: string }> {
  const offerId = await eventually(
    async () => (await agent(t, cookie, agentId)).offerId as string | null,
    `an offer to ${agentId}`,
  );
  const res = await t.request('POST', `/api/v1/agents/${agentId}/offers/${offerId}/answer`, {
    cookie,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const onCall = await eventually(async () => {
    const a = await agent(t, cookie, agentId);
    return a.presence === 'on-call' ? a : null;
  }, `${agentId} on call`);
  return { callId: onCall.callId, offerId };
}

export function expectError(res: { status: number; body: any }, status: number, code: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
}

/**
 * The waiting caller presses the callback key, then 1 to confirm once the menu listens (the
 * engine is in its menu before the telephony starts collecting, after the commit). Resolves
 * with the callback request.
 */
export async function requestCallback(
  t: TestNode,
  adminCookie: string,
  caller: { legId: string; callId: string },
): Promise<CallbackRequest> {
  const press = async (digits: string) => {
    const res = await t.request('POST', `/api/v1/demo/calls/${caller.legId}/keys`, {
      cookie: adminCookie,
      body: { digits },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
  };
  const telephony = t.node.virtual;
  await eventually(
    () => t.node.runner.state.calls.get(caller.callId)?.state === 'queued',
    'queued',
  );
  await press('1');
  await eventually(() => telephony.legs.get(caller.legId)?.collect, 'the confirmation menu');
  await press('1');
  return eventually(
    () =>
      [...t.node.runner.state.callbacks.values()].find((c) => c.requestCallId === caller.callId),
    'the callback request',
  );
}
