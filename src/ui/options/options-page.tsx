import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n';
import { ShieldIcon } from '../shared/icons';
import { keepFocus } from './focus-keeper';

/**
 * The settings page's frame: a header and a column of sections (each its own component and store,
 * mounted by a factory in its folder), with a table of contents once there is more than one. The
 * focus keeper gives the keyboard its place back when an action disables or replaces the control
 * that had focus.
 */
export interface OptionsSection {
  id: string;
  title: string;
  content: ComponentChildren;
}

export function OptionsPage({ sections }: { sections: readonly OptionsSection[] }) {
  const main = useRef<HTMLElement>(null);
  useEffect(() => (main.current ? keepFocus(main.current) : undefined), []);
  return (
    <div class="options">
      <header class="top">
        <ShieldIcon />
        <h1>{t('options_page_title')}</h1>
      </header>
      <div class="layout">
        {sections.length > 1 ? (
          <nav aria-label={t('options_sections_nav')} class="toc">
            <ul>
              {sections.map((section) => (
                <li key={section.id}>
                  <a href={`#${section.id}`}>{section.title}</a>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <main class="sections" ref={main}>
          {sections.map((section) => (
            <div key={section.id} id={section.id}>
              {section.content}
            </div>
          ))}
        </main>
      </div>
    </div>
  );
}
