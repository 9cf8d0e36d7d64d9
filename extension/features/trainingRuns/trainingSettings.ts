// The remote-training settings: which ssh config (ssh -F), extra hosts, the runs' folder on the
// hosts and the poll interval. Read on each use, so a change applies at the next refresh.
import * as vscode from 'vscode';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { DEFAULT_RUNS_ROOT } from '../../core/training/runFolder';
import { listHosts } from '../../remote/sshConfig';

export interface TrainingSettings {
  /** The ssh config file to use instead of ~/.ssh/config; undefined for ssh's own default. */
  configFile: string | undefined;
  extraHosts: string[];
  /** ROOT on every host (a remote path: `~` is the remote home). */
  root: string;
  pollMs: number;
}

/** `~/x` → the local home; relative → under the first workspace folder (where a team keeps its config). */
function localPath(path: string): string {
  if (path === '~' || path.startsWith('~/')) return join(homedir(), path.slice(1));
  if (isAbsolute(path)) return path;
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder ? join(folder.uri.fsPath, path) : path;
}

export function trainingSettings(): TrainingSettings {
  const ssh = vscode.workspace.getConfiguration('lexreview.ssh');
  const training = vscode.workspace.getConfiguration('lexreview.training');
  const configFile = ssh.get<string>('configFile')?.trim();
  const seconds = training.get<number>('pollSeconds') ?? 5;
  return {
    configFile: configFile ? localPath(configFile) : undefined,
    extraHosts: (ssh.get<string[]>('extraHosts') ?? []).filter((h) => typeof h === 'string' && h.trim() !== ''),
    root: training.get<string>('root')?.trim() || DEFAULT_RUNS_ROOT,
    pollMs: Math.max(1, Number.isFinite(seconds) ? seconds : 5) * 1000,
  };
}

/** The hosts of the ssh config and lexreview.ssh.extraHosts (only those when the config cannot be read). */
export function configuredHosts(): string[] {
  const { configFile, extraHosts } = trainingSettings();
  try {
    return listHosts(configFile, extraHosts).map((h) => h.alias);
  } catch {
    return extraHosts;
  }
}

/** Whether a configuration change touches these settings. */
export function affectsTraining(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('lexreview.ssh') || e.affectsConfiguration('lexreview.training');
}
