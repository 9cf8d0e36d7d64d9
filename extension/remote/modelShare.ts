// The trainable share of a run, said before launch: read from the base model's config.json on the
// host (one `cat` over the shell) and computed by core/training/trainableShare. The CLI's `train`
// and the extension's launch command show this same line.
// Node only.
import { translate } from '../core/l10n';
import type { RunSpec } from '../core/training/runSpec';
import { shellPath } from '../core/training/shellQuote';
import { trainableShare } from '../core/training/trainableShare';
import { shareText } from '../core/training/runText';
import type { RemoteShell } from './shell';

/** The share line for `spec`, or why it is not known; undefined for P-tuning (not a LLaMA-style count). */
export async function trainableShareLine(shell: RemoteShell, spec: RunSpec, signal?: AbortSignal): Promise<string | undefined> {
  if (spec.method === 'ptuning') return undefined;
  const r = await shell.run(`cat -- ${shellPath(`${spec.model.replace(/\/+$/, '')}/config.json`)}`, { signal });
  if (r.code !== 0) return translate('The trainable share is not known: {0} has no readable config.json on {1}.', spec.model, shell.host);
  try {
    const share = trainableShare(JSON.parse(r.stdout.toString()), spec);
    return share ? shareText(translate, spec, share) : undefined;
  } catch (e) {
    return translate('The trainable share is not known: {0}', (e as Error).message);
  }
}
