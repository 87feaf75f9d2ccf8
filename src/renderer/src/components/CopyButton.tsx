// Copies text to the clipboard and says so for two seconds (also to screen readers).
import { useEffect, useState } from 'react';
import { CheckIcon, CopyIcon } from './icons';

async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API refused (no focus, insecure origin): fall back to a hidden textarea.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export function CopyButton({
  text,
  label = 'Copy',
  what,
  testId,
  small = true,
}: {
  text: string;
  label?: string;
  /** What is copied, for the accessible name: "Copy the secret". */
  what?: string;
  testId?: string;
  small?: boolean;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button
      type="button"
      className={`btn${small ? ' small' : ''} copy`}
      data-testid={testId}
      aria-label={what ? `${label} ${what}` : undefined}
      onClick={async () => setState((await writeClipboard(text)) ? 'copied' : 'failed')}
    >
      {state === 'copied' ? <CheckIcon /> : <CopyIcon />}
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
      </span>
    </button>
  );
}
