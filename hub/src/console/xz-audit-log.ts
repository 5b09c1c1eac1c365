/**
 * xz-audit-log: the newest audit entries (who, what, when, on what, before → after), filterable
 * by target id. Events, slots, parts: none.
 */
import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { listAudit, listPolicies } from './data/api.ts';
import { ACTION_WORDS } from './data/audit-words.ts';
import { groupName } from './data/service-names.ts';
import { stationTime } from './data/station-time.ts';
import { consoleStyles } from './styles.ts';
import { STATUS_TEXT } from './xz-policy-list.ts';

const KIND_WORDS: Record<string, string> = {
  user: '用户 User',
  station: '站点 Station',
  case: '办件 Case',
  calendar: '日历 Calendar',
  'green-list': '绿色通道名单 Green-channel list',
  'case-settings': '办件设置 Case settings',
  'board-settings': '报表看板 Report board',
  session: '会话 Session',
};

const brief = (v: Record<string, unknown> | undefined) =>
  v === undefined
    ? ''
    : Object.entries(v)
        .map(([k, x]) => {
          // A workflow state reads as words, as it does on the policy pages.
          const words =
            k === 'status' && typeof x === 'string' ? (STATUS_TEXT as Record<string, string>)[x] : undefined;
          return `${k}=${words ?? (typeof x === 'string' ? x : JSON.stringify(x))}`;
        })
        .join(' ');

@customElement('xz-audit-log')
export class XzAuditLog extends LitElement {
  static override styles = consoleStyles;

  @state() private targetId = '';

  private readonly load = new Task(this, {
    task: ([targetId], { signal }) => listAudit({ targetId, limit: 200 }, signal),
    args: () => [this.targetId] as const,
  });

  /** Policy titles, so an entry names the policy rather than its key. */
  private readonly titles = new Task(this, {
    task: async (_args, { signal }) =>
      new Map((await listPolicies(signal).catch(() => [])).map((p) => [p.policyId, p.title.zh])),
    args: () => [],
  });

  private target(kind: string, id: string) {
    if (kind === 'policy') {
      const title = id === 'policy-tags' ? '政策词典 Policy dictionary' : this.titles.value?.get(id);
      return html`政策 Policy: ${title ?? '（已删除）(removed)'}`;
    }
    if (kind === 'green-list') return `${KIND_WORDS[kind]}: ${groupName(id)?.zh ?? id}`;
    return `${KIND_WORDS[kind] ?? kind}: ${id}`;
  }

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
                    <td>${stationTime(e.at)}</td>
                    <td>${e.actor.id}${e.ip ? html`<div class="muted">${e.ip}</div>` : nothing}</td>
                    <td><span class="status">${ACTION_WORDS[e.action] ?? '其他操作 Other action'}</span></td>
                    <td data-target=${e.target.id}>${this.target(e.target.kind, e.target.id)}</td>
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
