/**
 * xz-stations: the live dashboard of every station (online state, queue, printers, last sync,
 * software and policy version, refreshed every 5 s), open cases by light (red and yellow, each a
 * link into the cases desk filtered by that light) and kiosk credentials: create a one-time
 * enrolment code for a station, revoke a station's kiosk.
 * Properties: `canManage` (show enrol and revoke). Events, slots, parts: none.
 */
import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { caseLight } from './case-light.ts';
import {
  createEnrolmentCode,
  fetchCaseCounts,
  fetchStationConfig,
  listStations,
  revokeKiosk,
  type StationLive,
  saveStationConfig,
  sendStationCommand,
} from './data/api.ts';
import { LIGHT_WORDS, say } from './data/case-words.ts';
import { catalogueServiceName, groupName } from './data/service-names.ts';
import { stationTime } from './data/station-time.ts';
import { PollController } from './poll-controller.ts';
import { consoleStyles } from './styles.ts';
import { casesPath } from './xz-cases-desk.ts';

const ONLINE_TEXT: Record<StationLive['online'], string> = {
  online: '在线 online',
  offline: '离线 offline',
  'never-seen': '未连接 never seen',
};

@customElement('xz-stations')
export class XzStations extends LitElement {
  static override styles = consoleStyles;

  /** The operator may enrol and revoke kiosks. */
  @property({ type: Boolean, reflect: true }) canManage = false;

  @state() private code?: { code: string; stationId: string; expiresAt: number };
  @state() private error = '';
  @state() private message = '';
  /** The station whose configuration is open in the editor, and its text. */
  @state() private editing?: { stationId: string; text: string; error: string };

  private readonly live = new PollController(this, (signal) => listStations(signal), 5000);
  private readonly caseCounts = new PollController(this, (signal) => fetchCaseCounts(signal), 5000);

  /** Open cases by light: red and yellow link into the desk filtered by that light. */
  private cases() {
    const counts = this.caseCounts.value;
    if (!counts) return nothing;
    return html`<section class="card" aria-labelledby="case-counts-h" data-testid="case-counts">
      <h2 id="case-counts-h" style="margin-top:0">办件 Cases</h2>
      <div class="row">
        ${(['red', 'yellow'] as const).map(
          (light) => html`<a class="count" href=${casesPath({ light })} data-light=${light}
            aria-label=${`${say(LIGHT_WORDS[light])}: ${counts[light]}`}>
            ${caseLight(light)} <strong>${counts[light]}</strong></a>`,
        )}
        <span class="muted">${say(LIGHT_WORDS.green)}: ${counts.green}</span>
        <a href="#/cases">全部办件 All cases</a>
      </div>
    </section>`;
  }

  private async enrol(event: SubmitEvent) {
    event.preventDefault();
    const stationId = String(new FormData(event.target as HTMLFormElement).get('stationId') ?? '').trim();
    this.error = '';
    this.message = '';
    try {
      this.code = await createEnrolmentCode(stationId);
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private async revoke(stationId: string) {
    if (!window.confirm(`吊销 ${stationId} 的终端凭据？Revoke the kiosk credentials of ${stationId}?`))
      return;
    this.error = '';
    try {
      await revokeKiosk(stationId);
      this.message = `${stationId}: 已吊销 revoked`;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private async testPrint(stationId: string) {
    this.error = '';
    try {
      await sendStationCommand(stationId, 'test-print');
      this.message = `${stationId}: 已发送测试打印 test print sent`;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }

  private async openConfig(stationId: string) {
    this.error = '';
    try {
      const config = await fetchStationConfig(stationId);
      this.editing = { stationId, text: JSON.stringify(config, null, 2), error: '' };
    } catch (error) {
      this.editing = {
        stationId,
        text: '',
        error: `${(error as Error).message} 请粘贴站点配置文件 Paste the station file.`,
      };
    }
  }

  private async saveConfig(event: SubmitEvent) {
    event.preventDefault();
    const editing = this.editing;
    if (!editing) return;
    const text = String(new FormData(event.target as HTMLFormElement).get('config') ?? '');
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      this.editing = { ...editing, text, error: `JSON: ${(error as Error).message}` };
      return;
    }
    try {
      await saveStationConfig(editing.stationId, config);
      this.message = `${editing.stationId}: 配置已下发 configuration sent`;
      this.editing = undefined;
    } catch (error) {
      this.editing = { ...editing, text, error: (error as Error).message };
    }
  }

  private configEditor() {
    const e = this.editing;
    if (!e) return nothing;
    return html`<form class="card" @submit=${this.saveConfig} aria-label="站点配置 Station configuration">
      <h2>${e.stationId} 站点配置 Station configuration</h2>
      <p class="muted">业务、窗口、营业时间、叫号规则、打印机型号。保存后经同步下发到站点。Services, counters, hours, calling rules, printer profile; saved configuration reaches the station by replication.</p>
      <label for="station-config">配置（JSON）Configuration (JSON)</label>
      <textarea id="station-config" name="config" rows="18" style="width:100%;font-family:monospace" .value=${e.text}></textarea>
      ${e.error ? html`<p class="error" role="alert">${e.error}</p>` : nothing}
      <div class="row">
        <button class="primary" type="submit">保存并下发 Save and send</button>
        <button type="button" @click=${() => {
          this.editing = undefined;
        }}>取消 Cancel</button>
      </div>
    </form>`;
  }

  private printers(s: StationLive) {
    const entries = Object.entries(s.printers);
    if (entries.length === 0) return '—';
    return entries.map(
      ([id, p]) =>
        html`<div><span class="light ${p.state}">${id}: ${p.state}</span>${p.pending ? html` <span class="muted">(${p.pending} pending)</span>` : nothing}</div>`,
    );
  }

  override render() {
    const stations = this.live.value;
    return html`
      <h1>站点与终端 Stations and kiosks</h1>
      ${
        this.canManage
          ? html`<form class="card row" @submit=${this.enrol} aria-label="终端注册 Enrol a kiosk">
              <label for="enrol-station" style="margin:0">站点编号 Station id</label>
              <input id="enrol-station" name="stationId" required pattern="[a-z][a-z0-9-]{1,47}" style="max-width:16rem" />
              <button class="primary" type="submit">生成注册码 Create enrolment code</button>
              ${
                this.code
                  ? html`<p class="ok" role="status">注册码 Code for ${this.code.stationId}: <strong data-testid="enrolment-code">${this.code.code}</strong>
                      <span class="muted">（一次有效，${stationTime(this.code.expiresAt)} 前 · one use, until ${stationTime(this.code.expiresAt)}）</span></p>`
                  : nothing
              }
            </form>`
          : nothing
      }
      ${this.cases()}
      ${this.configEditor()}
      <div aria-live="polite">
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        ${this.message ? html`<p class="ok">${this.message}</p>` : nothing}
        ${this.live.error ? html`<p class="error">${this.live.error.message}</p>` : nothing}
      </div>
      ${
        stations === undefined
          ? html`<p aria-busy="true">加载中… Loading…</p>`
          : stations.length === 0
            ? html`<p>还没有站点连接。No station has connected yet.</p>`
            : html`<table aria-label="站点实时状态 Live station state">
                <thead><tr>
                  <th scope="col">站点 Station</th><th scope="col">状态 Online</th><th scope="col">排队 Waiting</th>
                  <th scope="col">打印机 Printers</th><th scope="col">最近同步 Last sync</th>
                  <th scope="col">软件 Software</th><th scope="col">政策版本 Policies</th><th scope="col">绿色通道名单 Green lists</th>${this.canManage ? html`<th scope="col"></th>` : nothing}
                </tr></thead>
                <tbody>${stations.map(
                  (s) => html`<tr data-station=${s.stationId}>
                    <td>${s.stationId}</td>
                    <td><span class="light ${s.online}">${ONLINE_TEXT[s.online]}</span>
                      <div class="muted">${s.heartbeatReceivedAt ? stationTime(s.heartbeatReceivedAt) : ''}</div></td>
                    <td>${s.queue ? s.queue.waiting : '—'}
                      ${
                        s.queue?.maxWaitMinutes !== undefined
                          ? html`<div>最长等候 Longest wait ${s.queue.maxWaitMinutes} min</div>`
                          : nothing
                      }
                      ${
                        s.queue?.byService
                          ? html`<div class="muted">${Object.entries(s.queue.byService)
                              .map(([k, v]) => `${catalogueServiceName(k)?.zh ?? '其他事项 other'}: ${v}`)
                              .join(', ')}</div>`
                          : nothing
                      }</td>
                    <td>${this.printers(s)}</td>
                    <td>${stationTime(s.lastSyncAt)}</td>
                    <td>${s.agentVersion ?? '—'}</td>
                    <td>${s.policyVersion ?? '—'}</td>
                    <td data-testid="green-lists">${
                      s.greenLists && Object.keys(s.greenLists).length > 0
                        ? Object.entries(s.greenLists)
                            .map(
                              ([group, version]) =>
                                `${groupName(group)?.zh ?? '其他名单 other list'} v${version}`,
                            )
                            .join(', ')
                        : '—'
                    }${
                      s.greenListsRefused?.length
                        ? html`<div class="muted">密钥不符 Other key: ${s.greenListsRefused.join(', ')}</div>`
                        : nothing
                    }</td>
                    ${
                      this.canManage
                        ? html`<td class="row">
                            <button @click=${() => this.openConfig(s.stationId)}>配置 Configure</button>
                            <button @click=${() => this.testPrint(s.stationId)}>测试打印 Test print</button>
                            <button class="danger" @click=${() => this.revoke(s.stationId)}>吊销 Revoke</button>
                          </td>`
                        : nothing
                    }
                  </tr>`,
                )}</tbody>
              </table>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xz-stations': XzStations;
  }
}
