import type { AgentDevice, AgentPresence, ManualPresence } from '@tsunagu/domain';
import { api } from './client';

/** An agent as GET /api/v1/agents/:agentId answers (packages/api/src/schemas/config.ts). */
export interface AgentView {
  readonly id: string;
  readonly centerId: string;
  readonly name: string;
  readonly device: AgentDevice;
  readonly presence: AgentPresence;
  readonly reason: string | null;
  readonly since: string;
  readonly callId: string | null;
  readonly offerId: string | null;
  readonly lastCallId: string | null;
  readonly lastCallerId: string | null;
  readonly queues: readonly string[];
}

/** Where a transfer or consultation goes (packages/api/src/routes/call-control.ts). */
export type CallTarget =
  | { readonly kind: 'agent'; readonly agentId: string }
  | { readonly kind: 'number'; readonly number: string };

const agentPath = (agentId: string) => `/api/v1/agents/${encodeURIComponent(agentId)}`;
const callPath = (agentId: string, callId: string) =>
  `${agentPath(agentId)}/calls/${encodeURIComponent(callId)}`;

/** Call steps without a body: each answers with the acting agent once committed. */
export type CallStep =
  | 'hold'
  | 'resume'
  | 'hangup'
  | 'consult/connect'
  | 'consult/cancel'
  | 'consult/release'
  | 'conference'
  | 'end-all'
  | 'recording/pause'
  | 'recording/resume';

export const agentsApi = {
  list: (centerId: string) =>
    api.get<{ items: AgentView[] }>('/api/v1/agents', { query: { centerId } }),
  get: (agentId: string) => api.get<AgentView>(agentPath(agentId)),
  setStatus: (agentId: string, status: ManualPresence, reason: string | null) =>
    api.post<AgentView>(`${agentPath(agentId)}/status`, { status, reason }),
  answer: (agentId: string, offerId: string) =>
    api.post<AgentView>(`${agentPath(agentId)}/offers/${encodeURIComponent(offerId)}/answer`),
  reject: (agentId: string, offerId: string) =>
    api.post<AgentView>(`${agentPath(agentId)}/offers/${encodeURIComponent(offerId)}/reject`),
  step: (agentId: string, callId: string, step: CallStep) =>
    api.post<AgentView>(`${callPath(agentId, callId)}/${step}`),
  transfer: (agentId: string, callId: string, target: CallTarget) =>
    api.post<AgentView>(`${callPath(agentId, callId)}/transfer`, { target }),
  consult: (agentId: string, callId: string, target: CallTarget) =>
    api.post<AgentView>(`${callPath(agentId, callId)}/consult`, { target }),
  sendDtmf: (agentId: string, callId: string, digits: string) =>
    api.post<AgentView>(`${callPath(agentId, callId)}/dtmf`, { digits }),
  setDisposition: (agentId: string, callId: string, dispositionId: string) =>
    api.post<AgentView>(`${callPath(agentId, callId)}/disposition`, { dispositionId }),
  endWrapUp: (agentId: string) => api.post<AgentView>(`${agentPath(agentId)}/wrap-up/end`),
  dial: (agentId: string, to: string, callerId: string | undefined) =>
    api.post<AgentView>(`${agentPath(agentId)}/dial`, { to, callerId }),
};
