/**
 * xz-code-field: a code entry (ID number, credit code, phone, ticket number) with a built-in
 * on-screen pad. A keyboard-wedge scanner (or a keyboard) types into the active field from
 * anywhere on the page: characters append, Backspace deletes, Enter submits.
 * Slots: none. Events: `xz-value-change` {value}, `xz-submit` {value}, `xz-activate` when an
 * inactive field is tapped. CSS parts: `display`, `pad`.
 * Modes: digits (0–9), phone (0–9 and -), id (0–9 and X), code (GB 32100 characters),
 * ticket (service letters and digits).
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { langContext } from '../context.ts';
import type { Lang } from '../data/types.ts';
import { tr } from '../i18n.ts';
import { icons } from './icons.ts';
import { baseStyles } from './styles.ts';

export type CodeMode = 'digits' | 'phone' | 'id' | 'code' | 'ticket';

const DIGITS = '1234567890';
/** Characters of a unified social credit code (GB 32100: no I, O, S, V, Z). */
const CODE_LETTERS = 'ABCDEFGHJKLMNPQRTUWXY';
/** Service prefix letters (I and O are never used). */
const TICKET_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

export function allowedChars(mode: CodeMode): string {
  switch (mode) {
    case 'digits':
      return DIGITS;
    case 'phone':
      return `${DIGITS}-`;
    case 'id':
      return `${DIGITS}X`;
    case 'code':
      return DIGITS + CODE_LETTERS;
    case 'ticket':
      return DIGITS + TICKET_LETTERS;
    default: {
      const never: never = mode;
      throw new Error(`unknown mode ${never}`);
    }
  }
}

/** Groups a value for reading aloud and checking by eye (ID: 6-8-4, phone: 3-4-4, else by 4). */
export function groupForDisplay(value: string, mode: CodeMode): string {
  const sizes = mode === 'id' ? [6, 8, 4] : mode === 'phone' && !value.includes('-') ? [3, 4, 4] : [];
  if (mode === 'ticket' || (mode === 'phone' && value.includes('-'))) return value;
  const parts: string[] = [];
  let i = 0;
  for (const n of sizes) {
    if (i >= value.length) break;
    parts.push(value.slice(i, i + n));
    i += n;
  }
  while (i < value.length) {
    parts.push(value.slice(i, i + 4));
    i += 4;
  }
  return parts.join(' ');
}

@customElement('xz-code-field')
export class XzCodeField extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
      }
      label,
      .label {
        display: block;
        font-size: var(--xz-fs-body);
        margin-bottom: 0.3em;
      }
      .display {
        display: flex;
        align-items: center;
        justify-content: space-between;
        gap: 0.5em;
        width: 100%;
        min-height: var(--xz-target);
        padding: 0.2em 0.6em;
        border: 3px solid var(--xz-c-border);
        border-radius: var(--xz-radius);
        background: var(--xz-c-surface);
        font: inherit;
        font-size: var(--xz-fs-large);
        letter-spacing: 0.06em;
        color: var(--xz-c-text);
        text-align: left;
        font-variant-numeric: tabular-nums;
      }
      :host([active]) .display {
        border-color: var(--xz-c-primary);
      }
      :host([invalid]) .display {
        border-color: var(--xz-c-danger);
      }
      .placeholder {
        color: var(--xz-c-muted);
        font-size: var(--xz-fs-body);
        letter-spacing: 0;
      }
      .count {
        font-size: var(--xz-fs-small);
        color: var(--xz-c-muted);
        letter-spacing: 0;
      }
      .pad {
        margin-top: var(--xz-gap);
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(max(var(--xz-target), calc(100% / var(--cols) - 8px)), 1fr));
        gap: 8px;
      }
      .pad .btn {
        font-size: var(--xz-fs-large);
        padding: 0;
        min-width: 0;
      }
      .pad .btn.fn {
        font-size: var(--xz-fs-body);
      }
      .pad .wide {
        grid-column: span 2;
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';

  /** Which characters the pad offers and the scanner accepts. */
  @property() mode: CodeMode = 'digits';
  /** Visible label, also the accessible name. */
  @property() label = '';
  /** Current value (upper case). */
  @property() value = '';
  /** Maximum length. */
  @property({ type: Number }) maxLength = 18;
  /** Whether the pad is shown and scanner keys go here. */
  @property({ type: Boolean, reflect: true }) active = true;
  /** Marks the value as rejected (the message is shown by the parent). */
  @property({ type: Boolean, reflect: true }) invalid = false;
  /** Shows an OK key on the pad that fires xz-submit. */
  @property({ type: Boolean }) submittable = false;

  private readonly onWindowKey = (e: KeyboardEvent) => this.handleKey(e);

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onWindowKey);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onWindowKey);
    super.disconnectedCallback();
  }

  private handleKey(e: KeyboardEvent) {
    if (!this.active || e.ctrlKey || e.altKey || e.metaKey) return;
    const target = e.composedPath()[0];
    if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
    if (e.key === 'Enter') {
      if (this.value) {
        e.preventDefault();
        this.fire('xz-submit');
      }
      return;
    }
    if (e.key === 'Backspace') {
      e.preventDefault();
      this.press('back');
      return;
    }
    if (e.key.length === 1) {
      const ch = e.key.toUpperCase();
      if (allowedChars(this.mode).includes(ch)) {
        e.preventDefault();
        this.press(ch);
      }
    }
  }

  private press(key: string) {
    let next = this.value;
    if (key === 'back') next = next.slice(0, -1);
    else if (key === 'clear') next = '';
    else if (next.length < this.maxLength) next += key;
    if (next === this.value) return;
    this.value = next;
    this.fire('xz-value-change');
  }

  private fire(name: 'xz-value-change' | 'xz-submit') {
    this.dispatchEvent(
      new CustomEvent(name, { detail: { value: this.value }, bubbles: true, composed: true }),
    );
  }

  override render() {
    const lang = this.uiLang;
    const shown = groupForDisplay(this.value, this.mode);
    // The count is visible text of the button, so it is part of the button's name (WCAG 2.5.3).
    const counted = this.mode !== 'phone' && this.mode !== 'ticket';
    return html`
      <span class="label" id="label">${this.label}</span>
      <button part="display" class="display" aria-labelledby=${counted ? 'label value count' : 'label value'} @click=${this.onActivate}>
        <span id="value" aria-live="polite">${
          this.value ? shown : html`<span class="placeholder">${tr(lang, 'pad.empty')}</span>`
        }</span>
        ${counted ? html`<span class="count" id="count">${tr(lang, 'pad.count', { n: this.value.length, max: this.maxLength })}</span>` : nothing}
      </button>
      ${this.active ? this.renderPad(lang) : nothing}
    `;
  }

  private onActivate() {
    if (!this.active) this.dispatchEvent(new CustomEvent('xz-activate', { bubbles: true, composed: true }));
  }

  private renderPad(lang: Lang) {
    const letters =
      this.mode === 'code'
        ? CODE_LETTERS
        : this.mode === 'ticket'
          ? TICKET_LETTERS
          : this.mode === 'id'
            ? 'X'
            : '';
    const extra = this.mode === 'phone' ? '-' : '';
    const cols = letters.length > 1 ? 8 : 4;
    const key = (k: string) =>
      html`<button class="btn" data-key=${k} aria-label=${k === '-' ? '-' : k} @click=${() => this.press(k)}>${k}</button>`;
    return html`<div part="pad" class="pad" style="--cols:${cols}" role="group" aria-label=${this.label}>
      ${[...DIGITS].map(key)} ${[...letters].map(key)} ${extra ? key(extra) : nothing}
      <button class="btn fn" aria-label=${tr(lang, 'pad.back')} @click=${() => this.press('back')}>${icons.backspace}</button>
      <button class="btn fn danger" @click=${() => this.press('clear')}>${tr(lang, 'pad.clear')}</button>
      ${
        this.submittable
          ? html`<button class="btn fn primary wide" ?disabled=${!this.value} @click=${() => this.fire('xz-submit')}>${tr(lang, 'pad.enter')}</button>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-code-field': XzCodeField;
  }
}
