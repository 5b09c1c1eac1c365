/**
 * Idle timer for the kiosk: after `seconds` without a touch or key, `onIdle` runs (the shell
 * returns home and clears every input). A warning fires shortly before. Paused while disabled
 * (on the home screen in its standard state).
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

const EVENTS = ['pointerdown', 'keydown', 'wheel', 'input'] as const;

export class IdleController implements ReactiveController {
  /** Seconds left when the warning shows, undefined otherwise. */
  warning?: number;
  private timer?: ReturnType<typeof setInterval>;
  private last = Date.now();
  private readonly poke = () => {
    this.last = Date.now();
    if (this.warning !== undefined) {
      this.warning = undefined;
      this.host.requestUpdate();
    }
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly opts: {
      seconds: () => number;
      enabled: () => boolean;
      onIdle: () => void;
      /** Seconds before the end when the warning shows (default 10). */
      warnSeconds?: () => number;
    },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const e of EVENTS) window.addEventListener(e, this.poke, { capture: true, passive: true });
    this.timer = setInterval(() => this.tick(), 1000);
  }

  hostDisconnected(): void {
    for (const e of EVENTS) window.removeEventListener(e, this.poke, { capture: true });
    clearInterval(this.timer);
  }

  /** Restart the countdown (e.g. after a screen change). */
  reset(): void {
    this.poke();
  }

  private tick() {
    if (!this.opts.enabled()) {
      this.last = Date.now();
      if (this.warning !== undefined) this.poke();
      return;
    }
    const left = Math.ceil(this.opts.seconds() - (Date.now() - this.last) / 1000);
    const warnAt = this.opts.warnSeconds?.() ?? 10;
    if (left <= 0) {
      this.warning = undefined;
      this.last = Date.now();
      this.opts.onIdle();
    } else if (left <= warnAt) {
      this.warning = left;
    } else {
      this.warning = undefined;
    }
    this.host.requestUpdate();
  }
}
