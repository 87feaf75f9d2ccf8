// Short confirmations ("Camera deleted") shown for a few seconds and announced politely.
import { create } from 'zustand';

export interface Toast {
  id: number;
  message: string;
  tone: 'ok' | 'bad' | 'info';
}

interface ToastStore {
  toasts: Toast[];
}

export const useToasts = create<ToastStore>()(() => ({ toasts: [] }));
let next = 1;

export function toast(message: string, tone: Toast['tone'] = 'ok', ms = 4000): void {
  const id = next++;
  useToasts.setState((s) => ({ toasts: [...s.toasts.slice(-3), { id, message, tone }] }));
  setTimeout(() => dismissToast(id), ms);
}

export function dismissToast(id: number): void {
  useToasts.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}
