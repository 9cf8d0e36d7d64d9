// The host list, as VS Code Remote-SSH builds it: the `Host` aliases of the user's ssh config
// (parsed by the `ssh-config` package, following `Include`), plus extra hosts from a setting. Only
// the names come from here: what a host really resolves to (HostName, User, Port after Match
// blocks, ProxyJump, canonicalisation …) is asked of ssh itself (`ssh -G`), lazily, because no
// parser of ours can match ssh's rules exactly.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, sep } from 'node:path';
import type { Line } from 'ssh-config' with { 'resolution-mode': 'import' };

// The package is ESM with a CommonJS build; its types are declared for the ESM side only, so the
// CommonJS build (what this CommonJS module and the bundle load) is required under those types.
type SshConfigModule = typeof import('ssh-config', { with: { 'resolution-mode': 'import' } });
const { parse: parseSshConfig, LineType } = require('ssh-config') as SshConfigModule;

export interface ResolvedHost {
  hostname: string;
  user: string;
  port: number;
}

export interface SshHost {
  /** The alias to give ssh (`ssh ALIAS`). */
  alias: string;
  /** The config file that names it, or undefined for a host from the setting. */
  file: string | undefined;
  /** What ssh resolves for the alias (`ssh -G`); asked on first call, then cached. */
  resolve(): Promise<ResolvedHost>;
}

/** The user's ssh folder, where ssh looks for relative `Include` paths. */
const userSshDir = () => join(homedir(), '.ssh');

/** `~/x` → home/x; relative → under ~/.ssh (ssh's rule for files included from a user config). */
function includePath(path: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  return isAbsolute(path) ? path : join(userSshDir(), path);
}

const hasWildcard = (s: string) => /[*?]/.test(s);
const wildcardRegExp = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

/** Files matching a path whose components may hold `*` and `?` (ssh uses glob(3) for Include), sorted like glob. */
function expandGlob(path: string): string[] {
  if (!hasWildcard(path)) return existsSync(path) ? [path] : [];
  const parts = path.split(sep);
  let current = [parts[0] === '' ? sep : parts[0]];
  for (const part of parts.slice(1)) {
    if (part === '') continue;
    const next: string[] = [];
    for (const dir of current) {
      if (!hasWildcard(part)) {
        if (existsSync(join(dir, part))) next.push(join(dir, part));
        continue;
      }
      let names: string[];
      try {
        names = readdirSync(dir).sort();
      } catch {
        continue;
      }
      const re = wildcardRegExp(part);
      for (const name of names) if (re.test(name) && (part.startsWith('.') || !name.startsWith('.'))) next.push(join(dir, name));
    }
    current = next;
  }
  return current.filter((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
}

const words = (value: string | Array<{ val: string }>): string[] =>
  typeof value === 'string' ? value.split(/\s+/).filter(Boolean) : value.map((v) => v.val);

function collect(file: string, found: Map<string, string>, seen: Set<string>, depth: number): void {
  // ssh stops at 16 levels of Include; a cycle would otherwise never end.
  if (depth > 16 || seen.has(file)) return;
  seen.add(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return; // ssh ignores a missing included file, and a missing ~/.ssh/config means no hosts
  }
  const walk = (lines: readonly Line[]) => {
    for (const line of lines) {
      if (line.type !== LineType.DIRECTIVE) continue;
      const param = line.param.toLowerCase();
      if (param === 'include') {
        for (const w of words(line.value)) for (const f of expandGlob(includePath(w))) collect(f, found, seen, depth + 1);
      } else if (param === 'host') {
        // Patterns and negations are rules for other names, not hosts one can pick.
        for (const alias of words(line.value)) if (!/[*?!]/.test(alias) && !found.has(alias)) found.set(alias, file);
      }
      if ('config' in line) walk(line.config);
    }
  };
  walk(parseSshConfig(text));
}

/**
 * The hosts to offer: the aliases of `configFile` (default ~/.ssh/config) and its includes, in file
 * order, then the `extra` hosts (setting lexreview.ssh.extraHosts) not already listed.
 */
export function listHosts(configFile?: string, extra: readonly string[] = [], options: { sshCommand?: string } = {}): SshHost[] {
  const found = new Map<string, string | undefined>();
  const named = new Map<string, string>();
  collect(configFile ?? join(userSshDir(), 'config'), named, new Set(), 0);
  for (const [alias, file] of named) found.set(alias, file);
  for (const raw of extra) {
    const alias = raw.trim();
    if (alias && !found.has(alias)) found.set(alias, undefined);
  }
  return [...found].map(([alias, file]) => {
    let cached: Promise<ResolvedHost> | undefined;
    return { alias, file, resolve: () => (cached ??= resolveHost(alias, configFile, options.sshCommand)) };
  });
}

/** What ssh itself makes of an alias: `ssh -G` prints the final configuration without connecting. */
export function resolveHost(alias: string, configFile?: string, sshCommand = 'ssh'): Promise<ResolvedHost> {
  const args = [...(configFile ? ['-F', configFile] : []), '-G', '--', alias];
  return new Promise((resolve, reject) => {
    execFile(sshCommand, args, { timeout: 10_000 }, (error, stdout) => {
      if (error) return reject(error);
      const get = (key: string) => stdout.match(new RegExp(`^${key} (.*)$`, 'm'))?.[1] ?? '';
      resolve({ hostname: get('hostname'), user: get('user'), port: Number(get('port')) || 22 });
    });
  });
}

/** "user@hostname:port" for a tooltip or a `hosts` listing. */
export function describeHost(host: ResolvedHost): string {
  return `${host.user}@${host.hostname}${host.port === 22 ? '' : `:${host.port}`}`;
}
