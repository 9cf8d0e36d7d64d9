// The life of a chart.js chart inside a Lit element, for every panel's charts: drawn again when
// the VS Code theme changes (canvas colours are read once per draw, see themeColors.ts) and
// destroyed with the element, so a closed panel leaves no chart (and no observer) behind.
import { LitElement } from 'lit';
import { onThemeChange } from './themeColors';

export abstract class ThemedChartElement<C extends { destroy(): void }> extends LitElement {
  protected chart: C | undefined;
  private unwatchTheme: (() => void) | undefined;

  /** (Re)creates `this.chart` from the element's properties and the theme's current colours. */
  protected abstract draw(): void;

  override connectedCallback(): void {
    super.connectedCallback();
    this.unwatchTheme = onThemeChange(() => this.draw());
  }

  override disconnectedCallback(): void {
    this.unwatchTheme?.();
    this.chart?.destroy();
    this.chart = undefined;
    super.disconnectedCallback();
  }
}
