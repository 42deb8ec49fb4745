/** Icons of the Accounts section: inline SVG, decorative (aria-hidden), drawn with currentColor. */
const common = { 'aria-hidden': true, focusable: 'false', viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' } as const;

export const ArrowUpIcon = () => (
  <svg {...common} class="icon">
    <path d="M12 19V5" />
    <path d="M6 11l6-6 6 6" />
  </svg>
);

export const ArrowDownIcon = () => (
  <svg {...common} class="icon">
    <path d="M12 5v14" />
    <path d="M6 13l6 6 6-6" />
  </svg>
);

export const PinIcon = () => (
  <svg {...common} class="icon icon-small">
    <path d="M9 3h6l-1 6 4 4H6l4-4z" />
    <path d="M12 13v8" />
  </svg>
);
