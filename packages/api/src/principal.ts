/** Roles of SPEC SUP-02. A system admin sees every center; the others see the centers granted. */
export type Role = 'admin' | 'supervisor' | 'agent';

export const ROLES: readonly Role[] = ['admin', 'supervisor', 'agent'];

/** Who is calling: a signed-in user (session cookie) or an integration (API token). */
export interface Principal {
  readonly userId: string;
  readonly login: string;
  readonly role: Role;
  /** Centers this principal may see and act on; 'all' for system admins. */
  readonly centers: readonly string[] | 'all';
  /** Caller IDs (center numbers) this principal may use or see; 'all' when not restricted. */
  readonly callerIds: readonly string[] | 'all';
  /** The agent this user works as, if any. */
  readonly agentId: string | null;
  readonly via: 'session' | 'token';
  /** The API token used, so revocation can be checked per request. */
  readonly tokenId: string | null;
}

export function canSeeCenter(p: Principal, centerId: string): boolean {
  return p.centers === 'all' || p.centers.includes(centerId);
}

export function canUseCallerId(p: Principal, number: string): boolean {
  return p.callerIds === 'all' || p.callerIds.includes(number);
}
