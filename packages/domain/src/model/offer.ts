/**
 * Where an offered interaction comes from; the agent always sees it (QCB-12, OUT-05).
 * 'transfer': a colleague transfers or consults them about a customer (AGT-07).
 */
export type OfferOrigin = 'inbound' | 'callback' | 'transfer';

/** One interaction presented to one agent: answered, rejected, missed or withdrawn. */
export interface Offer {
  readonly id: string;
  /** The queue entry offered; null for a transfer, which comes from an agent, not a queue. */
  readonly entryId: string | null;
  readonly agentId: string;
  readonly callId: string;
  readonly agentLegId: string;
  readonly origin: OfferOrigin;
  readonly createdAt: number;
  readonly expiresAt: number;
}
