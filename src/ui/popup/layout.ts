/** From this many accounts the popup takes its full height (`data-tall`); below it the list area is sized to its rows. The app and the first paint share it: they must draw the same screen. */
export const TALL_FROM = 6;
