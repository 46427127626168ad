/**
 * Call control beyond hold (AGT-07, CTI-06, OUT-01): where a customer can be sent, and the
 * consultation that carries a warm transfer, a cold transfer to a person, or a conference.
 */
export type ConsultTarget =
  | { readonly kind: 'agent'; readonly agentId: string }
  | { readonly kind: 'number'; readonly number: string };

export type TransferTarget = ConsultTarget | { readonly kind: 'queue'; readonly queueId: string };

/**
 * 'transfer': cold, the customer is handed over as soon as the target answers.
 * 'consult': warm, the agent talks to the target first, then connects, cancels or releases.
 */
export type ConsultMode = 'transfer' | 'consult';

/** ringing → talking (warm only) → conference; the consultation leaves the state when it ends. */
export type ConsultState = 'ringing' | 'talking' | 'conference';

/** A second party rung for one call while its customer is on hold. One per call at most. */
export interface Consultation {
  readonly id: string;
  readonly callId: string;
  /** The agent who started it and owns the call until the hand-over. */
  readonly agentId: string;
  readonly target: ConsultTarget;
  mode: ConsultMode;
  state: ConsultState;
  /** The target's leg (an agent's device, or an outside number through the trunk). */
  readonly legId: string;
  /**
   * A desk phone's own second call carrying the consultation (the agent held the customer on
   * the phone and dialled): it talks to the target instead of the agent's leg of the call.
   */
  phoneLegId: string | null;
  /** The offer shown to a target agent while their device rings. */
  offerId: string | null;
  /** Set while the customer, the agent and the target are mixed together. */
  conferenceId: string | null;
  /** The agent hung up before the target answered: the transfer goes on without them. */
  agentLeft: boolean;
  readonly createdAt: number;
}

/** Why a consultation ended without a hand-over. */
export type ConsultEndReason = 'cancelled' | 'released' | 'target-hangup' | 'call-ended';

/** How a call was handed to someone else, for the `call.transferred` event and reports. */
export type TransferHow = 'cold' | 'warm' | 'conference' | 'fallback' | 'phone';

/** Why a target did not take the customer. */
export type ConsultRefusal = 'rejected' | 'no-answer' | 'busy' | 'unreachable' | 'failed';
