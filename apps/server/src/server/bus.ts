import type { EventBus, PublishedEvent } from '@tsunagu/api';

/** In-process fan-out of committed events to WebSocket streams, webhooks and metrics. */
export class LocalEventBus implements EventBus {
  private readonly listeners = new Set<(event: PublishedEvent) => void>();

  subscribe(listener: (event: PublishedEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(event: PublishedEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  get size(): number {
    return this.listeners.size;
  }
}
