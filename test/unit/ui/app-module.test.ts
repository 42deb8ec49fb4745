import { describe, expect, it } from 'vitest';
import { APP_MODULE_META, loadAppModule } from '../../../src/ui/popup/app-module';

/** The first paint loads the popup's app from the module popup.html names (scripts/popup-html.ts). */
describe('loadAppModule', () => {
  it('adds one module script with the named entry', () => {
    document.head.innerHTML = `<meta name="${APP_MODULE_META}" content="/chunks/popup-abc.js">`;
    loadAppModule(document);
    const scripts = [...document.querySelectorAll('script')];
    expect(scripts.map((s) => [s.type, s.getAttribute('src')])).toEqual([['module', '/chunks/popup-abc.js']]);
  });

  it('does nothing where the page names no module (a development server declares its own)', () => {
    document.head.innerHTML = '<meta name="viewport" content="width=device-width">';
    loadAppModule(document);
    expect(document.querySelectorAll('script')).toHaveLength(0);
  });
});
