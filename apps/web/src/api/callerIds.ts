import { api } from './client';

/** One of the center's own numbers (AGT-05, QCB-04). */
export interface CallerId {
  readonly number: string;
  readonly label: string;
}

const base = (centerId: string) => `/api/v1/centers/${encodeURIComponent(centerId)}/caller-ids`;

/** packages/api/src/routes/caller-ids.ts: everyone lists the numbers they may use; admins edit. */
export const callerIdsApi = {
  list: (centerId: string) => api.get<{ items: CallerId[] }>(base(centerId)),
  add: (centerId: string, callerId: CallerId) => api.post<CallerId>(base(centerId), callerId),
  relabel: (centerId: string, number: string, label: string) =>
    api.put<CallerId>(`${base(centerId)}/${encodeURIComponent(number)}`, { label }),
  remove: (centerId: string, number: string) =>
    api.delete<void>(`${base(centerId)}/${encodeURIComponent(number)}`),
};
