// A few line icons (24px grid, stroke currentColor). Decorative: hidden from screen readers.
import type { ReactElement } from 'react';

function Icon({ children, size = 18 }: { children: ReactElement | ReactElement[]; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

/** The Live entry: a screen with a play mark. */
export const LiveIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <rect x="3" y="4" width="18" height="14" rx="2" />
    <path d="M10 8.5v5l4.5-2.5z" />
    <path d="M8 21h8" />
  </Icon>
);
export const CameraIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <path d="M3 7h11a2 2 0 0 1 2 2v6a2 2 0 0 1-2 2H3z" />
    <path d="M16 10.5 21 8v8l-5-2.5" />
  </Icon>
);
export const GroupsIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <rect x="3" y="4" width="7" height="7" rx="1.5" />
    <rect x="14" y="4" width="7" height="7" rx="1.5" />
    <rect x="3" y="14" width="7" height="7" rx="1.5" />
    <path d="M14 17.5h7M17.5 14v7" />
  </Icon>
);
export const RelayIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <circle cx="5" cy="12" r="2.2" />
    <circle cx="19" cy="6" r="2.2" />
    <circle cx="19" cy="18" r="2.2" />
    <path d="M7.1 11 16.8 6.9M7.1 13l9.7 4.1" />
  </Icon>
);
/** One source fanned out to several players. */
export const RestreamIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <rect x="3" y="9" width="6" height="6" rx="1.2" />
    <path d="M9 12h3M12 12l4-5h4M12 12h8M12 12l4 5h4" />
  </Icon>
);
export const LogIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <path d="M5 4h14v16H5z" />
    <path d="M8.5 8.5h7M8.5 12h7M8.5 15.5h4" />
  </Icon>
);
export const SettingsIcon = ({ size }: { size?: number }) => (
  <Icon size={size}>
    <circle cx="12" cy="12" r="3" />
    <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
  </Icon>
);
export const LogoIcon = ({ size = 22 }: { size?: number }) => (
  <Icon size={size}>
    <circle cx="12" cy="12" r="2.1" fill="currentColor" stroke="none" />
    <path d="M5.6 5.6a9 9 0 0 0 0 12.8M18.4 5.6a9 9 0 0 1 0 12.8M8.5 8.5a5 5 0 0 0 0 7M15.5 8.5a5 5 0 0 1 0 7" />
  </Icon>
);
export const PlusIcon = ({ size = 16 }: { size?: number }) => (
  <Icon size={size}>
    <path d="M12 5v14M5 12h14" />
  </Icon>
);
export const MoreIcon = ({ size = 18 }: { size?: number }) => (
  <Icon size={size}>
    <circle cx="5.5" cy="12" r="1.3" fill="currentColor" stroke="none" />
    <circle cx="12" cy="12" r="1.3" fill="currentColor" stroke="none" />
    <circle cx="18.5" cy="12" r="1.3" fill="currentColor" stroke="none" />
  </Icon>
);
export const CloseIcon = ({ size = 18 }: { size?: number }) => (
  <Icon size={size}>
    <path d="M6 6l12 12M18 6 6 18" />
  </Icon>
);
export const CopyIcon = ({ size = 15 }: { size?: number }) => (
  <Icon size={size}>
    <rect x="8.5" y="8.5" width="11" height="11" rx="2" />
    <path d="M15.5 8.5V6a1.5 1.5 0 0 0-1.5-1.5H6A1.5 1.5 0 0 0 4.5 6v8A1.5 1.5 0 0 0 6 15.5h2.5" />
  </Icon>
);
export const CheckIcon = ({ size = 15 }: { size?: number }) => (
  <Icon size={size}>
    <path d="m5 12.5 4.5 4.5L19 7.5" />
  </Icon>
);
export const SearchIcon = ({ size = 16 }: { size?: number }) => (
  <Icon size={size}>
    <circle cx="11" cy="11" r="6.5" />
    <path d="m16 16 4.5 4.5" />
  </Icon>
);
export const ChevronIcon = ({ size = 14 }: { size?: number }) => (
  <Icon size={size}>
    <path d="m9 6 6 6-6 6" />
  </Icon>
);
export const SortIcon = ({ dir, size = 12 }: { dir: 'asc' | 'desc' | 'none'; size?: number }) => (
  <Icon size={size}>
    {dir === 'none' ? (
      <path d="m8 10 4-4 4 4M8 14l4 4 4-4" />
    ) : dir === 'asc' ? (
      <path d="m7 14 5-5 5 5" />
    ) : (
      <path d="m7 10 5 5 5-5" />
    )}
  </Icon>
);
export const AlertIcon = ({ size = 16 }: { size?: number }) => (
  <Icon size={size}>
    <path d="M12 4 2.8 19.5h18.4z" />
    <path d="M12 10v4.5M12 17.2v.1" />
  </Icon>
);
export const PauseIcon = ({ size = 16 }: { size?: number }) => (
  <Icon size={size}>
    <path d="M9 6v12M15 6v12" />
  </Icon>
);
export const PlayIcon = ({ size = 16 }: { size?: number }) => (
  <Icon size={size}>
    <path d="M8 5.5v13l10.5-6.5z" />
  </Icon>
);
export const KeyIcon = ({ size = 16 }: { size?: number }) => (
  <Icon size={size}>
    <circle cx="8" cy="15" r="4" />
    <path d="m11 12 8.5-8.5M16 7l2.5 2.5M14 9l2 2" />
  </Icon>
);
