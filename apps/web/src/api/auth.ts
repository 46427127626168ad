import { api } from './client';

export type Role = 'admin' | 'supervisor' | 'agent';

/** GET /api/v1/me and POST /api/v1/auth/login (packages/api/src/routes/auth-session.ts). */
export interface Principal {
  readonly userId: string;
  readonly login: string;
  readonly role: Role;
  readonly centers: 'all' | readonly string[];
  readonly callerIds: 'all' | readonly string[];
  readonly agentId: string | null;
}

export const authApi = {
  login: (login: string, password: string) =>
    api.post<Principal>('/api/v1/auth/login', { login, password }),
  logout: () => api.post<void>('/api/v1/auth/logout'),
  me: () => api.get<Principal & { via: 'session' | 'token' }>('/api/v1/me'),
};
