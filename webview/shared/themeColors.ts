// Chart colours from the current VS Code theme. Canvas drawing cannot use CSS variables, so they
// are read as computed values, and read again when the theme changes (VS Code swaps the body's
// vscode-light / vscode-dark / vscode-high-contrast class and the variables on <html>).

export interface ChartColors {
  bar: string;
  barBorder: string;
  text: string;
  grid: string;
  font: string;
}

/** A theme variable's current value (e.g. `--vscode-charts-green`), `fallback` when the theme has none. */
export function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export function chartColors(): ChartColors {
  const v = themeColor;
  const text = v('--vscode-charts-foreground', v('--vscode-foreground', '#888'));
  return {
    bar: v('--vscode-charts-blue', '#3794ff'),
    // High-contrast themes draw borders around everything; elsewhere the bar needs none.
    barBorder: v('--vscode-contrastBorder', 'transparent'),
    text,
    grid: v('--vscode-charts-lines', 'rgba(128, 128, 128, 0.3)'),
    font: v('--vscode-font-family', 'sans-serif'),
  };
}

/** Calls back on every theme change; returns the unsubscribe. */
export function onThemeChange(callback: () => void): () => void {
  const observer = new MutationObserver(callback);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return () => observer.disconnect();
}
