import type { AgentDevice, AgentSettings } from '@tsunagu/domain';
import { api } from './client';

export type { AgentDevice, AgentSettings };

/** An agent as GET /api/v1/agents answers: settings plus what they do now. */
export interface AgentSummary extends AgentSettings {
  readonly presence: string;
  readonly queues: readonly string[];
}

const path = (agentId: string) => `/api/v1/agents/${encodeURIComponent(agentId)}`;

/**
 * Agents' routing settings: name, skills and device (packages/api/src/routes/agents.ts). The
 * agent desktop's own calls live elsewhere; this is the admin's view.
 */
export const agentSettingsApi = {
  list: (centerId: string) =>
    api.get<{ items: AgentSummary[] }>('/api/v1/agents', { query: { centerId } }),
  create: (agent: AgentSettings) => api.post<AgentSummary>('/api/v1/agents', agent),
  update: (agentId: string, change: Partial<Omit<AgentSettings, 'id' | 'centerId'>>) =>
    api.patch<AgentSummary>(path(agentId), change),
};
