// Styles of the review panel's components: VS Code theme variables only, so light, dark and
// high-contrast themes all look native (high-contrast themes define the border variables).
import { css } from 'lit';

export const shared = css`
  :host {
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
  }
  .muted {
    color: var(--vscode-descriptionForeground);
  }
  :focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: 1px;
  }
  button.chip {
    font: inherit;
    color: var(--vscode-foreground);
    background: var(--vscode-button-secondaryBackground, transparent);
    border: 1px solid var(--vscode-contrastBorder, var(--vscode-panel-border, transparent));
    border-radius: 3px;
    padding: 1px 7px;
    cursor: pointer;
  }
  button.chip:hover {
    background: var(--vscode-button-secondaryHoverBackground, var(--vscode-toolbar-hoverBackground));
  }
  button.chip[aria-pressed='true'] {
    color: var(--vscode-button-foreground);
    background: var(--vscode-button-background);
  }
  kbd {
    font-family: var(--vscode-editor-font-family, monospace);
    font-size: 0.9em;
    padding: 0 4px;
    border: 1px solid var(--vscode-widget-border, var(--vscode-panel-border, currentColor));
    border-radius: 3px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
