/** Shared component styles: buttons with ≥ 64 px targets, cards, focus ring, hidden text. */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    box-sizing: border-box;
    font-family: var(--xz-font);
    line-height: var(--xz-lh);
    color: var(--xz-c-text);
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h1,
  h2,
  h3,
  p {
    margin: 0;
  }
  svg {
    width: 1.2em;
    height: 1.2em;
    vertical-align: -0.2em;
    flex: none;
  }
  h1 {
    font-size: var(--xz-fs-title);
  }
  h2 {
    font-size: var(--xz-fs-large);
  }
  h3 {
    font-size: var(--xz-fs-body);
  }
  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-height: var(--xz-target);
    min-width: var(--xz-target);
    padding: 0.3em 1em;
    border: 2px solid var(--xz-c-primary);
    border-radius: var(--xz-radius);
    background: var(--xz-c-surface);
    color: var(--xz-c-primary);
    font: inherit;
    font-size: var(--xz-fs-body);
    line-height: 1.3;
    cursor: pointer;
    touch-action: manipulation;
  }
  .btn.primary {
    background: var(--xz-c-primary);
    color: var(--xz-c-on-primary);
  }
  .btn.primary:active {
    background: var(--xz-c-primary-strong);
  }
  .btn.green {
    border-color: var(--xz-c-green);
    background: var(--xz-c-green);
    color: #fff;
  }
  .btn.danger {
    border-color: var(--xz-c-danger);
    color: var(--xz-c-danger);
  }
  .btn.large {
    min-height: calc(var(--xz-target) * 1.5);
    font-size: var(--xz-fs-large);
  }
  .btn[aria-pressed='true'] {
    background: var(--xz-c-primary);
    color: var(--xz-c-on-primary);
    box-shadow: inset 0 0 0 3px var(--xz-c-on-primary);
  }
  .btn:disabled {
    border-color: var(--xz-c-border);
    background: var(--xz-c-disabled);
    color: var(--xz-c-muted);
    cursor: not-allowed;
  }
  .btn:focus-visible,
  input:focus-visible,
  textarea:focus-visible,
  select:focus-visible {
    outline: 4px solid var(--xz-c-focus);
    outline-offset: 2px;
  }
  .btn svg {
    width: 1.2em;
    height: 1.2em;
    flex: none;
  }
  .card {
    background: var(--xz-c-surface);
    border: 1px solid var(--xz-c-border);
    border-radius: var(--xz-radius);
    box-shadow: var(--xz-shadow);
    padding: var(--xz-gap);
  }
  .muted {
    color: var(--xz-c-muted);
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--xz-gap);
    align-items: center;
  }
  .stack {
    display: flex;
    flex-direction: column;
    gap: var(--xz-gap);
  }
  .tag {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    padding: 0.1em 0.6em;
    border-radius: 999px;
    border: 1px solid currentColor;
    font-size: var(--xz-fs-small);
  }
  .tag svg {
    width: 1em;
    height: 1em;
  }
  .tag.green {
    color: var(--xz-c-green);
    background: var(--xz-c-green-bg);
  }
  .tag.warn {
    color: var(--xz-c-warn);
    background: var(--xz-c-warn-bg);
  }
  .tag.danger {
    color: var(--xz-c-danger);
    background: var(--xz-c-danger-bg);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  input,
  textarea,
  select {
    font: inherit;
    font-size: var(--xz-fs-body);
    min-height: var(--xz-target);
    padding: 0.3em 0.6em;
    border: 2px solid var(--xz-c-border);
    border-radius: var(--xz-radius);
    background: var(--xz-c-surface);
    color: var(--xz-c-text);
  }
`;
