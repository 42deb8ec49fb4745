/** The `storage.session` key of the popup's first screen (first-screen.ts), alone, for the first-paint script to import without the rest of keys.ts. */
export const FIRST_SCREEN_KEY = 'popupFirstScreen';
