import type { Role } from './auth';
import { api } from './client';

/** A login account (SUP-02); `centers`/`callerIds` null means every one. */
export interface User {
  readonly id: string;
  readonly login: string;
  readonly name: string;
  readonly role: Role;
  readonly centers: readonly string[] | null;
  readonly callerIds: readonly string[] | null;
  readonly agentId: string | null;
  readonly disabled: boolean;
  readonly createdAt: string;
}

export interface UserCreate {
  login: string;
  name: string;
  password: string;
  role: Role;
  centers: string[] | null;
  callerIds: string[] | null;
  agentId: string | null;
}

export type UserChange = Partial<Omit<UserCreate, 'login'>> & { disabled?: boolean };

const path = (id: string) => `/api/v1/users/${encodeURIComponent(id)}`;

/** packages/api/src/routes/users.ts: only system admins change users. */
export const usersApi = {
  list: () => api.get<{ items: User[] }>('/api/v1/users', { query: { limit: 1000 } }),
  create: (user: UserCreate) => api.post<User>('/api/v1/users', user),
  update: (id: string, change: UserChange) => api.patch<User>(path(id), change),
  remove: (id: string) => api.delete<void>(path(id)),
};
