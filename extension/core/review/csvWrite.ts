// Writing CSV (RFC 4180): a field is quoted when it holds a comma, a quote or a line break, and
// quotes inside are doubled, so what csv-parse reads back is the same text. For the reviews
// export and any report in CSV.
// Browser-safe: no Node modules.

export function csvField(value: unknown): string {
  const s = value === undefined || value === null ? '' : typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV line, ended with \r\n as RFC 4180 (and Excel) expect. */
export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}
