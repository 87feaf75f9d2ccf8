// Which cameras the live grid shows. Until the operator chooses, the grid fills itself with
// the cameras by name; once chosen, the choice (kept in localStorage) is theirs.
import type { CameraView } from '../../../shared/cameras';

export const LAYOUTS = [1, 4, 9, 16] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface GridChoice {
  layout: Layout;
  /** Chosen camera ids in slot order; null: automatic (cameras by name). */
  ids: string[] | null;
}

export const DEFAULT_CHOICE: GridChoice = { layout: 4, ids: null };
const KEY = 'camrelay.live.grid';

function byName(cameras: Record<string, CameraView>): string[] {
  return Object.values(cameras)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
    .map((c) => c.id);
}

/** The cameras shown, in slot order (existing cameras only), at most `layout`. */
export function shownIds(choice: GridChoice, cameras: Record<string, CameraView>): string[] {
  const ids = choice.ids ?? byName(cameras);
  return ids.filter((id) => cameras[id] !== undefined).slice(0, choice.layout);
}

/** `layout` slots: camera ids, then undefined for empty slots. */
export function gridSlots(choice: GridChoice, cameras: Record<string, CameraView>): (string | undefined)[] {
  const ids: (string | undefined)[] = shownIds(choice, cameras);
  while (ids.length < choice.layout) ids.push(undefined);
  return ids;
}

/** Adds the camera to the grid (at the end) or removes it. */
export function toggleCamera(
  choice: GridChoice,
  id: string,
  cameras: Record<string, CameraView>,
): GridChoice {
  const current = shownIds(choice, cameras);
  if (current.includes(id)) return { ...choice, ids: current.filter((x) => x !== id) };
  if (current.length >= choice.layout) return choice;
  return { ...choice, ids: [...current, id] };
}

/** A larger layout fills its new slots with cameras not shown yet (by name). */
export function setLayout(
  choice: GridChoice,
  layout: Layout,
  cameras: Record<string, CameraView> = {},
): GridChoice {
  if (choice.ids === null || layout <= choice.ids.length) return { ...choice, layout };
  const shown = shownIds(choice, cameras);
  const unused = byName(cameras).filter((id) => !shown.includes(id));
  return { layout, ids: [...shown, ...unused].slice(0, layout) };
}

export function loadChoice(storage: Pick<Storage, 'getItem'> | undefined): GridChoice {
  try {
    const raw = JSON.parse(storage?.getItem(KEY) ?? 'null') as Partial<GridChoice> | null;
    const layout = LAYOUTS.find((l) => l === raw?.layout) ?? DEFAULT_CHOICE.layout;
    const ids = Array.isArray(raw?.ids)
      ? raw.ids.filter((x): x is string => typeof x === 'string').slice(0, 64)
      : null;
    return { layout, ids };
  } catch {
    return DEFAULT_CHOICE; // unreadable: start over
  }
}

export function saveChoice(storage: Pick<Storage, 'setItem'> | undefined, choice: GridChoice): void {
  try {
    storage?.setItem(KEY, JSON.stringify(choice));
  } catch {
    // storage full or refused: the choice lasts for this session only
  }
}
