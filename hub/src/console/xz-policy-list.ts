/**
 * xz-policy-list: every policy with its workflow status, published version, whether it is on
 * stations, and the publication deadline light (text beside the colour); below, the policy
 * dictionary (xz-policy-tags).
 * Events: `xz-navigate` {path}. Slots, parts: none.
 */
import { Task } from '@lit/task';
import { html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { listPolicies, type PolicySummary } from './data/api.ts';
import { stationTime } from './data/station-time.ts';
import { consoleStyles } from './styles.ts';
import './xz-policy-tags.ts';

/** Workflow states in words. */
export const STATUS_TEXT: Record<PolicySummary['status'], string> = {
  draft: '草稿 draft',
  'in-review': '审核中 in review',
  approved: '已审核 approved',
  scheduled: '定时发布 scheduled',
  published: '已发布 published',
  withdrawn: '已撤回 withdrawn',
  expired: '已失效 expired',
};

export const DEADLINE_TEXT: Record<PolicySummary['deadline']['state'], string> = {
  'on-time': '按时 on time',
  'due-soon': '即将到期 due soon',
  overdue: '超期 overdue',
  'not-tracked': '不跟踪 not tracked',
};

@customElement('xz-policy-list')
export class XzPolicyList extends LitElement {
  static override styles = consoleStyles;

  private readonly load = new Task(this, {
    task: (_args, { signal }) => listPolicies(signal),
    args: () => [],
  });

  private go(path: string) {
    this.dispatchEvent(new CustomEvent('xz-navigate', { detail: { path }, bubbles: true, composed: true }));
  }

  override render() {
    return html`
      <div class="row" style="justify-content: space-between">
        <h1>政策 Policies</h1>
        <button class="primary" @click=${() => this.go('#/new')}>新建政策 New policy</button>
      </div>
      ${this.load.render({
        pending: () => html`<p aria-busy="true">加载中… Loading…</p>`,
        error: (e) => html`<p class="error" role="alert">${(e as Error).message}</p>`,
        complete: (list) => html`<table>
          <thead><tr>
            <th scope="col">标题 Title</th><th scope="col">状态 Status</th><th scope="col">版本 Version</th>
            <th scope="col">站点 On stations</th><th scope="col">发布时限 Deadline</th><th scope="col">更新 Updated</th>
          </tr></thead>
          <tbody>
            ${list.map(
              (p) => html`<tr data-policy=${p.policyId}>
                <td><a href="#/policies/${encodeURIComponent(p.policyId)}">${p.title.zh}</a>
                  <div class="muted">${p.title.en}</div></td>
                <td><span class="status" data-status=${p.status}>${STATUS_TEXT[p.status]}</span></td>
                <td>${p.version > 0 ? `v${p.version}` : '—'}</td>
                <td>${p.live ? '是 yes' : '否 no'}</td>
                <td><span class="light ${p.deadline.state}">${DEADLINE_TEXT[p.deadline.state]}</span>
                  <div class="muted">${p.deadline.dueDay ? `≤ ${p.deadline.dueDay}` : ''}</div></td>
                <td>${stationTime(p.updatedAt)}<div class="muted">${p.updatedBy}</div></td>
              </tr>`,
            )}
          </tbody>
        </table>`,
      })}
      <xz-policy-tags></xz-policy-tags>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-policy-list': XzPolicyList;
  }
}
