// The Lit element at the top of a panel: it renders its PanelModel and follows it (re-rendered on
// each change, unsubscribed when it leaves the page). Set `model` after the element is defined.
import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { PanelModel } from './panelModel';

export abstract class ModelElement<M extends PanelModel> extends LitElement {
  @property({ attribute: false }) model: M | undefined;

  private unsubscribe: (() => void) | undefined;

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('model')) {
      this.unsubscribe?.();
      this.unsubscribe = this.model?.subscribe(() => this.requestUpdate());
    }
  }

  override disconnectedCallback(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    super.disconnectedCallback();
  }
}
