// Launching a run on a host: the dataset prepared for the framework and uploaded (once per content:
// the host keeps the last upload of each file name under ROOT/.datasets, and a run folder gets a
// hard link to it, so a second run on the same data copies nothing and an older run keeps the
// bytes it trained on), the run folder written (run.json, command.sh, launch.sh, config.yaml,
// data/dataset_info.json), then the job started detached over ssh (setsid nohup, so it survives the
// connection) or submitted to Slurm. Every path reaches the remote shell through shellPath.
// Node only.
import { translate } from '../core/l10n';
import { DATA_DIR, dataFileName } from '../core/training/llamaFactoryConfig';
import { launchCommand, parseStatus, prepareCommand, runFolderFiles, runPath, statusCommand, type Backend } from '../core/training/runFolder';
import { validateRunSpec, type RunSpec } from '../core/training/runSpec';
import { shellPath } from '../core/training/shellQuote';
import type { LaunchPhase } from '../core/training/runText';
import { prepareDataset } from './runDataset';
import type { RemoteShell } from './shell';
import type { SshShell } from './ssh';
import { upload, type UploadProgress } from './transfer';

export class RunLaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunLaunchError';
  }
}

export type { LaunchPhase };

export interface LaunchOptions {
  /** The runs' folder on the host (DEFAULT_RUNS_ROOT). */
  root: string;
  signal?: AbortSignal;
  onPhase?: (phase: LaunchPhase) => void;
  onUpload?: (progress: UploadProgress) => void;
  /** Submits to Slurm instead of starting over ssh (the spec's `slurm` options apply). */
  submit?: (shell: RemoteShell, runDir: string) => Promise<string>;
  /** The clock for run.json's createdAt. */
  now?: () => Date;
}

export interface LaunchedRun {
  name: string;
  backend: Backend;
  /** The process group (ssh backend). */
  pid?: number;
  /** The Slurm job id (slurm backend). */
  jobId?: string;
  /** Whether the dataset was copied (false: the host had the same bytes). */
  uploaded: boolean;
}

/** A command that writes `text` to `path` on the host (the text comes on stdin, never on the command line). */
export function writeFileCommand(path: string, executable = false): string {
  const p = shellPath(path);
  return `cat > ${p}.tmp && ${executable ? `chmod +x ${p}.tmp && ` : ''}mv -f ${p}.tmp ${p}`;
}

async function must(shell: RemoteShell, command: string, what: string, opts: { stdin?: string; signal?: AbortSignal } = {}): Promise<string> {
  const r = await shell.run(command, opts);
  if (r.code !== 0) throw new RunLaunchError(translate('{0} on {1} failed (exit {2}): {3}', what, shell.host, r.code, r.stderr.trim() || r.stdout.toString().trim()));
  return r.stdout.toString();
}

export async function launchRun(shell: SshShell, input: RunSpec, opts: LaunchOptions): Promise<LaunchedRun> {
  const problems = validateRunSpec(input);
  if (problems.length > 0) throw new RunLaunchError(problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
  const { root, signal } = opts;
  const backend: Backend = opts.submit ? 'slurm' : 'ssh';

  // A name is a run: never overwrite one that exists on the host.
  const [existing] = parseStatus(await must(shell, statusCommand(root, [input.name]), translate('Checking the run folder'), { signal }), [input.name]);
  if (existing.exists) throw new RunLaunchError(translate("{0} already has a run named '{1}' (in {2}); choose another name.", shell.host, input.name, runPath(root, input.name)));

  opts.onPhase?.('dataset');
  const data = await prepareDataset(input.dataset.path, input.framework, { signal });
  try {
    const spec: RunSpec = { ...input, dataset: data.spec };
    const file = dataFileName(spec);
    opts.onPhase?.('upload');
    const cached = `${root.replace(/\/+$/, '')}/.datasets/${file}`;
    const sent = await upload(shell, data.uploadPath, cached, { signal, onProgress: opts.onUpload });

    opts.onPhase?.('files');
    await must(shell, prepareCommand(root, spec.name), translate('Creating the run folder'), { signal });
    const linked = runPath(root, spec.name, `${DATA_DIR}/${file}`);
    await must(shell, `ln -f -- ${shellPath(cached)} ${shellPath(linked)} 2>/dev/null || cp -f -- ${shellPath(cached)} ${shellPath(linked)}`, translate('Linking the dataset into the run folder'), { signal });
    const createdAt = (opts.now?.() ?? new Date()).toISOString();
    for (const [rel, text] of Object.entries(runFolderFiles(spec, backend, createdAt))) {
      await must(shell, writeFileCommand(runPath(root, spec.name, rel), rel.endsWith('.sh')), translate('Writing {0}', rel), { stdin: text, signal });
    }

    opts.onPhase?.('start');
    if (opts.submit) {
      const jobId = await opts.submit(shell, runPath(root, spec.name));
      return { name: spec.name, backend, jobId, uploaded: sent.transferred };
    }
    const out = await shell.run(launchCommand(root, spec.name), { signal });
    const pid = /^pid (\d+)$/m.exec(out.stdout.toString());
    if (out.code !== 0 || !pid) throw new RunLaunchError(translate('{0} did not start {1}: {2}', shell.host, spec.name, (out.stdout.toString() + out.stderr).trim()));
    return { name: spec.name, backend, pid: Number(pid[1]), uploaded: sent.transferred };
  } finally {
    await data.dispose();
  }
}

