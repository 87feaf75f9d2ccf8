// A coloured badge that always carries its words: the colour only repeats them. While the host
// is lost a status is last known, and says so to screen readers (the eye sees it greyed).
import type { ReactNode } from 'react';
import { LastKnown } from './LastKnown';

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
      <LastKnown />
    </span>
  );
}
