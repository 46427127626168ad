import type { PromptId } from '@tsunagu/domain';

/** How a simulated caller behaves (inbound) or a dialled customer behaves (outbound). */
export interface PartyScript {
  /** Outbound only: how the phone responds to being dialled. */
  readonly response?: 'answer' | 'busy' | 'no-answer' | 'unreachable';
  /** Outbound only: ring time before answering. */
  readonly answerAfterMs?: number;
  /** Hang up if not talking to an agent by then (abandonment). Infinity: never. */
  readonly patienceMs: number;
  /** Once talking to an agent, hang up after this long. Infinity: wait for the agent. */
  readonly talkMs: number;
  /** Keys to press once a prompt has been heard out (into a collect if one is active). */
  readonly onPrompt?: Partial<Record<PromptId, string>>;
}

/** How a simulated agent phone behaves when it is rung. */
export interface AgentPhoneScript {
  /** 'answer' after `answerAfterMs`; 'reject' at once; 'ignore' lets it ring out. */
  readonly response: 'answer' | 'reject' | 'ignore';
  readonly answerAfterMs: number;
  /** Once talking, the agent hangs up after this long. Infinity: the customer ends it. */
  readonly talkMs: number;
}

export const DEFAULT_CALLER: PartyScript = { patienceMs: Infinity, talkMs: 60_000 };
export const DEFAULT_CUSTOMER: PartyScript = {
  response: 'answer',
  answerAfterMs: 3_000,
  patienceMs: Infinity,
  talkMs: 60_000,
  onPrompt: { 'callback.greeting': '1' },
};
export const DEFAULT_AGENT_PHONE: AgentPhoneScript = {
  response: 'answer',
  answerAfterMs: 2_000,
  talkMs: Infinity,
};
