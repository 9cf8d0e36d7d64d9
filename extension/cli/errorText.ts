// How the CLI prints a failure: `lexreview: <message>`. For a HostError (ssh, Slurm) the remote
// side's own words follow, indented, as the extension's "Show Details" shows them in its output
// channel: the message says what to do, ssh's or Slurm's stderr what exactly was refused.
import { HostError } from '../remote/hostError';

export function errorText(message: string, e?: unknown): string {
  const head = `lexreview: ${message}`;
  if (!(e instanceof HostError) || e.detail.trim() === '') return head;
  return [head, ...e.detail.trimEnd().split('\n').map((line) => `  ${line.trimEnd()}`)].join('\n');
}
