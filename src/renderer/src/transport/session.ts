// The browser console's credential. The printed URL carries the long-lived access token once
// (`?token=`): it is taken out of the address bar at once, traded at SESSION_PATH for a
// short-lived session bound to this origin, and forgotten. The session lives in this tab's
// sessionStorage (it survives a reload; another port's pages cannot read it; no cookie is
// set, since cookies reach every port of the host) and is renewed while the page is open.
import {
  SESSION_AUTH_SCHEME,
  SESSION_PATH,
  SESSION_PROTOCOL_PREFIX,
  type SessionGrant,
  WS_PROTOCOL,
} from '../../../shared/wire';

const STORAGE_KEY = 'camrelay.session';
/** Renew when less than this share of the lifetime is left. */
const RENEW_WHEN_LEFT = 0.5;
const RENEW_CHECK_MS = 5 * 60 * 1000;

export type SessionState = 'ready' | 'unauthorized' | 'unreachable';

export interface SessionDeps {
  location: Pick<Location, 'search' | 'pathname' | 'hash'>;
  history: Pick<History, 'replaceState'>;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch: typeof fetch;
  now: () => number;
}

export interface ConsoleSession {
  /** Trades a `?token=` for a session, or finds this tab's. Never throws. */
  start(): Promise<SessionState>;
  /** Asks the host whether the session is still good (to tell "refused" from "down"). */
  check(): Promise<SessionState>;
  /** WebSocket subprotocols that carry the session. */
  protocols(): string[];
  /** Headers for an HTTP request to the host. */
  headers(): Record<string, string>;
}

function readGrant(storage: SessionDeps['storage']): SessionGrant | undefined {
  try {
    const v = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Partial<SessionGrant> | null;
    if (v && typeof v.session === 'string' && typeof v.expiresAt === 'number') {
      return { session: v.session, expiresAt: v.expiresAt };
    }
  } catch {
    // Not ours or damaged: treated as no session.
  }
  return undefined;
}

export function createConsoleSession(deps: SessionDeps): ConsoleSession {
  let grant = readGrant(deps.storage);
  let renewTimer: ReturnType<typeof setInterval> | undefined;
  // When the grant arrived; a session restored after a reload counts from now (renewed at the
  // first check past half of what is left).
  let receivedAt = deps.now();

  const keep = (g: SessionGrant) => {
    grant = g;
    receivedAt = deps.now();
    deps.storage.setItem(STORAGE_KEY, JSON.stringify(g));
  };
  const drop = () => {
    grant = undefined;
    deps.storage.removeItem(STORAGE_KEY);
  };

  const exchange = async (authorization: string): Promise<SessionState> => {
    let res: Response;
    try {
      res = await deps.fetch(SESSION_PATH, {
        method: 'POST',
        headers: { authorization },
        cache: 'no-store',
      });
    } catch {
      return 'unreachable';
    }
    if (res.status === 401 || res.status === 403) return 'unauthorized';
    if (!res.ok) return 'unreachable';
    const body = (await res.json().catch(() => undefined)) as Partial<SessionGrant> | undefined;
    if (typeof body?.session !== 'string' || typeof body.expiresAt !== 'number') return 'unreachable';
    keep({ session: body.session, expiresAt: body.expiresAt });
    return 'ready';
  };

  const scheduleRenewal = () => {
    if (renewTimer !== undefined) return;
    renewTimer = setInterval(() => {
      if (!grant) return;
      const left = grant.expiresAt - deps.now();
      if (left > (grant.expiresAt - receivedAt) * RENEW_WHEN_LEFT) return;
      receivedAt = deps.now();
      void exchange(`${SESSION_AUTH_SCHEME} ${grant.session}`).then((state) => {
        if (state === 'unauthorized') drop();
      });
    }, RENEW_CHECK_MS);
  };

  return {
    async start() {
      const params = new URLSearchParams(deps.location.search);
      const token = params.get('token');
      let state: SessionState;
      if (token !== null) {
        // Out of the address bar (and history, bookmarks, screenshots) before anything else.
        params.delete('token');
        const query = params.toString();
        deps.history.replaceState(
          null,
          '',
          `${deps.location.pathname}${query ? `?${query}` : ''}${deps.location.hash}`,
        );
        state = await exchange(`Bearer ${token}`);
        // A wrong token must not leave an older session looking valid.
        if (state === 'unauthorized') drop();
      } else if (grant && grant.expiresAt > deps.now()) {
        state = 'ready';
      } else {
        drop();
        state = 'unauthorized';
      }
      if (state === 'ready') scheduleRenewal();
      return state;
    },
    async check() {
      if (!grant) return 'unauthorized';
      try {
        const res = await deps.fetch(SESSION_PATH, {
          method: 'GET',
          headers: { authorization: `${SESSION_AUTH_SCHEME} ${grant.session}` },
          cache: 'no-store',
        });
        if (res.status === 401) {
          drop();
          return 'unauthorized';
        }
        return res.ok ? 'ready' : 'unreachable';
      } catch {
        return 'unreachable';
      }
    },
    protocols() {
      return grant ? [WS_PROTOCOL, `${SESSION_PROTOCOL_PREFIX}${grant.session}`] : [WS_PROTOCOL];
    },
    headers(): Record<string, string> {
      return grant ? { authorization: `${SESSION_AUTH_SCHEME} ${grant.session}` } : {};
    },
  };
}

let browserSession: ConsoleSession | undefined;

/** This page's session (one per tab). */
export function consoleSession(): ConsoleSession {
  browserSession ??= createConsoleSession({
    location: window.location,
    history: window.history,
    storage: window.sessionStorage,
    fetch: (input, init) => window.fetch(input, init),
    now: Date.now,
  });
  return browserSession;
}
