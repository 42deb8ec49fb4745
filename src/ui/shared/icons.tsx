import { BRAND, GEAR, SEARCH_HANDLE } from './icon-paths';

/** The few icons the pages use: inline SVG, decorative (aria-hidden), drawn with currentColor. */
const common = { 'aria-hidden': true, focusable: 'false', viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' } as const;

export const ShieldIcon = () => (
  <svg {...common} class="icon icon-brand">
    {BRAND.map((d) => (
      <path key={d} d={d} />
    ))}
  </svg>
);

export const GearIcon = () => (
  <svg {...common} class="icon">
    <circle cx="12" cy="12" r="3" />
    <path d={GEAR} />
  </svg>
);

export const SearchIcon = () => (
  <svg {...common} class="icon">
    <circle cx="11" cy="11" r="7" />
    <path d={SEARCH_HANDLE} />
  </svg>
);

export const LockIcon = () => (
  <svg {...common} class="icon">
    <rect x="5" y="11" width="14" height="10" rx="2" />
    <path d="M8 11V7a4 4 0 0 1 8 0v4" />
  </svg>
);

export const GlobeIcon = () => (
  <svg {...common} class="icon">
    <circle cx="12" cy="12" r="9" />
    <path d="M3 12h18M12 3a14 14 0 0 1 0 18M12 3a14 14 0 0 0 0 18" />
  </svg>
);
