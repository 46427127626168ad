import { api } from './client';

/** An open callback request of a queue (packages/api/src/routes/callbacks.ts). */
export interface OpenCallback {
  readonly callbackId: string;
  readonly queueId: string;
  readonly number: string;
  readonly callerId: string;
  readonly state: string;
  /** Place in the line; null while scheduled for a later time (BEY-02). */
  readonly position: number | null;
  readonly requestedAt: string;
  readonly firstJoinedAt: string;
  readonly waitMs: number;
  readonly dueAt: string | null;
  readonly attempts: number;
  readonly requestCallId: string;
}

const path = (callbackId: string) => `/api/v1/callbacks/${encodeURIComponent(callbackId)}`;

/** Supervisor actions on callback requests: list, cancel, re-time (QCB-02, BEY-02). */
export const callbacksApi = {
  ofQueue: (queueId: string) =>
    api.get<{ items: OpenCallback[] }>(`/api/v1/queues/${encodeURIComponent(queueId)}/callbacks`),
  cancel: (callbackId: string) =>
    api.post<{ callbackId: string; outcome: string; reason: string }>(`${path(callbackId)}/cancel`),
  /** `dueAt`: ISO 8601 with offset; null puts a scheduled request in the line now. */
  reschedule: (callbackId: string, dueAt: string | null) =>
    api.post<OpenCallback>(`${path(callbackId)}/reschedule`, { dueAt }),
};
