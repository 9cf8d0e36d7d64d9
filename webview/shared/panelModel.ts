// What every panel's state model shares: components subscribe to it and re-render when it says it
// changed. The models hold the state and talk to the host; they have no DOM (unit-tested in Node).
export class PanelModel {
  private readonly listeners = new Set<() => void>();

  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected changed(): void {
    for (const l of this.listeners) l();
  }
}
