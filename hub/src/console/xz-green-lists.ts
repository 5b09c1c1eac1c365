/**
 * xz-green-lists: the green-channel lists published to the stations (admin, district office). Per
 * group (named from the shared group data): the current version, how many numbers, when and by
 * whom; an upload of a CSV file of raw numbers or a list of hashes, read as text in the browser
 * and sent once. A refused file is shown as its line numbers and reasons; a published one as its
 * new version and count. The file's content is never kept in the page: the form is emptied after
 * a successful upload and numbers are never shown. Events, slots, parts: none.
 */
import { Task } from '@lit/task';
import { html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, fetchGreenLists, type GreenLists, uploadGreenList } from './data/api.ts';
import { say, type Words } from './data/case-words.ts';
import {
  FORMAT_WORDS,
  GREEN_LIST_WORDS,
  groupWords,
  KIND_WORDS,
  type ListFormat,
  type ListKind,
  MAX_LIST_BYTES,
  type RefusedLine,
  refusedLines,
} from './data/green-lists.ts';
import { stationTime } from './data/station-time.ts';
import { consoleStyles } from './styles.ts';

/** What the last upload of a group came to. */
type Outcome =
  | { type: 'published'; words: Words }
  | { type: 'refused'; words: Words; lines: RefusedLine[] }
  | { type: 'error'; words: Words };

@customElement('xz-green-lists')
export class XzGreenLists extends LitElement {
  static override styles = consoleStyles;

  @state() private outcome: Record<string, Outcome> = {};
  @state() private busy = '';

  private readonly load = new Task(this, {
    task: (_args, { signal }) => fetchGreenLists(signal),
    args: () => [],
  });

  private settle(groupId: string, outcome: Outcome | undefined) {
    const next = { ...this.outcome };
    if (outcome) next[groupId] = outcome;
    else delete next[groupId];
    this.outcome = next;
  }

  private async upload(event: SubmitEvent, groupId: string) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const f = new FormData(form);
    const file = f.get('file');
    const kind = String(f.get('kind')) as ListKind;
    const format = String(f.get('format')) as ListFormat;
    this.settle(groupId, undefined);
    if (!(file instanceof File) || file.name === '') {
      this.settle(groupId, { type: 'error', words: GREEN_LIST_WORDS.noFile });
      return;
    }
    if (file.size > MAX_LIST_BYTES) {
      this.settle(groupId, { type: 'error', words: GREEN_LIST_WORDS.tooLarge });
      return;
    }
    this.busy = groupId;
    try {
      const content = await file.text();
      if (content.trim() === '') {
        this.settle(groupId, { type: 'error', words: GREEN_LIST_WORDS.empty });
        return;
      }
      const list = await uploadGreenList(groupId, { kind, format, content });
      form.reset();
      this.settle(groupId, {
        type: 'published',
        words: GREEN_LIST_WORDS.published(list.version, list.count),
      });
      void this.load.run();
    } catch (error) {
      const e = error as Error;
      const lines = e instanceof ApiError ? refusedLines(e) : [];
      this.settle(
        groupId,
        lines.length > 0
          ? { type: 'refused', words: { zh: (e as ApiError).messageZh ?? e.message, en: e.message }, lines }
          : {
              type: 'error',
              words:
                e instanceof ApiError
                  ? { zh: e.messageZh ?? e.message, en: e.message }
                  : { zh: '无法连接服务器。', en: e.message },
            },
      );
    } finally {
      this.busy = '';
    }
  }

  private outcomeOf(groupId: string) {
    const o = this.outcome[groupId];
    if (!o) return nothing;
    switch (o.type) {
      case 'published':
        return html`<p class="ok" role="status">${say(o.words)}</p>`;
      case 'refused':
        return html`<div class="error" role="alert" data-testid="refused-lines">
          <p style="margin:0">${say(GREEN_LIST_WORDS.refused(o.lines.length))}</p>
          <p class="muted" style="margin:0">${say(o.words)}</p>
          <ul>${o.lines.map((l) => html`<li data-line=${l.line}>第 ${l.line} 行：${l.reason.zh} · Line ${l.line}: ${l.reason.en}</li>`)}</ul>
        </div>`;
      case 'error':
        return html`<p class="error" role="alert">${say(o.words)}</p>`;
      default: {
        const never: never = o;
        throw new Error(`unknown outcome ${JSON.stringify(never)}`);
      }
    }
  }

  private group(group: GreenLists['groups'][number], lists: GreenLists['lists']) {
    const name = groupWords(group.id);
    const list = lists.find((l) => l.groupId === group.id);
    const id = `g-${group.id}`;
    return html`<section class="card" data-group=${group.id} aria-labelledby=${`${id}-h`}>
      <h2 id=${`${id}-h`}>${name.zh} ${name.en}</h2>
      <p data-testid="list-version">${
        list
          ? html`第 ${list.version} 版 Version ${list.version} · ${list.count} 个号码 numbers
              (${KIND_WORDS[list.kind].zh} ${KIND_WORDS[list.kind].en}) ·
              ${stationTime(list.updatedAt)} · ${list.updatedBy}`
          : '尚未发布 Not published yet'
      }</p>
      <form @submit=${(e: SubmitEvent) => this.upload(e, group.id)} aria-label=${`上传名单 Upload a list: ${name.zh} ${name.en}`}>
        <div class="grid2">
          <div>
            <label for=${`${id}-kind`}>号码类型 Kind of number</label>
            <select id=${`${id}-kind`} name="kind">
              ${group.kinds.map((k) => html`<option value=${k}>${KIND_WORDS[k].zh} ${KIND_WORDS[k].en}</option>`)}
            </select>
          </div>
          <div>
            <label for=${`${id}-format`}>文件格式 File format</label>
            <select id=${`${id}-format`} name="format">
              ${(['csv', 'hashes'] as const).map((f) => html`<option value=${f}>${FORMAT_WORDS[f].zh} ${FORMAT_WORDS[f].en}</option>`)}
            </select>
          </div>
        </div>
        <label for=${`${id}-file`}>名单文件 List file (.csv, .txt)</label>
        <input id=${`${id}-file`} name="file" type="file" accept=".csv,.txt,text/csv,text/plain" required />
        <p class="muted">上传后替换当前名单；号码在服务器上计算哈希，不保存原始号码。 An upload replaces the current list; numbers are hashed on the hub and never stored.</p>
        <p><button class="primary" type="submit" ?disabled=${this.busy !== ''}>上传并发布 Upload and publish</button></p>
      </form>
      <div aria-live="polite">${this.outcomeOf(group.id)}</div>
    </section>`;
  }

  override render() {
    return html`
      <h1>绿色通道名单 Green-channel lists</h1>
      ${
        // The last lists stay on screen while they are read again after an upload.
        this.load.value
          ? this.load.value.groups.length === 0
            ? html`<p>没有按名单识别的群体。 No group is recognised by a list.</p>`
            : this.load.value.groups.map((g) => this.group(g, this.load.value?.lists ?? []))
          : this.load.render({
              pending: () => html`<p aria-busy="true">加载中… Loading…</p>`,
              error: (e) => html`<p class="error" role="alert">${(e as Error).message}</p>`,
            })
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-green-lists': XzGreenLists;
  }
}
