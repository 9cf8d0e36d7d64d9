// One editable text of a record with the search matches highlighted while editing. A textarea
// cannot style parts of its text, so a backdrop with the same text, font and wrapping sits under
// a transparent textarea and carries the <mark> backgrounds. Both share one grid cell: the
// backdrop's height sizes the textarea, which therefore grows with its text and never scrolls
// on its own (the detail pane scrolls), keeping the two aligned. A native textarea rather than
// vscode-textarea, whose shadow DOM would keep the backdrop from lining up with its text.
// What is typed goes to the EditorModel at once ('draft'), which sends it on to the host as an edit
// while the typing goes on; leaving the field or Ctrl+Enter ends that stretch of typing ('commit').
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { highlighted } from './highlightedText';
import { shared } from './styles';

@customElement('de-field-editor')
export class FieldEditor extends LitElement {
  @property() label = '';
  @property() detail = '';
  /** What the field shows: the document's text, or what is being typed (EditorModel.shownText). */
  @property() text = '';
  @property({ attribute: false }) pattern: RegExp | undefined;
  @property({ type: Boolean }) readonly = false;

  /** What the textarea holds: `text`, plus keystrokes of an IME composition not yet finished. */
  @state() private draft = '';

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('text')) this.draft = this.text;
  }

  override focus(): void {
    this.renderRoot.querySelector('textarea')?.focus();
  }

  private onInput(e: InputEvent): void {
    this.draft = (e.target as HTMLTextAreaElement).value;
    // Half-composed Chinese (pinyin still being picked) is not text yet: sent once composed.
    if (!e.isComposing) this.dispatchEvent(new CustomEvent('draft', { detail: this.draft }));
  }

  private onKeydown(e: KeyboardEvent): void {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      this.dispatchEvent(new CustomEvent('commit'));
    } else if (e.key === 'Escape' && !e.isComposing) {
      e.preventDefault();
      this.dispatchEvent(new CustomEvent('leave', { bubbles: true, composed: true }));
    }
  }

  override render() {
    return html`
      <label for="text"><span class="label">${this.label}</span> <span class="muted">${this.detail}</span></label>
      <div class="stack">
        <div class="backdrop" aria-hidden="true">${highlighted(this.draft, this.pattern)}${' '}</div>
        <textarea
          id="text"
          spellcheck="false"
          rows="1"
          .value=${live(this.draft)}
          ?readonly=${this.readonly}
          @input=${this.onInput}
          @compositionend=${() => this.dispatchEvent(new CustomEvent('draft', { detail: this.draft }))}
          @blur=${() => this.dispatchEvent(new CustomEvent('commit'))}
          @keydown=${this.onKeydown}
        ></textarea>
      </div>
    `;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        margin-bottom: 10px;
      }
      label {
        display: block;
        margin-bottom: 3px;
      }
      .label {
        font-weight: 600;
      }
      .stack {
        display: grid;
        background: var(--vscode-input-background);
        border: 1px solid var(--vscode-input-border, var(--vscode-widget-border, transparent));
        border-radius: 2px;
      }
      .stack:focus-within {
        border-color: var(--vscode-focusBorder);
      }
      .backdrop,
      textarea {
        grid-area: 1 / 1;
        margin: 0;
        border: 0;
        padding: 4px 6px;
        font: inherit;
        line-height: 1.5;
        white-space: pre-wrap;
        overflow-wrap: anywhere;
        box-sizing: border-box;
        min-height: 2em;
      }
      .backdrop {
        color: transparent;
      }
      .backdrop mark {
        color: transparent;
      }
      textarea {
        resize: none;
        overflow: hidden;
        background: transparent;
        color: var(--vscode-input-foreground);
        outline: none;
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'de-field-editor': FieldEditor;
  }
}
