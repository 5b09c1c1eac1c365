/**
 * A reactive controller that holds live subscriptions as values: opened when the host connects,
 * released when it disconnects, so no component unsubscribes by hand.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Unsubscribe } from './live.ts';

export class SubscriptionController implements ReactiveController {
  private active: Unsubscribe[] = [];

  constructor(
    host: ReactiveControllerHost,
    private readonly open: () => Unsubscribe[],
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.active = this.open();
  }

  hostDisconnected(): void {
    for (const unsub of this.active) unsub();
    this.active = [];
  }
}
