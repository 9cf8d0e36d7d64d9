// Styles shared by the editor's components: VS Code theme variables only, so light, dark and
// high-contrast themes all look native (high-contrast themes define the border variables).
import { css } from 'lit';

export const shared = css`
  :host {
    color: var(--vscode-foreground);
    font-family: var(--vscode-font-family);
    font-size: var(--vscode-font-size);
  }
  mark {
    color: inherit;
    background: var(--vscode-editor-findMatchHighlightBackground);
    outline: 1px dotted var(--vscode-editor-findMatchHighlightBorder, transparent);
    border-radius: 2px;
  }
  .muted {
    color: var(--vscode-descriptionForeground);
  }
  .warning-icon {
    color: var(--vscode-editorWarning-foreground, var(--vscode-list-warningForeground));
  }
  .reason-icon {
    color: var(--vscode-editorInfo-foreground, var(--vscode-textLink-foreground));
  }
  button.link {
    background: none;
    border: none;
    padding: 0;
    color: var(--vscode-textLink-foreground);
    font: inherit;
    cursor: pointer;
    text-align: start;
  }
  button.link:hover {
    color: var(--vscode-textLink-activeForeground);
    text-decoration: underline;
  }
  button.link:focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
  }
`;
