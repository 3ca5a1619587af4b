import { useSyncExternalStore } from 'react';

// A small history-based router: the location is an external store; React Aria links navigate through
// `navigate` (see RouterProvider in app.tsx), so every link is a real <a href> that also works in a new tab.

const listeners = new Set<() => void>();
let navigations = 0;

function emit() {
  for (const l of listeners) l();
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    navigations++;
    emit();
  });
}

export function navigate(to: string, opts: { replace?: boolean } = {}) {
  const current = location.pathname + location.search + location.hash;
  if (to === current) return;
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  navigations++;
  if (!to.includes('#')) window.scrollTo(0, 0);
  emit();
}

/** How many client-side navigations have happened; 0 means this is the page the browser loaded. */
export const navigationCount = () => navigations;

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

const snapshot = () => location.pathname + location.search;

export function useLocation(): { pathname: string; search: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const q = href.indexOf('?');
  return {
    pathname: q < 0 ? href : href.slice(0, q),
    search: new URLSearchParams(q < 0 ? '' : href.slice(q)),
    href,
  };
}

/** Matches '/admin/anvandare/:id' against a path; returns the decoded parameters, or null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = pathname.replace(/\/+$/, '').split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const val = s[i]!;
    if (seg.startsWith(':')) {
      try {
        params[seg.slice(1)] = decodeURIComponent(val);
      } catch {
        return null;
      }
    } else if (seg !== val) return null;
  }
  return params;
}

/** Only same-site paths may be used as a post-login destination. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/logga-in') ? next : '/';
}
