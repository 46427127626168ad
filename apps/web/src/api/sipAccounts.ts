import { api } from './client';

/** A desk phone's registration account; the password is write-only. */
export interface SipAccount {
  readonly username: string;
  readonly realm: string;
  readonly agentId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

const base = (centerId: string) => `/api/v1/centers/${encodeURIComponent(centerId)}/sip-accounts`;

/** packages/api/src/routes/sip-accounts.ts. */
export const sipAccountsApi = {
  list: (centerId: string) => api.get<{ items: SipAccount[] }>(base(centerId)),
  save: (centerId: string, username: string, password: string, agentId: string | null) =>
    api.put<SipAccount>(`${base(centerId)}/${encodeURIComponent(username)}`, {
      password,
      agentId,
    }),
  remove: (centerId: string, username: string) =>
    api.delete<void>(`${base(centerId)}/${encodeURIComponent(username)}`),
};
