import type { Queue } from '@tsunagu/domain';
import { api } from './client';

export type { Queue };

/** Every setting of a queue the admin changes; id and center come from the path. */
export type QueueSettings = Omit<Queue, 'id' | 'centerId' | 'members'>;

export interface QueueMembers {
  readonly queueId: string;
  readonly members: readonly { position: number; agentId: string; name: string }[];
}

const path = (queueId: string) => `/api/v1/queues/${encodeURIComponent(queueId)}`;

/** Queues and their routing order (packages/api/src/routes/queues.ts). */
export const queuesApi = {
  list: (centerId: string) =>
    api.get<{ items: Queue[] }>('/api/v1/queues', { query: { centerId } }),
  get: (queueId: string) => api.get<Queue>(path(queueId)),
  patch: (queueId: string, settings: Partial<QueueSettings>) =>
    api.patch<Queue>(path(queueId), settings),
  members: (queueId: string) => api.get<QueueMembers>(`${path(queueId)}/members`),
  setMembers: (queueId: string, agentIds: readonly string[]) =>
    api.put<QueueMembers>(`${path(queueId)}/members`, { agentIds }),
};
