// One SshShell per host for the whole window (the tree's listings, every run's polls, cancel and
// launch share it, and so ssh's master connection), made again when the ssh config setting
// changes; the master connections are closed when the extension stops.
import * as vscode from 'vscode';
import { SshShell } from '../../remote/ssh';
import { trainingSettings } from './trainingSettings';

export class HostShells implements vscode.Disposable {
  private readonly shells = new Map<string, SshShell>();
  private configFile: string | undefined;

  get(host: string): SshShell {
    const { configFile } = trainingSettings();
    if (configFile !== this.configFile) this.reset(configFile);
    let shell = this.shells.get(host);
    if (!shell) {
      shell = new SshShell(host, { configFile });
      this.shells.set(host, shell);
    }
    return shell;
  }

  private reset(configFile: string | undefined): void {
    for (const s of this.shells.values()) void s.close().catch(() => undefined);
    this.shells.clear();
    this.configFile = configFile;
  }

  dispose(): void {
    this.reset(undefined);
  }
}
