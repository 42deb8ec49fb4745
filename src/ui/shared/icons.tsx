import { GEAR } from './icon-paths';

/** The few icons the pages use: inline SVG, decorative (aria-hidden), drawn with currentColor. */
const common = { 'aria-hidden': true, focusable: 'false', viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' } as const;

export const ShieldIcon = () => (
  <svg {...common} class="icon icon-brand">
    <path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6z" />
    <path d="M9 12l2 2 4-4" />
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
    <path d="M20 20l-3.5-3.5" />
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
