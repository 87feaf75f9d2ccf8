// The theme is this browser's choice (localStorage), not the shared configuration: one
// operator's dark mode must not switch every other browser or window. Tabs of one browser
// follow each other through the storage event.
import { useEffect, useSyncExternalStore } from 'react';

export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

const KEY = 'camrelay.theme';
const listeners = new Set<() => void>();

export function readTheme(): Theme {
  let saved: string | null = null;
  try {
    saved = window.localStorage.getItem(KEY);
  } catch {
    // storage refused (a locked-down browser): the system theme, not an error
  }
  return (THEMES as readonly string[]).includes(saved ?? '') ? (saved as Theme) : 'system';
}

export function setTheme(theme: Theme): void {
  try {
    if (theme === 'system') window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, theme);
  } catch {
    // not kept past this page, still applied now
  }
  current = theme;
  for (const l of listeners) l();
}

let current: Theme | undefined;

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  const onStorage = (e: StorageEvent) => {
    if (e.key !== KEY && e.key !== null) return;
    current = readTheme();
    cb();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(cb);
    window.removeEventListener('storage', onStorage);
  };
}

function snapshot(): Theme {
  current ??= readTheme();
  return current;
}

export function useThemeChoice(): Theme {
  return useSyncExternalStore(subscribe, snapshot);
}

/** Puts the chosen theme on <html data-theme> (styles/tokens.css follows the system without it). */
export function useApplyTheme(): void {
  const theme = useThemeChoice();
  useEffect(() => {
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [theme]);
}
