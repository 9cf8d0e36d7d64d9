// <review-panel>: one item of the queue at a time, laid out from its parts: the queue bar
// (order, progress, undo, keys), the question, the baseline's and the candidate's answers side by
// side (each scrolling on its own, as text: Lit puts interpolated strings in text nodes, never
// parsed as HTML), the scores, the flags, the note and the judge's verdicts, folded. It owns the
// keys (keys.ts), listened to on the window before VS Code's own listener sees them.
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { QueueMode } from '../../extension/core/review/queue';
import { t } from '../shared/l10n';
import { answerText } from './answerText';
import { compareBar } from './compareBar';
import { evidencePane } from './evidencePane';
import { flagBar } from './flagBar';
import { flagNotes } from './flagNotes';
import { othersPane } from './othersPane';
import { judgePane } from './judgePane';
import { keyAction, type KeyInput } from './keys';
import { keyListOverlay } from './keyList';
import type { ReviewModel } from './reviewModel';
import { scoreRow } from './scoreRow';
import { shared } from './styles';

function modeLabel(mode: QueueMode): string {
  switch (mode) {
    case 'doubt': return t('Most doubtful first');
    case 'order': return t('Question order');
    case 'unreviewed': return t('Unreviewed');
    case 'flagged': return t('Flagged');
    case 'disagreeing': return t('Judge disagrees');
  }
}

const MODES: QueueMode[] = ['doubt', 'order', 'unreviewed', 'flagged', 'disagreeing'];

/** Where a key press happened, for keyAction; undefined: leave the key alone (the queue dropdown's). */
function focusOf(e: KeyboardEvent): KeyInput['focus'] | undefined {
  let focus: KeyInput['focus'] = 'other';
  for (const node of e.composedPath()) {
    if (!(node instanceof HTMLElement)) continue;
    const tag = node.tagName.toLowerCase();
    if (tag === 'vscode-single-select' || tag === 'select') return undefined;
    if (tag === 'textarea' || tag === 'input' || node.isContentEditable) return 'text';
    if (tag === 'button' || tag === 'summary' || tag === 'a') focus = 'control';
  }
  return focus;
}

@customElement('review-panel')
export class ReviewPanel extends LitElement {
  @property({ attribute: false }) model: ReviewModel | undefined;
  @state() private revision = 0;
  private unsubscribe: (() => void) | undefined;
  private readonly onKeydown = (e: KeyboardEvent) => this.key(e);

  override connectedCallback(): void {
    super.connectedCallback();
    // Capture: before VS Code's listener on this window, which sends Ctrl+Z to the workbench.
    window.addEventListener('keydown', this.onKeydown, true);
  }

  override disconnectedCallback(): void {
    window.removeEventListener('keydown', this.onKeydown, true);
    this.unsubscribe?.();
    super.disconnectedCallback();
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('model')) {
      this.unsubscribe?.();
      this.unsubscribe = this.model?.subscribe(() => this.revision++);
    }
  }

  /** The item last rendered, and when a key asked for another one (for the key-to-paint measure). */
  private renderedItem: number | undefined;
  private keyAt: number | undefined;

  override updated(): void {
    const model = this.model;
    const shown = model?.item?.answerId;
    if (shown !== this.renderedItem) {
      if (this.renderedItem === undefined && shown !== undefined) {
        // On opening, the keys work at once (no click first); the e2e suite reads the mark.
        this.renderRoot.querySelector<HTMLElement>('main')?.focus();
        performance.mark('lexreview:first-item');
      }
      this.renderedItem = shown;
      const at = this.keyAt;
      this.keyAt = undefined;
      // Painted by the next frame: the measure the e2e suite reports as key to next answer.
      if (at !== undefined) requestAnimationFrame(() => performance.measure('lexreview:key-to-paint', { start: at, end: performance.now() }));
    }
    if (!model?.focusRequest) return;
    const request = model.focusRequest;
    model.focusRequest = undefined;
    if (request === 'note') this.renderRoot.querySelector<HTMLTextAreaElement>('textarea')?.focus();
    else if (request.startsWith('flag-note:')) this.renderRoot.querySelector<HTMLInputElement>(`input[data-flag-note="${request.slice('flag-note:'.length)}"]`)?.focus();
    else this.renderRoot.querySelector<HTMLElement>('main')?.focus();
  }

  private key(e: KeyboardEvent): void {
    const model = this.model;
    if (!model?.init || e.isComposing) return;
    const focus = focusOf(e);
    if (focus === undefined) return;
    const action = keyAction({ key: e.key, code: e.code, shiftKey: e.shiftKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, focus });
    if (!action) return;
    e.preventDefault();
    e.stopPropagation();
    // Timed only when the key moves (not at either end of the queue), so no later repaint is taken for it.
    const moves = action.type === 'previous' ? model.index > 0 : (action.type === 'next' || action.type === 'advance') && model.index < model.entries.length - 1;
    if (moves) this.keyAt = performance.now();
    // The start of "a saved score reaches the report view" (the report view marks its paint; both
    // webviews share the machine's clock through performance.timeOrigin).
    if (action.type === 'score') performance.mark('lexreview:score-key');
    void model.run(action);
  }

  override render() {
    const model = this.model;
    // Nothing to say before `init`: its l10n bundle decides the language of every word.
    if (!model?.init) return html`<vscode-progress-bar indeterminate></vscode-progress-bar>`;
    const { item, entry } = model;
    return html`<main tabindex="-1" aria-label=${t('Review of {0}', model.init.set)}>
      <div class="bar">
        <label>
          ${t('Queue')}
          <vscode-single-select
            aria-label=${t('Queue order')}
            .value=${model.mode}
            @change=${(e: Event) => void model.setMode((e.target as HTMLSelectElement).value as QueueMode)}
          >
            ${MODES.map((m) => html`<vscode-option value=${m} ?selected=${m === model.mode}>${modeLabel(m)}</vscode-option>`)}
          </vscode-single-select>
        </label>
        <span class="progress" data-progress>${t('{0} of {1} reviewed', model.progress.reviewed, model.progress.total)}</span>
        <span class="muted position">${model.entries.length ? t('Item {0} of {1} in this queue', model.index + 1, model.entries.length) : t('This queue is empty.')}</span>
        <span class="muted">${t('Reviewer: {0}', model.init.reviewer)}</span>
        <span class="spacer"></span>
        <button class="chip" ?disabled=${!model.canUndo} @click=${() => void model.undo()} title="Ctrl+Z">${t('Undo last')}</button>
        <button class="chip" aria-pressed=${model.keysVisible ? 'true' : 'false'} @click=${() => model.toggleKeys()} title="?">${t('Keys')} <kbd>?</kbd></button>
      </div>
      ${model.error
        ? html`<div class="notice error" role="alert"><span>${model.error}</span> <button class="chip" @click=${() => model.dismissError()}>${t('Dismiss')}</button></div>`
        : nothing}
      ${model.keysVisible ? keyListOverlay(model) : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${item ? t('Question {0}: {1}', item.ordinal + 1, item.question) : ''}</div>
      ${item ? this.renderItem(model, item, entry?.answerId === item.answerId ? entry.reasons : []) : model.entries.length ? html`<vscode-progress-bar indeterminate></vscode-progress-bar>` : this.renderEmpty(model)}
    </main>`;
  }

  private renderEmpty(model: ReviewModel) {
    return html`<p class="empty">${model.mode === 'doubt' ? t('Every answer has your score. Choose “Question order” to go through them again.') : t('No answer in this queue.')}</p>`;
  }

  private renderItem(model: ReviewModel, item: NonNullable<ReviewModel['item']>, reasons: string[]) {
    return html`<section class="item" data-answer-id=${item.answerId} data-question-key=${item.questionKey} data-model=${item.candidate.model}>
      <header class="question">
        <div>
          <span class="badge">${item.category}</span>
          <span class="muted">${t('Question {0} ({1})', item.ordinal + 1, item.questionKey)}</span>
          ${reasons.length ? html`<span class="reasons" title=${t('Why this answer now')}>· ${reasons.join(' · ')}</span>` : nothing}
        </div>
        <div class="question-text">${item.question}</div>
      </header>
      ${compareBar(model)}
      <div class="answers">
        <section class="answer baseline" aria-label=${t('Baseline’s answer ({0})', item.baseline.model)}>
          <h3>${t('Baseline')}: ${item.baseline.model} ${item.baseline.review ? html`<span class="mine">${t('your score {0}', item.baseline.review.score)}</span>` : nothing}</h3>
          <div class="text" tabindex="0">${item.baseline.answerId === undefined ? html`<em class="muted">${t('The baseline has no answer to this question.')}</em>` : item.baseline.text}</div>
        </section>
        <section class="answer candidate" aria-label=${t('Candidate’s answer ({0})', item.candidate.model)}>
          <h3>${t('Candidate')}: ${item.candidate.model} ${item.candidate.review ? html`<span class="mine">${t('your score {0}', item.candidate.review.score)}</span>` : nothing}</h3>
          <div class="text" tabindex="0" aria-label=${model.compareOn && model.compareModel ? t('Candidate’s answer, compared with {0}', model.compareModel) : t('Candidate’s answer')}>${answerText(model.candidateRuns)}</div>
        </section>
      </div>
      <div class="scores">
        ${scoreRow(model, 'baseline', item.baseline)}
        ${scoreRow(model, 'candidate', item.candidate)}
      </div>
      ${othersPane(model)}
      ${flagBar(model)}
      ${evidencePane(model)}
      ${flagNotes(model)}
      <label class="note">
        <span>${t('Note on the candidate’s answer (Enter saves and moves on, Shift+Enter for a new line)')}</span>
        <textarea
          rows="2"
          .value=${model.noteDraft}
          @input=${(e: Event) => model.setNoteDraft((e.target as HTMLTextAreaElement).value)}
          @blur=${() => void model.saveNote()}
        ></textarea>
      </label>
      ${judgePane(item.judgments)}
    </section>`;
  }

  static override styles = [
    shared,
    css`
      :host {
        display: block;
        height: 100vh;
      }
      main {
        display: flex;
        flex-direction: column;
        height: 100%;
        box-sizing: border-box;
        padding: 6px 12px;
        gap: 6px;
        position: relative;
      }
      main:focus {
        outline: none;
      }
      main:focus-visible {
        outline: 1px solid var(--vscode-focusBorder);
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 12px;
        flex-wrap: wrap;
      }
      .bar label {
        display: flex;
        align-items: center;
        gap: 6px;
      }
      .spacer {
        flex: 1;
      }
      .progress {
        font-weight: 600;
      }
      .item {
        display: flex;
        flex-direction: column;
        gap: 6px;
        flex: 1;
        min-height: 0;
      }
      .badge {
        background: var(--vscode-badge-background);
        color: var(--vscode-badge-foreground);
        border-radius: 8px;
        padding: 0 6px;
      }
      .reasons {
        color: var(--vscode-editorWarning-foreground, var(--vscode-descriptionForeground));
      }
      .question-text {
        white-space: pre-wrap;
        font-size: 1.1em;
        margin-top: 4px;
      }
      .answers {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 10px;
        flex: 1;
        min-height: 120px;
      }
      .answer {
        display: flex;
        flex-direction: column;
        min-height: 0;
        border: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
        border-radius: 3px;
      }
      .answer h3 {
        margin: 0;
        padding: 4px 8px;
        font-size: 1em;
        background: var(--vscode-sideBarSectionHeader-background, transparent);
      }
      .answer .mine {
        font-weight: normal;
        color: var(--vscode-textLink-foreground);
      }
      .answer .text {
        flex: 1;
        overflow: auto;
        padding: 6px 8px;
        white-space: pre-wrap;
        word-break: break-word;
        line-height: 1.5;
      }
      .scores {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 10px;
      }
      .score-row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 3px;
      }
      .score-label {
        flex-basis: 100%;
      }
      .flags {
        display: flex;
        flex-wrap: wrap;
        gap: 4px;
      }
      .flag.suggested {
        border-style: dashed;
        border-color: var(--vscode-editorWarning-foreground, currentColor);
      }
      .flag.rejected {
        text-decoration: line-through;
      }
      .suggestion {
        display: flex;
        flex-direction: column;
        gap: 2px;
        padding: 2px 0;
      }
      .suggestion-head {
        display: flex;
        gap: 6px;
        align-items: center;
        flex-wrap: wrap;
      }
      .suggestion.rejected .finding {
        text-decoration: line-through;
        color: var(--vscode-descriptionForeground);
      }
      .evidence-list {
        max-height: 12em;
        overflow: auto;
      }
      .swatch {
        display: inline-block;
        width: 1em;
        height: 1em;
        border-radius: 2px;
      }
      mark.ev,
      .swatch {
        color: inherit;
        background: var(--vscode-editor-findMatchHighlightBackground, rgba(234, 92, 0, 0.33));
        outline: 1px solid var(--vscode-editor-findMatchHighlightBorder, transparent);
      }
      mark.ev-repetition,
      .swatch.ev-repetition {
        background: var(--vscode-editor-wordHighlightStrongBackground, var(--vscode-editor-findMatchHighlightBackground));
      }
      mark.ev-truncation,
      mark.ev-runon,
      .swatch.ev-truncation,
      .swatch.ev-runon {
        background: var(--vscode-editor-rangeHighlightBackground, var(--vscode-editor-findMatchHighlightBackground));
        text-decoration: underline wavy var(--vscode-editorWarning-foreground, currentColor);
      }
      .swatch.ev-truncation,
      .swatch.ev-runon {
        box-sizing: border-box;
        border-bottom: 3px solid var(--vscode-editorWarning-foreground, currentColor);
      }
      ins.diff-added {
        text-decoration: none;
        background: var(--vscode-diffEditor-insertedTextBackground);
        outline: 1px dashed var(--vscode-diffEditor-insertedTextBorder, transparent);
      }
      del.diff-removed {
        background: var(--vscode-diffEditor-removedTextBackground);
        outline: 1px dashed var(--vscode-diffEditor-removedTextBorder, transparent);
      }
      .compare {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 8px;
      }
      .compare select {
        font: inherit;
        color: var(--vscode-dropdown-foreground);
        background: var(--vscode-dropdown-background);
        border: 1px solid var(--vscode-dropdown-border, transparent);
      }
      .notice.coarse {
        color: var(--vscode-editorWarning-foreground, var(--vscode-foreground));
      }
      .matched summary {
        cursor: pointer;
      }
      .matched .record {
        margin: 2px 0 4px 12px;
      }
      .matched .excerpt {
        white-space: pre-wrap;
        font-family: var(--vscode-editor-font-family, monospace);
        background: var(--vscode-textCodeBlock-background, transparent);
        padding: 2px 4px;
      }
      .flag-notes {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 12px;
      }
      .flag-note {
        display: flex;
        gap: 4px;
        align-items: center;
      }
      input[type='text'] {
        font: inherit;
        color: var(--vscode-input-foreground);
        background: var(--vscode-input-background);
        border: 1px solid var(--vscode-input-border, transparent);
      }
      input[type='text']:focus {
        outline: 1px solid var(--vscode-focusBorder);
      }
      .others-list table {
        border-collapse: collapse;
      }
      .others-list td,
      .others-list th {
        text-align: left;
        padding: 1px 8px 1px 0;
      }
      .evidence {
        font-family: var(--vscode-editor-font-family, monospace);
        background: var(--vscode-textCodeBlock-background, transparent);
        padding: 0 4px;
        max-width: 60ch;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .note {
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      textarea {
        font: inherit;
        color: var(--vscode-input-foreground);
        background: var(--vscode-input-background);
        border: 1px solid var(--vscode-input-border, transparent);
        resize: vertical;
      }
      textarea:focus {
        outline: 1px solid var(--vscode-focusBorder);
      }
      .judge summary {
        cursor: pointer;
      }
      .judge .order {
        margin: 4px 0 8px 12px;
      }
      .judge .reply {
        white-space: pre-wrap;
        max-height: 10em;
        overflow: auto;
        color: var(--vscode-descriptionForeground);
      }
      .notice.error {
        color: var(--vscode-errorForeground);
      }
      .key-list {
        position: absolute;
        top: 40px;
        right: 12px;
        z-index: 10;
        padding: 8px 12px;
        background: var(--vscode-editorWidget-background);
        border: 1px solid var(--vscode-editorWidget-border, var(--vscode-contrastBorder, transparent));
        box-shadow: 0 2px 8px var(--vscode-widget-shadow, transparent);
      }
      .key-list h2 {
        margin: 0 0 6px;
        font-size: 1.1em;
      }
      .key-list td {
        padding: 1px 8px 1px 0;
      }
      .empty {
        margin: 24px 0;
      }
    `,
  ];
}

declare global {
  interface HTMLElementTagNameMap {
    'review-panel': ReviewPanel;
  }
}
