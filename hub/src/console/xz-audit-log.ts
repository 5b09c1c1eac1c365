/**
 * xz-audit-log: the newest audit entries (who, what, when, on what, before → after), filterable
 * by target id. Events, slots, parts: none.
 */
import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { formatTime, listAudit } from './data/api.ts';
import { consoleStyles } from './styles.ts';

const brief = (v: Record<string, unknown> | undefined) =>
  v === undefined
    ? ''
    : Object.entries(v)
        .map(([k, x]) => `${k}=${typeof x === 'string' ? x : JSON.stringify(x)}`)
        .join(' ');

@customElement('xz-audit-log')
export class XzAuditLog extends LitElement {
  static override styles = consoleStyles;

  @state() private targetId = '';

  private readonly load = new Task(this, {
    task: ([targetId], { signal }) => listAudit({ targetId, limit: 200 }, signal),
    args: () => [this.targetId] as const,
  });

  override render() {
    return html`
      <h1>审计日志 Audit log</h1>
      <form class="row card" @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        this.targetId = String(new FormData(e.target as HTMLFormElement).get('target') ?? '').trim();
      }}>
        <label for="target" style="margin:0">对象 Target id</label>
        <input id="target" name="target" style="max-width:18rem" .value=${this.targetId} />
        <button type="submit">筛选 Filter</button>
      </form>
      ${this.load.render({
        pending: () => html`<p aria-busy="true">加载中… Loading…</p>`,
        error: (e) => html`<p class="error" role="alert">${(e as Error).message}</p>`,
        complete: (entries) =>
          entries.length === 0
            ? html`<p>没有记录 No entries.</p>`
            : html`<table>
                <thead><tr><th scope="col">时间 When</th><th scope="col">操作人 Who</th><th scope="col">操作 What</th>
                  <th scope="col">对象 Target</th><th scope="col">变更 Before → after</th></tr></thead>
                <tbody>${entries.map(
                  (e) => html`<tr data-action=${e.action}>
                    <td>${formatTime(e.at)}</td>
                    <td>${e.actor.id}${e.ip ? html`<div class="muted">${e.ip}</div>` : nothing}</td>
                    <td><span class="status">${e.action}</span></td>
                    <td>${e.target.kind}: ${e.target.id}</td>
                    <td>${brief(e.before)}${e.before && e.after ? ' → ' : ''}${brief(e.after)}
                      ${e.note ? html`<div class="muted">${e.note}</div>` : nothing}</td>
                  </tr>`,
                )}</tbody>
              </table>`,
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-audit-log': XzAuditLog;
  }
}
