// Where better-sqlite3's native addon is. The build bundles better-sqlite3's JavaScript and copies
// its addon to dist/native/ (scripts/build.mjs), so a bundle finds it beside itself; run from the
// sources (tsx, the tests), there is no such file and better-sqlite3 finds its own build in
// node_modules.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function nativeBindingPath(): string | undefined {
  const beside = join(__dirname, 'native', 'better_sqlite3.node');
  return existsSync(beside) ? beside : undefined;
}
