import { Component } from 'preact';
import type { CodeRow } from './code-store';
import { Countdown } from './countdown';
import { hueOf, initialOf } from './avatar';
import { t } from '../../i18n';

/**
 * One account: a button that copies its code and, for an account of the tab's own site, a "Fill"
 * button. The copy button is named by what it shows (site, account, code) after a hidden "Copy
 * code:", not by an aria-label: people who steer by voice say what they see (WCAG 2.5.3, axe's
 * label-content-name-mismatch), and a screen reader hears the code with the account. A class with
 * `shouldComponentUpdate`: the list re-renders as it grows or filters, and a row whose account has
 * not changed stays untouched (its code and countdown are signal bindings, updated in place).
 */
export interface AccountRowProps {
  row: CodeRow;
  /** Show "Fill" (the account belongs to the active tab's site). */
  fillable: boolean;
  onCopy(row: CodeRow): void;
  onFill(row: CodeRow): void;
}

export class AccountRow extends Component<AccountRowProps> {
  override shouldComponentUpdate(next: AccountRowProps): boolean {
    const { row, fillable } = this.props;
    return next.row !== row || next.fillable !== fillable;
  }

  private copy = () => this.props.onCopy(this.props.row);
  private fill = () => this.props.onFill(this.props.row);

  override render({ row, fillable }: AccountRowProps) {
    const { account, host } = row;
    const who = account.label || account.issuer || t('popup_account');
    return (
      <li class="account" data-id={account.id} data-failed={row.failed}>
        <button type="button" class="copy" onClick={this.copy}>
          <span class="visually-hidden">{t('popup_copy')}</span>
          <span class="avatar" aria-hidden="true" style={`--hue:${hueOf(host)}`}>
            {initialOf(host)}
          </span>
          <span class="names" title={account.issuer ? `${account.issuer} · ${host}` : host}>
            <span class="host">{host}</span>
            <span class="label">{account.label || account.issuer}</span>
          </span>
          <span class="code" data-digits={account.digits}>
            {row.display}
          </span>
          <Countdown timer={row.timer} />
        </button>
        {fillable ? (
          <button type="button" class="fill" aria-label={t('popup_fill_label', who, host)} onClick={this.fill}>
            {t('popup_fill')}
          </button>
        ) : null}
      </li>
    );
  }
}
