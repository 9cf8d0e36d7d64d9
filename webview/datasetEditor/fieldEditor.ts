// One editable text of a record with the search matches highlighted while editing. A textarea
// cannot style parts of its text, so a backdrop with the same text, font and wrapping sits under
// a transparent textarea and carries the <mark> backgrounds. Both share one grid cell: the
// backdrop's height sizes the textarea, which therefore grows with its text and never scrolls
// on its own (the detail pane scrolls), keeping the two aligned. A native textarea rather than
// vscode-textarea, whose shadow DOM would keep the backdrop from lining up with its text.
import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { highlighted } from './highlightedText';
import { shared } from './styles';

/** Keys VS Code acts on in a webview (undo, redo, save): the typed text must reach the host first. */
const HOST_KEYS = new Set(['z', 'y', 's']);

@customElement('de-field-editor')
export class FieldEditor extends LitElement {
  @property() label = '';
  @property() detail = '';
  /** The field's text in the document. */
  @property() text = '';
  @property({ attribute: false }) pattern: RegExp | undefined;
  @property({ type: Boolean }) readonly = false;

  /** What the textarea shows: the document's text, or what is being typed. */
  @state() private draft = '';
  /** Typed since the last commit: a new document text does not overwrite it. */
  private dirty = false;

  override willUpdate(changed: PropertyValues<this>): void {
    // An undo or redo changes the text under a focused, committed field: show it.
    if (changed.has('text') && !this.dirty) this.draft = this.text;
  }

  override focus(): void {
    this.renderRoot.querySelector('textarea')?.focus();
  }

  private onInput(e: Event): void {
    this.draft = (e.target as HTMLTextAreaElement).value;
    this.dirty = true;
    this.dispatchEvent(new CustomEvent('draft', { detail: this.draft }));
  }

  private commit(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.dispatchEvent(new CustomEvent('commit'));
  }

  private onKeydown(e: KeyboardEvent): void {
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key === 'Enter') {
      e.preventDefault();
      this.commit();
    } else if (mod && HOST_KEYS.has(e.key.toLowerCase())) {
      this.commit(); // no preventDefault: VS Code still gets the key for undo, redo or save
    } else if (e.key === 'Escape' && this.dirty) {
      e.preventDefault();
      this.dirty = false;
      this.draft = this.text;
      this.dispatchEvent(new CustomEvent('draft', { detail: this.draft }));
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
          @blur=${this.commit}
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
