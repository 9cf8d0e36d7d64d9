// Record text with the search matches in <mark>. Lit renders strings as text nodes, so whatever
// a record holds (`<script>`, `<img onerror>`) shows as literal characters: never innerHTML.
import { html, type TemplateResult } from 'lit';
import { splitMatches } from './searchPattern';

export function highlighted(text: string, pattern: RegExp | undefined): Array<string | TemplateResult> {
  return splitMatches(text, pattern).map((s) => (s.match ? html`<mark>${s.text}</mark>` : s.text));
}
