/**
 * xz-touch-keyboard: the kiosk's on-screen keyboard, docked at the bottom of the screen while a
 * text field is open. Chinese by pinyin with a candidate bar (whole words first, then the
 * characters of the first syllable), Latin letters, digits and punctuation; keys at least the
 * kiosk's target size (larger in elder mode). It writes into the open field as typing would (an
 * `input` event per change), so forms need nothing special; pinyin being composed stands in the
 * field until a candidate replaces it. The keys and dictionaries load on first open.
 * Slots: none. Events: `xz-keyboard-close`. CSS parts: `candidates`, `keys`.
 */
import { consume } from '@lit/context';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { langContext } from '../context.ts';
import type { Lang } from '../data/types.ts';
import { baseStyles } from '../design/styles.ts';
import { tr } from '../i18n.ts';
import type { Candidate } from './ime.ts';
import { loadKeyboardEngine } from './load.ts';

type Engine = Awaited<ReturnType<typeof loadKeyboardEngine>>;
type Keys = InstanceType<Engine['SimpleKeyboard']>;
export type TextField = HTMLInputElement | HTMLTextAreaElement;

const ROWS = [
  '1 2 3 4 5 6 7 8 9 0 {bksp}',
  'q w e r t y u i o p',
  'a s d f g h j k l {question}',
  '{shift} z x c v b n m {comma} {period}',
  '{mode} {space} {done}',
];
const LAYOUT = { default: ROWS, shift: ROWS.map((r) => r.replace(/\b[a-z]\b/g, (c) => c.toUpperCase())) };
const PAGE = 8;

/** Whether an element is a text field the on-screen keyboard types into. */
export function isTextField(el: unknown): el is TextField {
  if (el instanceof HTMLTextAreaElement) return !el.readOnly && !el.disabled;
  return (
    el instanceof HTMLInputElement && ['text', 'search'].includes(el.type) && !el.readOnly && !el.disabled
  );
}

@customElement('xz-touch-keyboard')
export class XzTouchKeyboard extends LitElement {
  static override styles = [
    baseStyles,
    css`
      :host {
        display: block;
        position: sticky;
        bottom: 0;
        z-index: 10;
        background: var(--xz-c-surface);
        border-top: 3px solid var(--xz-c-primary);
        box-shadow: 0 -4px 16px rgb(16 32 64 / 0.18);
        padding: 10px var(--xz-gap) var(--xz-gap);
      }
      .inner {
        max-width: 1240px;
        margin: 0 auto;
        display: flex;
        flex-direction: column;
        gap: 10px;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 8px;
        min-height: var(--xz-target);
      }
      .letters {
        min-width: 4em;
        font-size: var(--xz-fs-large);
        font-weight: bold;
        color: var(--xz-c-primary);
        letter-spacing: 0.04em;
      }
      .cands {
        flex: 1;
        display: flex;
        gap: 8px;
        overflow: hidden;
      }
      .cands .btn {
        font-size: var(--xz-fs-large);
        padding: 0.2em 0.6em;
      }
      .hint {
        flex: 1;
        color: var(--xz-c-muted);
      }
      .keys .hg-row {
        display: flex;
        gap: 8px;
      }
      .keys .hg-row + .hg-row {
        margin-top: 8px;
      }
      .keys .hg-button {
        flex: 1 1 0;
        display: inline-flex;
        align-items: center;
        justify-content: center;
        min-width: var(--xz-target);
        min-height: var(--xz-target);
        padding: 0 0.3em;
        border: 2px solid var(--xz-c-border);
        border-radius: var(--xz-radius);
        background: var(--xz-c-bg);
        color: var(--xz-c-text);
        font: inherit;
        font-size: var(--xz-fs-large);
        cursor: pointer;
        touch-action: manipulation;
        user-select: none;
      }
      .keys .hg-button.hg-activeButton,
      .keys .hg-button:active {
        background: var(--xz-c-info-bg);
      }
      .keys .hg-functionBtn {
        font-size: var(--xz-fs-body);
        flex-grow: 1.6;
      }
      .keys .hg-button[data-skbtn='{space}'] {
        flex-grow: 6;
      }
      .keys .hg-button[data-skbtn='{done}'] {
        background: var(--xz-c-primary);
        border-color: var(--xz-c-primary);
        color: var(--xz-c-on-primary);
        flex-grow: 2;
      }
      .keys .hg-button[data-skbtn='{shift}'].on,
      .keys .hg-button[data-skbtn='{mode}'].on {
        border-color: var(--xz-c-primary);
        color: var(--xz-c-primary);
        font-weight: bold;
      }
    `,
  ];

  @consume({ context: langContext, subscribe: true }) private uiLang: Lang = 'zh';

  /** The text field being typed into. */
  @property({ attribute: false }) target?: TextField;

  @state() private engine?: Engine;
  @state() private failed = false;
  @state() private mode: 'pinyin' | 'latin' = 'pinyin';
  @state() private shift = false;
  @state() private composing = '';
  @state() private page = 0;

  @query('.keys') private keysEl?: HTMLDivElement;
  private keys?: Keys;
  private compStart = 0;
  private watch?: ReturnType<typeof setInterval>;

  constructor() {
    super();
    // Taps on keys must not take the focus (and the caret) from the field.
    this.addEventListener('mousedown', (e) => e.preventDefault());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    loadKeyboardEngine().then(
      (engine) => (this.engine = engine),
      () => (this.failed = true),
    );
    // A field that leaves the screen (a receipt or another view replaced it) takes the keyboard along.
    this.watch = setInterval(() => {
      if (this.target && !this.target.isConnected) this.close();
    }, 250);
  }

  override disconnectedCallback(): void {
    clearInterval(this.watch);
    this.keys?.destroy();
    this.keys = undefined;
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('target')) {
      this.composing = '';
      this.page = 0;
      this.shift = false;
      this.mode = this.target?.dataset.osk === 'latin' || this.uiLang === 'en' ? 'latin' : 'pinyin';
    }
  }

  protected override updated(): void {
    if (!this.engine || !this.keysEl) return;
    const options = {
      layout: LAYOUT,
      layoutName: this.shift ? 'shift' : 'default',
      display: this.labels(),
      useButtonTag: true,
      disableButtonHold: true,
      preventMouseDownDefault: true,
      physicalKeyboardHighlight: false,
      theme: 'keys-theme',
      buttonTheme: [
        ...(this.shift ? [{ class: 'on', buttons: '{shift}' }] : []),
        ...(this.mode === 'latin' ? [{ class: 'on', buttons: '{mode}' }] : []),
      ],
      onKeyPress: (button: string) => this.press(button),
    };
    if (!this.keys) this.keys = new this.engine.SimpleKeyboard(this.keysEl, options);
    else this.keys.setOptions(options);
  }

  private labels(): Record<string, string> {
    const lang = this.uiLang;
    const zhPunct = this.mode === 'pinyin';
    return {
      '{bksp}': tr(lang, 'kb.delete'),
      '{space}': tr(lang, 'kb.space'),
      '{done}': tr(lang, 'kb.done'),
      '{shift}': tr(lang, 'kb.shift'),
      '{mode}': tr(lang, this.mode === 'pinyin' ? 'kb.mode.latin' : 'kb.mode.pinyin'),
      '{comma}': zhPunct ? '，' : ',',
      '{period}': zhPunct ? '。' : '.',
      '{question}': zhPunct ? '？' : '?',
    };
  }

  private press(button: string) {
    const el = this.target;
    if (!el?.isConnected) {
      this.close();
      return;
    }
    switch (button) {
      case '{bksp}':
        this.backspace();
        return;
      case '{space}': {
        const first = this.candidates()[0];
        if (this.composing && first) this.choose(first);
        else this.insert(' ');
        return;
      }
      case '{done}':
        this.close();
        return;
      case '{mode}':
        this.composing = '';
        this.mode = this.mode === 'pinyin' ? 'latin' : 'pinyin';
        return;
      case '{shift}':
        this.shift = !this.shift;
        return;
      case '{comma}':
      case '{period}':
      case '{question}':
        this.insert(this.labels()[button]);
        return;
      default:
        if (/^[a-z]$/.test(button) && this.mode === 'pinyin') this.compose(button);
        else this.insert(button);
        if (this.shift) this.shift = false;
    }
  }

  private close() {
    this.composing = '';
    this.dispatchEvent(new CustomEvent('xz-keyboard-close', { bubbles: true, composed: true }));
  }

  /** Replaces [start, end) of the field with text; false when the field's length limit refuses it. */
  private edit(start: number, end: number, text: string): boolean {
    const el = this.target;
    if (!el) return false;
    const value = el.value.slice(0, start) + text + el.value.slice(end);
    if (el.maxLength > 0 && value.length > el.maxLength) return false;
    el.value = value;
    const caret = start + text.length;
    try {
      el.setSelectionRange(caret, caret);
    } catch {
      // Field types without a selection keep the caret at the end.
    }
    el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    return true;
  }

  private caret(): number {
    const el = this.target;
    if (!el) return 0;
    const at = el.selectionStart ?? el.value.length;
    return Math.min(at, el.value.length);
  }

  private insert(text: string) {
    this.composing = '';
    const at = this.caret();
    this.edit(at, at, text);
  }

  private compose(letter: string) {
    if (!this.composing) this.compStart = this.caret();
    const end = this.compStart + this.composing.length;
    if (this.edit(end, end, letter)) {
      this.composing += letter;
      this.page = 0;
    }
  }

  private backspace() {
    if (this.composing) {
      const end = this.compStart + this.composing.length;
      this.edit(end - 1, end, '');
      this.composing = this.composing.slice(0, -1);
      this.page = 0;
      return;
    }
    const at = this.caret();
    if (at === 0) return;
    const before = this.target?.value.slice(0, at) ?? '';
    const last = [...before].pop() ?? '';
    this.edit(at - last.length, at, '');
  }

  private choose(c: Candidate) {
    const rest = this.composing.slice(c.consumes);
    const end = this.compStart + this.composing.length;
    if (!this.edit(this.compStart, end, c.text + rest)) return;
    this.compStart += c.text.length;
    this.composing = rest;
    this.page = 0;
  }

  private candidates(): Candidate[] {
    return this.engine && this.composing ? this.engine.ime.candidates(this.composing) : [];
  }

  override render() {
    const lang = this.uiLang;
    if (this.failed) return html`<p class="hint">${tr(lang, 'kb.failed')}</p>`;
    const all = this.candidates();
    const pages = Math.max(1, Math.ceil(all.length / PAGE));
    const shown = all.slice(this.page * PAGE, this.page * PAGE + PAGE);
    return html`<div class="inner" role="group" aria-label=${tr(lang, 'kb.name')}>
      <div part="candidates" class="bar">
        ${
          this.mode === 'pinyin'
            ? html`<span class="letters" aria-live="polite">${this.composing}</span>`
            : nothing
        }
        ${
          !this.engine
            ? html`<span class="hint">${tr(lang, 'kb.loading')}</span>`
            : shown.length
              ? html`<div class="cands" role="group" aria-label=${tr(lang, 'kb.candidates')}>
                  ${shown.map((c) => html`<button class="btn" data-candidate=${c.text} @click=${() => this.choose(c)}>${c.text}</button>`)}
                </div>
                <button class="btn" ?disabled=${this.page === 0} @click=${() => this.page--}>${tr(lang, 'kb.prev')}</button>
                <button class="btn" ?disabled=${this.page >= pages - 1} @click=${() => this.page++}>${tr(lang, 'kb.next')}</button>`
              : html`<span class="hint">${tr(lang, this.mode === 'pinyin' ? 'kb.hint.pinyin' : 'kb.hint.latin')}</span>`
        }
      </div>
      <div part="keys" class="keys"></div>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-touch-keyboard': XzTouchKeyboard;
  }
  interface HTMLElementEventMap {
    'xz-keyboard-close': CustomEvent<undefined>;
  }
}
