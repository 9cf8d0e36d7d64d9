// What a search is, and the one RegExp both the host's counting and the webview's highlighting
// use, so that the count and the marks always agree.
// Browser-safe: the webview bundles this module (test/unit/layering.test.ts keeps Node out of it).

export interface SearchSpec {
  query: string;
  regex: boolean;
  caseSensitive: boolean;
}

/** The search as a global RegExp: the query escaped unless it is a regular expression. Throws when it is invalid. */
export function searchRegExp(spec: SearchSpec): RegExp {
  const source = spec.regex ? spec.query : spec.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(source, spec.caseSensitive ? 'g' : 'gi');
}
