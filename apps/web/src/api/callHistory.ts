import type { CallEndReason, CallKind } from '@tsunagu/domain';
import { api } from './client';

export type { CallEndReason, CallKind };

/** Search criteria of the call history and its CSV (SUP-04); times are ISO 8601 with offset. */
export interface CallSearch {
  readonly from?: string;
  readonly to?: string;
  readonly queueId?: string;
  readonly agentId?: string;
  readonly number?: string;
  readonly kind?: CallKind;
  readonly endReason?: CallEndReason;
}

export interface CallRecord {
  readonly callId: string;
  readonly kind: CallKind;
  readonly state: string;
  readonly queueId: string | null;
  readonly queueName: string | null;
  readonly agentId: string | null;
  readonly agentName: string | null;
  readonly customerNumber: string;
  readonly ourNumber: string;
  readonly createdAt: string;
  readonly connectedAt: string | null;
  readonly endedAt: string | null;
  readonly waitMs: number | null;
  readonly talkMs: number | null;
  readonly endReason: CallEndReason | null;
  readonly dispositionId: string | null;
  readonly callbackId: string | null;
}

const path = (centerId: string) => `/api/v1/centers/${encodeURIComponent(centerId)}`;

function query(search: CallSearch): Record<string, string | undefined> {
  return { ...search };
}

/** The call history with search, paging and CSV (packages/api/src/routes/history.ts). */
export const callHistoryApi = {
  search: (centerId: string, search: CallSearch, cursor?: string, limit = 25) =>
    api.get<{ items: CallRecord[]; nextCursor: string | null }>(`${path(centerId)}/calls`, {
      query: { ...query(search), cursor, limit },
    }),
  /** The CSV's address for a download link: the browser sends the session cookie. */
  csvUrl: (centerId: string, search: CallSearch) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query(search)))
      if (value !== undefined && value !== '') params.set(key, value);
    const qs = params.toString();
    return `${path(centerId)}/calls.csv${qs ? `?${qs}` : ''}`;
  },
};

/**
 * Every end reason and call kind the history can be searched by, in the API's order. Records
 * over the domain's unions (the web app imports only its types), so a reason or kind the engine
 * gains fails to compile here instead of going missing from the search form.
 */
const END_REASON_SET: Record<CallEndReason, true> = {
  'caller-hangup': true,
  'agent-hangup': true,
  abandoned: true,
  'callback-requested': true,
  'callback-declined': true,
  'voicemail-left': true,
  'no-answer': true,
  busy: true,
  rejected: true,
  unreachable: true,
  forwarded: true,
  transferred: true,
  'transfer-failed': true,
  'party-hangup': true,
  'after-hours': true,
  'queue-full': true,
  'agents-busy': true,
  'max-wait': true,
  'no-route': true,
  'media-lost': true,
  cancelled: true,
};
export const END_REASONS = Object.keys(END_REASON_SET) as readonly CallEndReason[];

const CALL_KIND_SET: Record<CallKind, true> = {
  inbound: true,
  callback: true,
  outbound: true,
  transfer: true,
};
export const CALL_KINDS = Object.keys(CALL_KIND_SET) as readonly CallKind[];
