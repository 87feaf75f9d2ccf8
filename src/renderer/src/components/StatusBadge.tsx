// A coloured badge that always carries its words: the colour only repeats them.
import type { ReactNode } from 'react';

export type BadgeTone = 'ok' | 'warn' | 'bad' | 'info' | 'muted';

export function StatusBadge({
  tone,
  children,
  testId,
}: {
  tone: BadgeTone;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <span className={`badge ${tone === 'muted' ? '' : tone}`} data-testid={testId}>
      <span className={`dot ${tone === 'muted' ? '' : tone}`} aria-hidden="true" />
      {children}
    </span>
  );
}
