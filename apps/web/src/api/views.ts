import type { AgentPresence, CallKind } from '@tsunagu/domain';
import { api } from './client';

/** A recording's state on a call (AGT-04): recorded, paused by the agent, or none. */
export type RecordingStatus = 'on' | 'paused' | 'off';

/** One place in a queue's line: a caller on the line or a callback request (HQ-05, QCB-02). */
export interface WaitingEntry {
  readonly entryId: string;
  readonly position: number;
  readonly kind: 'call' | 'callback';
  readonly callId: string | null;
  readonly callbackId: string | null;
  readonly customerNumber: string;
  readonly ourNumber: string | null;
  readonly firstJoinedAt: string;
  readonly waitMs: number;
  readonly estimatedWaitMs: number | null;
  readonly state: string;
  readonly onHold: boolean;
  readonly offeredTo: string | null;
}

export interface HoldQueueView {
  readonly at: string;
  readonly queues: readonly {
    readonly queueId: string;
    readonly name: string;
    readonly waiting: number;
    readonly callbacks: number;
    readonly longestWaitMs: number | null;
    readonly entries: readonly WaitingEntry[];
  }[];
}

export interface LiveCall {
  readonly callId: string;
  readonly kind: CallKind;
  readonly state: string;
  readonly queueId: string | null;
  readonly agentId: string | null;
  readonly customerNumber: string;
  readonly ourNumber: string;
  readonly since: string;
  readonly connectedAt: string | null;
  readonly callbackId: string | null;
  readonly durationMs: number;
  readonly recording: RecordingStatus;
}

export interface AgentStatus {
  readonly agentId: string;
  readonly name: string;
  readonly presence: AgentPresence;
  readonly reason: string | null;
  readonly since: string;
  readonly inStateMs: number;
  readonly callId: string | null;
  readonly customerNumber: string | null;
  readonly recording: RecordingStatus;
  readonly offerId: string | null;
  readonly queues: readonly string[];
}

/** What the supervisor screens need of a queue: its id and name. */
export interface QueueName {
  readonly id: string;
  readonly name: string;
}

const center = (centerId: string) => `/api/v1/centers/${encodeURIComponent(centerId)}`;

/** The supervisor's live views, computed from the engine (packages/api/src/routes/views.ts). */
export const viewsApi = {
  holdQueue: (centerId: string) => api.get<HoldQueueView>(`${center(centerId)}/hold-queue`),
  liveCalls: (centerId: string) =>
    api.get<{ at: string; items: LiveCall[] }>(`${center(centerId)}/live-calls`),
  queues: (centerId: string) =>
    api.get<{ items: QueueName[] }>('/api/v1/queues', { query: { centerId } }),
  agentStatus: (centerId: string) =>
    api.get<{ at: string; items: AgentStatus[] }>(`${center(centerId)}/agent-status`),
};
