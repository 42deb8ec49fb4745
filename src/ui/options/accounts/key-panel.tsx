import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../../i18n';
import { QrCode } from './qr-code';

/**
 * A revealed key: the QR code and the otpauth link, to move the account to a phone. It says who can
 * use it, and that it hides itself (the store hides it after a minute); "Hide" hides it now.
 */
export function KeyPanel({ uri, name, onHide }: { uri: string; name: string; onHide(): void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div class="acct-panel key-panel">
      <h3 ref={heading} tabIndex={-1}>
        {t('accounts_key_title', name)}
      </h3>
      <p class="acct-warning">{t('accounts_key_warning')}</p>
      <div class="key-body">
        <QrCode text={uri} label={t('accounts_qr_label', name)} />
        <div class="key-text">
          <span class="field-label">{t('accounts_key_uri_label')}</span>
          {/* No aria-label on <code>: ARIA gives its role no name; the visible label just before says what it is. */}
          <code class="key-uri">{uri}</code>
          <p class="muted">{t('accounts_key_hides')}</p>
          <div>
            <button type="button" class="secondary" onClick={onHide}>
              {t('accounts_hide')}
            </button>
          </div>
        </div>
      </div>
    </div>
  );
}
