import type { Plugin } from 'vite';

/**
 * A Vite plugin for the build: popup.html's `<link rel="stylesheet">` becomes a `<style>` with the
 * sheet's text, so the popup's first screen waits for no request (issue 13). The CSS asset stays in
 * the bundle for any chunk that still names it.
 */
export function inlinePopupStyles(): Plugin {
  return {
    name: 'b2core-inline-popup-styles',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const page = Object.values(bundle).find((file) => file.type === 'asset' && /(^|\/)popup(\/index)?\.html$/.test(file.fileName));
      if (!page || page.type !== 'asset') return;
      page.source = String(page.source).replace(/<link rel="stylesheet"[^>]*href="\/?([^"]+\.css)"[^>]*>/g, (tag, name: string) => {
        const sheet = bundle[name];
        return sheet?.type === 'asset' ? `<style>${String(sheet.source)}</style>` : tag;
      });
    },
  };
}
