/** The console's shared styles: readable tables and forms, visible focus, colour never alone. */
import { css } from 'lit';

export const consoleStyles = css`
  :host {
    display: block;
    font-size: 15px;
    line-height: 1.5;
    color: #1b1f24;
  }
  h1 { font-size: 1.35rem; margin: 0 0 1rem; }
  h2 { font-size: 1.1rem; margin: 1.2rem 0 0.5rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; }
  th, td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
  th { background: #f0f2f5; font-weight: 600; }
  button, .button {
    font: inherit; padding: 0.35rem 0.9rem; border-radius: 6px; border: 1px solid #8a94a3;
    background: #fff; color: #1b1f24; cursor: pointer;
  }
  button.primary { background: #0b57d0; border-color: #0b57d0; color: #fff; }
  button.danger { border-color: #b3261e; color: #b3261e; }
  button:disabled { opacity: 0.5; cursor: default; }
  :is(button, a, input, select, textarea):focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
  label, .label { display: block; font-weight: 600; margin: 0.5rem 0 0.15rem; }
  input, select, textarea {
    font: inherit; padding: 0.3rem 0.45rem; border: 1px solid #8a94a3; border-radius: 5px;
    width: 100%; box-sizing: border-box; background: #fff;
  }
  textarea { min-height: 4.5em; resize: vertical; }
  .row { display: flex; gap: 0.6rem; flex-wrap: wrap; align-items: center; }
  .grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; }
  .card { background: #fff; border-radius: 8px; padding: 1rem; margin: 0 0 1rem; box-shadow: 0 1px 2px #0002; }
  .error { color: #b3261e; background: #fde8e6; padding: 0.5rem 0.8rem; border-radius: 6px; margin: 0.5rem 0; }
  .ok { color: #0a5c2f; background: #e3f4e9; padding: 0.5rem 0.8rem; border-radius: 6px; margin: 0.5rem 0; }
  .muted { color: #5b6470; font-size: 0.9em; }
  .light { display: inline-flex; align-items: center; gap: 0.35em; white-space: nowrap; }
  .light::before { content: ''; width: 0.8em; height: 0.8em; border-radius: 50%; background: var(--c, #999); }
  .light.on-time, .light.online, .light.ready { --c: #1e8e3e; }
  .light.due-soon, .light.paper-near-end { --c: #f0a500; }
  .light.overdue, .light.offline, .light.paper-out, .light.cover-open, .light.cutter-error { --c: #d93025; }
  .light.not-tracked, .light.never-seen { --c: #9aa0a6; }
  .case-light { display: inline-flex; align-items: center; gap: 0.35em; white-space: nowrap; }
  .case-light svg { width: 1em; height: 1em; flex: none; }
  .case-light.red { color: #a50e0e; font-weight: 600; }
  a.count { display: inline-flex; gap: 0.5em; align-items: center; padding: 0.35rem 0.8rem; border: 1px solid #c4cad3; border-radius: 6px; text-decoration: none; color: inherit; }
  .missed { color: #a50e0e; }
  .met { color: #0a5c2f; }
  .user-text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0.25rem 0 0; padding: 0.4rem 0.6rem; background: #f6f7f9; border-left: 3px solid #c4cad3; }
  .status { font-family: ui-monospace, monospace; font-size: 0.9em; background: #eef1f5; padding: 0 0.4em; border-radius: 4px; }
  del { background: #fde8e6; text-decoration: line-through; }
  ins { background: #e3f4e9; text-decoration: none; }
`;
