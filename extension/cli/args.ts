// A small argument parser for the CLI's subcommands: positionals, `--flag`, `--opt value`,
// `-o value`. Unknown options are errors, so a typo never silently changes what a command does.

import { layoutById, type LayoutId } from '../core/dataset/layouts';
import { translate } from '../core/l10n';

export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string | true>;
}

export class UsageError extends Error {}

/**
 * `spec` maps each option name (and alias like `o`) to whether it takes a value. A 'list' option
 * may be repeated; its values are gathered into one comma-separated value (`--model a --model b`
 * is `--model a,b`), read back with listOption.
 */
export function parseArgs(argv: string[], spec: Record<string, 'flag' | 'value' | 'list'>, aliases: Record<string, string> = {}): ParsedArgs {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const [rawName, inline] = arg.replace(/^--?/, '').split(/=(.*)/s, 2);
    const name = aliases[rawName] ?? rawName;
    const kind = spec[name];
    if (!kind) throw new UsageError(translate('Unknown option {0}', arg));
    if (kind === 'flag') {
      options.set(name, true);
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(translate('Option --{0} needs a value', name));
      const earlier = options.get(name);
      options.set(name, kind === 'list' && typeof earlier === 'string' ? `${earlier},${value}` : value);
    }
  }
  return { positionals, options };
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** The values of a 'list' option, split at commas, empty ones dropped; undefined when it was not given. */
export function listOption(args: ParsedArgs, name: string): string[] | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  return value.split(',').map((v) => v.trim()).filter((v) => v !== '');
}

/** A layout named on the command line; an unknown name is a usage error that lists the valid ones. */
export function layoutOption(args: ParsedArgs, name: string): LayoutId | undefined {
  const value = stringOption(args, name);
  if (value === undefined) return undefined;
  try {
    return layoutById(value).id;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}
