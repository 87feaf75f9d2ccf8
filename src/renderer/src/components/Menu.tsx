// An actions menu: a button that opens a list of commands. Arrow keys move, Enter runs,
// Escape or a click elsewhere closes it and focus returns to the button. The list is a
// manual popover (top layer), so a scrolling table never clips it.
import { type KeyboardEvent, type ReactNode, useId, useLayoutEffect, useRef, useState } from 'react';
import { MoreIcon } from './icons';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  danger?: boolean;
  disabled?: boolean;
  testId?: string;
}

export function ActionsMenu({
  label,
  items,
  testId,
  icon,
}: {
  /** Accessible name of the button: "Actions for Gate". */
  label: string;
  items: MenuItem[];
  testId?: string;
  icon?: ReactNode;
}) {
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState(false);

  useLayoutEffect(() => {
    const el = list.current;
    const btn = button.current;
    if (!open || !el || !btn) return;
    // A manual popover: in the top layer (never clipped), closed by our own rules below.
    el.showPopover();
    const r = btn.getBoundingClientRect();
    const h = el.offsetHeight;
    const w = el.offsetWidth;
    const below = r.bottom + 4 + h <= window.innerHeight;
    el.style.top = `${below ? r.bottom + 4 : Math.max(4, r.top - 4 - h)}px`;
    el.style.left = `${Math.max(4, Math.min(window.innerWidth - w - 4, r.right - w))}px`;
    el.querySelector<HTMLElement>('[role="menuitem"]:not([disabled])')?.focus({ preventScroll: true });
    // A press anywhere else closes it; so does scrolling or resizing (it would float away).
    const outside = (e: Event) => {
      const t = e.target as Node;
      if (!el.contains(t) && !btn.contains(t)) setOpen(false);
    };
    const away = (e: Event) => {
      if (!el.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', outside, true);
    window.addEventListener('scroll', away, true);
    window.addEventListener('resize', away);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      window.removeEventListener('scroll', away, true);
      window.removeEventListener('resize', away);
      if (el.matches(':popover-open')) el.hidePopover();
    };
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const entries = [
      ...(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])') ?? []),
    ];
    const i = entries.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => entries[(to + entries.length) % entries.length]?.focus();
    if (e.key === 'ArrowDown') move(i + 1);
    else if (e.key === 'ArrowUp') move(i - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(entries.length - 1);
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') close(false);
    else return;
    e.preventDefault();
  };

  return (
    <>
      <button
        ref={button}
        type="button"
        className="btn ghost icon"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
      >
        {icon ?? <MoreIcon />}
      </button>
      {open ? (
        <div
          ref={list}
          id={id}
          popover="manual"
          role="menu"
          aria-label={label}
          className="menu"
          onKeyDown={onKeyDown}
          tabIndex={-1}
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              className={`menu-item${item.danger ? ' danger' : ''}`}
              disabled={item.disabled}
              data-testid={item.testId}
              onClick={() => {
                close(true);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      ) : null}
    </>
  );
}
