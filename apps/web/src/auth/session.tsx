import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiFailure, onUnauthenticated } from '../api/client';
import { authApi, type Principal } from '../api/auth';

export interface Session {
  /** undefined while the first "who am I" is under way; null when signed out. */
  readonly principal: Principal | null | undefined;
  login(login: string, password: string): Promise<Principal>;
  logout(): Promise<void>;
  /** Forget the principal after the server said the session is gone (401, stream close 4401). */
  expired(): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [principal, setPrincipal] = useState<Principal | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    authApi.me().then(
      (me) => live && setPrincipal(me),
      (err: unknown) => {
        if (!live) return;
        // Signed out (401) or the server is unreachable: either way the login page shows.
        if (!(err instanceof ApiFailure)) console.error(err);
        setPrincipal(null);
      },
    );
    return () => {
      live = false;
    };
  }, []);

  const login = useCallback(async (name: string, password: string) => {
    const me = await authApi.login(name, password);
    setPrincipal(me);
    return me;
  }, []);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setPrincipal(null);
    }
  }, []);

  const expired = useCallback(() => setPrincipal(null), []);
  useEffect(() => onUnauthenticated(expired), [expired]);

  const value = useMemo(
    () => ({ principal, login, logout, expired }),
    [principal, login, logout, expired],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionProvider>');
  return session;
}

/** The signed-in principal, for pages under the shell (which renders only when signed in). */
export function usePrincipal(): Principal {
  const { principal } = useSession();
  if (!principal) throw new Error('usePrincipal outside the signed-in shell');
  return principal;
}
