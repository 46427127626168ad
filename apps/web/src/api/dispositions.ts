import { api } from './client';

/** A call type an agent sets on a call (SUP-05): GET /api/v1/centers/:id/dispositions. */
export interface Disposition {
  readonly id: string;
  readonly label: string;
  readonly labelJa?: string;
}

const base = (centerId: string) => `/api/v1/centers/${encodeURIComponent(centerId)}/dispositions`;

/**
 * packages/api/src/routes/dispositions.ts: everyone in the center lists them (the agent's
 * picker); supervisors and admins add, relabel and remove them.
 */
export const dispositionsApi = {
  list: (centerId: string) => api.get<{ items: Disposition[] }>(base(centerId)),
  add: (centerId: string, disposition: Disposition) =>
    api.post<Disposition>(base(centerId), disposition),
  relabel: (centerId: string, id: string, labels: Omit<Disposition, 'id'>) =>
    api.put<Disposition>(`${base(centerId)}/${encodeURIComponent(id)}`, labels),
  remove: (centerId: string, id: string) =>
    api.delete<void>(`${base(centerId)}/${encodeURIComponent(id)}`),
};
