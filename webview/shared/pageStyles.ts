// The page of the panels that read like a document, the report view and the run panel: margins,
// the header row (title left, actions right, wrapping when narrow), headings, and buttons in the
// theme's colours (`primary`, `secondary`) with a visible focus ring. Each panel adds its own rules.
import { css } from 'lit';

export const pageStyles = css`
  :host {
    display: block;
    padding: 12px 20px 24px;
    max-width: 1200px;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 8px 24px;
  }
  h1 {
    font-size: 1.5em;
    font-weight: 600;
    margin: 0 0 4px;
    overflow-wrap: anywhere;
  }
  h2 {
    font-size: 1.15em;
    font-weight: 600;
    margin: 20px 0 8px;
  }
  button {
    font: inherit;
    padding: 3px 10px;
    border-radius: 2px;
    border: 1px solid var(--vscode-button-border, transparent);
    cursor: pointer;
  }
  button.primary {
    color: var(--vscode-button-foreground);
    background: var(--vscode-button-background);
  }
  button.primary:hover:not(:disabled) {
    background: var(--vscode-button-hoverBackground);
  }
  button.secondary {
    color: var(--vscode-button-secondaryForeground);
    background: var(--vscode-button-secondaryBackground);
  }
  button.secondary:hover:not(:disabled) {
    background: var(--vscode-button-secondaryHoverBackground);
  }
  button:focus-visible {
    outline: 1px solid var(--vscode-focusBorder);
    outline-offset: 2px;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
`;
