// POSIX shell quoting for every command LexReview sends to a remote host. Run names, paths and
// parameters come from users and files, so each one reaches the remote shell as one word of data:
// wrapped in single quotes, with each single quote written as '\'' (the only character a single-
// quoted string cannot hold). Nothing inside single quotes is special to sh, bash, dash or zsh —
// not $(), backticks, ;, globs or newlines — so no escaping table is needed.
// Browser-safe: no Node modules.

/** One word for a POSIX shell: `it's` → `'it'\''s'`; words that need no quoting are left bare. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_\/.,:=+@%-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line from an argument vector, each argument quoted: `['echo', 'a b']` → `echo 'a b'`. */
export function shellCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('shellCommand: empty argument vector');
  return argv.map(shellQuote).join(' ');
}

/**
 * A path as one shell word, where a leading `~/` is the home folder as in a terminal
 * (`~/models/llama` → `"$HOME"/models/llama`): `~` inside quotes is not expanded, and paths users
 * type for the host (the base model, the runs root) often start with it. The rest is quoted.
 */
export function shellPath(path: string): string {
  if (path === '~') return '"$HOME"';
  if (path.startsWith('~/')) return `"$HOME"/${shellQuote(path.slice(2))}`;
  return shellQuote(path);
}

/** shellCommand with each argument read as shellPath reads it: a leading `~/` is the home folder. */
export function shellArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('shellArgv: empty argument vector');
  return argv.map(shellPath).join(' ');
}
