// The Live entry's icon: a 2x2 grid of screens with a play mark (same grid as icons.tsx).
export function LiveIcon({ size = 18 }: { size?: number }) {
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
      <rect x="3" y="4" width="18" height="14" rx="2" />
      <path d="M10 8.5v5l4.5-2.5z" />
      <path d="M8 21h8" />
    </svg>
  );
}
