/** Polls a loader while the host is connected; stops on disconnect (no timers left behind). */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class PollController<T> implements ReactiveController {
  value?: T;
  error?: Error;
  private timer?: ReturnType<typeof setInterval>;
  private abort?: AbortController;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: (signal: AbortSignal) => Promise<T>,
    private readonly everyMs: number,
  ) {
    host.addController(this);
  }

  hostConnected() {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.everyMs);
  }

  hostDisconnected() {
    clearInterval(this.timer);
    this.abort?.abort();
  }

  async refresh() {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    try {
      this.value = await this.load(abort.signal);
      this.error = undefined;
    } catch (error) {
      if (abort.signal.aborted) return;
      this.error = error as Error;
    }
    this.host.requestUpdate();
  }
}
