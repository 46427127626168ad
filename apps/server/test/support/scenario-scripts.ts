import type { AgentPhoneScript, PartyScript } from '@tsunagu/telephony';
import type { PromptId } from '@tsunagu/domain';

/**
 * Keys a party presses after hearing prompts. A list is consumed one entry per hearing, so a
 * caller can type a wrong number first and a right one when asked again.
 */
export type KeyPlan = Partial<Record<PromptId, string | readonly string[]>>;

export function keys(plan: KeyPlan): Partial<Record<PromptId, string>> {
  const onPrompt: Partial<Record<PromptId, string>> = {};
  for (const [id, value] of Object.entries(plan) as [PromptId, string | readonly string[]][]) {
    if (typeof value === 'string') {
      onPrompt[id] = value;
      continue;
    }
    const left = [...value];
    // The virtual telephony reads the entry once per hearing; a getter hands out the next one.
    Object.defineProperty(onPrompt, id, { enumerable: true, get: () => left.shift() });
  }
  return onPrompt;
}

/** A caller who waits as long as it takes and stays on once connected until someone hangs up. */
export function holdingCaller(plan: KeyPlan = {}, talkMs = Infinity): PartyScript {
  return { patienceMs: Infinity, talkMs, onPrompt: keys(plan) };
}

/** A caller who presses the callback key at the offer and confirms with 1 (QCB-02). */
export function callerRequestingCallback(plan: KeyPlan = {}, key = '1'): PartyScript {
  return holdingCaller({ 'queue.callback-offer': key, 'callback.confirm-menu': '1', ...plan });
}

/** A caller who asks to be called back on another number (QCB-03), typing each entry in turn. */
export function callerGivingNumber(typed: string | readonly string[]): PartyScript {
  return holdingCaller({
    'queue.callback-offer': '1',
    'callback.confirm-menu': '2',
    'callback.enter-number': typed,
  });
}

/** A dialled customer (callback target). */
export function customer(overrides: Partial<PartyScript> = {}): PartyScript {
  return {
    response: 'answer',
    answerAfterMs: 3_000,
    patienceMs: Infinity,
    talkMs: 60_000,
    onPrompt: { 'callback.greeting': '1' },
    ...overrides,
  };
}

export const ANSWERS: AgentPhoneScript = {
  response: 'answer',
  answerAfterMs: 2_000,
  talkMs: Infinity,
};
export const IGNORES: AgentPhoneScript = { response: 'ignore', answerAfterMs: 0, talkMs: Infinity };
export const REJECTS: AgentPhoneScript = { response: 'reject', answerAfterMs: 0, talkMs: Infinity };
