/** Where an offered interaction comes from; the agent always sees it (QCB-12, OUT-05). */
export type OfferOrigin = 'inbound' | 'callback';

/** One interaction presented to one agent: answered, rejected, missed or withdrawn. */
export interface Offer {
  readonly id: string;
  readonly entryId: string;
  readonly agentId: string;
  readonly callId: string;
  readonly agentLegId: string;
  readonly origin: OfferOrigin;
  readonly createdAt: number;
  readonly expiresAt: number;
}
