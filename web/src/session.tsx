import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { dataOf, fetchClient, isApiError, onUnauthorized, setCsrfToken, type ApiData } from './api/client.ts';
import type { Role } from './api/types.ts';
import { useI18n } from './i18n/index.tsx';

type Status = 'loading' | 'anonymous' | 'authenticated';
type Session = ApiData<'/api/auth/session'>;
export type SessionUser = NonNullable<Session['user']>;

export interface SessionState {
  status: Status;
  user: SessionUser | null;
  /** Why the user is on the login page: signed out on purpose, or the session ran out. */
  reason: 'loggedOut' | 'expired' | null;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  hasRole: (...roles: Role[]) => boolean;
}

const SessionContext = createContext<SessionState | null>(null);

const getSession = async () => (await fetchClient.GET('/api/auth/session')).data!;

/**
 * What pages keep in the browser for the logged-in user under `bista.user.<id>.` (the driver's copy of the day's
 * runs, web/src/pages/transport/driver-cache.ts) goes at a logout, so the next person on a shared device finds
 * none of it. (A session that runs out leaves it: the same user logs in again, and it is kept per user id.)
 */
function clearUserStorage() {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const k = localStorage.key(i);
      if (k?.startsWith('bista.user.')) localStorage.removeItem(k);
    }
  } catch {
    // Storage blocked: nothing was kept.
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<Status>('loading');
  const [user, setUser] = useState<SessionUser | null>(null);
  const [reason, setReason] = useState<SessionState['reason']>(null);
  const { chosen, setLocale, locale } = useI18n();
  const queryClient = useQueryClient();

  const apply = useCallback((s: Session) => {
    setCsrfToken(s.csrfToken);
    setUser(s.authenticated ? s.user : null);
    setStatus(s.authenticated && s.user ? 'authenticated' : 'anonymous');
  }, []);
  const load = useCallback(async () => {
    const s = await getSession();
    apply(s);
    return s;
  }, [apply]);

  useEffect(() => {
    load().catch(() => setStatus('anonymous'));
    onUnauthorized(() => {
      setCsrfToken(null);
      setUser(null);
      // Nothing one session loaded is shown to the next.
      queryClient.clear();
      // A request that was under way when the user logged out answers 401 too: that is not "expired".
      setReason((r) => (r === 'loggedOut' ? r : 'expired'));
      setStatus('anonymous');
    });
    return () => onUnauthorized(null);
  }, [load, queryClient]);

  const login = useCallback(
    async (username: string, password: string) => {
      await fetchClient.POST('/api/auth/login', { body: { username, password } });
      // The login answer carries no user; the session endpoint gives the user and the CSRF token.
      const s = await getSession();
      // A browser where no language was chosen follows the language saved in the user's profile. Asked
      // before the shell shows: a logout pressed while this was under way would otherwise meet its 401.
      let profileLocale: typeof locale | null = null;
      if (!chosen && s.authenticated) {
        setCsrfToken(s.csrfToken);
        const me = await fetchClient.GET('/api/me').then(
          (r) => r.data ?? null,
          () => null,
        );
        if (me && me.locale !== locale) profileLocale = me.locale;
      }
      apply(s);
      setReason(null);
      if (profileLocale) setLocale(profileLocale);
    },
    [apply, chosen, locale, setLocale],
  );

  const logout = useCallback(async () => {
    try {
      const { idpLogoutUrl } = dataOf(await fetchClient.POST('/api/auth/logout', { body: {} }));
      // A SITHS session: the IdP's session ends too, and the IdP sends the browser back to the login page.
      if (idpLogoutUrl) {
        queryClient.clear();
        clearUserStorage();
        window.location.assign(idpLogoutUrl);
        return;
      }
    } catch (e) {
      // Already logged out (the session ran out) is fine; anything else means the session may still be valid.
      if (!(isApiError(e) && e.status === 401)) throw e;
    }
    setCsrfToken(null);
    setUser(null);
    queryClient.clear();
    clearUserStorage();
    setReason('loggedOut');
    setStatus('anonymous');
  }, [queryClient]);

  const value = useMemo<SessionState>(
    () => ({
      status,
      user,
      reason,
      login,
      logout,
      hasRole: (...roles) => !!user && roles.some((r) => user.roles.includes(r)),
    }),
    [status, user, reason, login, logout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
