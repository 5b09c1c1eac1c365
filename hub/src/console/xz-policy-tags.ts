/**
 * xz-policy-tags: the policy dictionary (惠企政策词典): every tag with its group, Chinese and
 * English label and synonyms (comma-separated), edited in place; new tags added at the end.
 * Saving replaces the dictionary on the hub, which sends it to every station; a tag still on a
 * policy cannot be removed (the hub says which policy). Events, slots, parts: none.
 */
import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import {
  fetchMe,
  fetchPolicyTags,
  type PolicyDictionary,
  type PolicyTagEntry,
  savePolicyTags,
} from './data/api.ts';
import { consoleStyles } from './styles.ts';

export const GROUP_TEXT: Record<PolicyTagEntry['group'], string> = {
  industry: '行业 Industry',
  size: '企业规模 Size',
  stage: '发展阶段 Stage',
  topic: '主题 Topic',
};
const GROUPS = Object.keys(GROUP_TEXT) as PolicyTagEntry['group'][];

const splitList = (text: string) =>
  text
    .split(/[,，、;；]/)
    .map((s) => s.trim())
    .filter(Boolean);

@customElement('xz-policy-tags')
export class XzPolicyTags extends LitElement {
  static override styles = consoleStyles;

  /** Whether the signed-in operator may change the dictionary (policy writers). */
  @state() private canEdit = false;

  @state() private dictionary?: PolicyDictionary;
  @state() private rows: PolicyTagEntry[] = [];
  @state() private error?: string;
  @state() private saved = false;
  @state() private busy = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.reload();
    fetchMe().then(
      (me) => (this.canEdit = me.operator.roles.some((r) => r === 'admin' || r === 'district-operator')),
      () => undefined,
    );
  }

  private async reload() {
    try {
      this.dictionary = await fetchPolicyTags();
      this.rows = this.dictionary.tags.map((t) => ({
        ...t,
        label: { ...t.label },
        synonyms: [...t.synonyms],
      }));
      this.error = undefined;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  private update1(i: number, patch: Partial<PolicyTagEntry>) {
    this.rows = this.rows.map((r, j) => (j === i ? { ...r, ...patch } : r));
    this.saved = false;
  }

  private add() {
    this.rows = [...this.rows, { id: '', group: 'topic', label: { zh: '', en: '' }, synonyms: [] }];
    this.saved = false;
  }

  private async save() {
    this.busy = true;
    try {
      this.dictionary = await savePolicyTags(this.rows, this.dictionary?.rev);
      this.rows = this.dictionary.tags;
      this.error = undefined;
      this.saved = true;
    } catch (err) {
      const e = err as Error & { messageZh?: string };
      this.error = e.messageZh ? `${e.messageZh} ${e.message}` : e.message;
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const known = new Set(this.dictionary?.tags.map((t) => t.id));
    const ro = !this.canEdit;
    return html`<section class="card" aria-labelledby="dict-title">
      <h2 id="dict-title">政策词典 Policy dictionary</h2>
      <p class="muted">标签及其中英文名称和同义词；站点按名称和同义词检索政策，屏幕只显示名称。
        Tags with their names and synonyms; kiosks search by both and show only the names.</p>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.saved ? html`<p class="ok" role="status">已保存并发送到站点 Saved and sent to stations</p>` : nothing}
      <table>
        <thead><tr>
          <th scope="col">标签 Tag</th><th scope="col">分组 Group</th><th scope="col">中文名称 Chinese</th>
          <th scope="col">English</th><th scope="col">同义词 Synonyms</th>
        </tr></thead>
        <tbody>
          ${this.rows.map((t, i) => {
            const name = t.label.zh || `#${i + 1}`;
            return html`<tr data-tag=${t.id}>
              <td>${
                known.has(t.id)
                  ? html`<span class="muted">${t.label.en}</span>`
                  : html`<input aria-label="新标签编号 New tag key (a-z, 0-9, -) ${name}" .value=${t.id} ?disabled=${ro}
                      @input=${(e: Event) => this.update1(i, { id: (e.target as HTMLInputElement).value.trim() })} />`
              }</td>
              <td><select aria-label="分组 Group ${name}" ?disabled=${ro}
                @change=${(e: Event) => this.update1(i, { group: (e.target as HTMLSelectElement).value as PolicyTagEntry['group'] })}>
                ${GROUPS.map((g) => html`<option value=${g} ?selected=${t.group === g}>${GROUP_TEXT[g]}</option>`)}
              </select></td>
              <td><input aria-label="中文名称 Chinese name ${name}" .value=${t.label.zh} ?disabled=${ro}
                @input=${(e: Event) => this.update1(i, { label: { ...t.label, zh: (e.target as HTMLInputElement).value } })} /></td>
              <td><input aria-label="English name ${name}" .value=${t.label.en} ?disabled=${ro}
                @input=${(e: Event) => this.update1(i, { label: { ...t.label, en: (e.target as HTMLInputElement).value } })} /></td>
              <td><input aria-label="同义词 Synonyms ${name}" .value=${t.synonyms.join('，')} ?disabled=${ro}
                @input=${(e: Event) => this.update1(i, { synonyms: splitList((e.target as HTMLInputElement).value) })} /></td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${
        ro
          ? nothing
          : html`<p class="row"><button @click=${this.add}>添加标签 Add a tag</button>
              <button class="primary" ?disabled=${this.busy} @click=${this.save}>保存词典 Save the dictionary</button></p>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-policy-tags': XzPolicyTags;
  }
}
