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

export async function must(shell: RemoteShell, command: string, what: string, opts: { stdin?: string; signal?: AbortSignal } = {}): Promise<string> {
  const r = await shell.run(command, opts);
  if (r.code !== 0) throw new RunLaunchError(translate('{0} on {1} failed (exit {2}): {3}', what, shell.host, r.code, r.stderr.trim() || r.stdout.toString().trim()));
  return r.stdout.toString();
}

export async function launchRun(shell: SshShell, input: RunSpec, opts: LaunchOptions): Promise<LaunchedRun> {
  const problems = validateRunSpec(input);
  if (problems.length > 0) throw new RunLaunchError(problems.map((p) => `${p.field}: ${p.message}`).join('\n'));
  const { root, signal } = opts;
  const backend: Backend = opts.submit ? 'slurm' : 'ssh';

  await refuseExisting(shell, root, input.name, signal);

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
    await writeRunFiles(shell, root, spec.name, runFolderFiles(spec, backend, createdAt), signal);
    opts.onPhase?.('start');
    return { ...(await startRunFolder(shell, root, spec.name, opts)), uploaded: sent.transferred };
  } finally {
    await data.dispose();
  }
}

/** A name is a run: never overwrite one that exists on the host. */
export async function refuseExisting(shell: RemoteShell, root: string, name: string, signal?: AbortSignal): Promise<void> {
  const [existing] = parseStatus(await must(shell, statusCommand(root, [name]), translate('Checking the run folder'), { signal }), [name]);
  if (existing.exists) throw new RunLaunchError(translate("{0} already has a run named '{1}' (in {2}); choose another name.", shell.host, name, runPath(root, name)));
}

/** Writes a run's (or a job's) files into its folder, each atomically; the .sh files executable. */
export async function writeRunFiles(shell: RemoteShell, root: string, name: string, files: Record<string, string>, signal?: AbortSignal): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await must(shell, writeFileCommand(runPath(root, name, rel), rel.endsWith('.sh')), translate('Writing {0}', rel), { stdin: text, signal });
  }
}

/** Starts a written run folder: submitted to Slurm when `submit` is given, else detached over ssh. */
export async function startRunFolder(shell: RemoteShell, root: string, name: string, opts: Pick<LaunchOptions, 'submit' | 'signal'>): Promise<Omit<LaunchedRun, 'uploaded'>> {
  if (opts.submit) return { name, backend: 'slurm', jobId: await opts.submit(shell, runPath(root, name)) };
  const out = await shell.run(launchCommand(root, name), { signal: opts.signal });
  const pid = /^pid (\d+)$/m.exec(out.stdout.toString());
  if (out.code !== 0 || !pid) throw new RunLaunchError(translate('{0} did not start {1}: {2}', shell.host, name, (out.stdout.toString() + out.stderr).trim()));
  return { name, backend: 'ssh', pid: Number(pid[1]) };
}

