// Why a Slurm operation did not happen (a HostError: a translated message naming the host, Slurm's
// own words in `detail`), and Slurm's stderr made readable.
import { translate } from '../core/l10n';
import { HostError } from './hostError';

export type SlurmErrorKind =
  /** sbatch / squeue / scancel are not on the host's PATH. */
  | 'no-slurm'
  /** sbatch refused the job (unknown partition, bad time limit, no such GRES …). */
  | 'refused'
  /** The controller did not answer (down, unreachable, munge broken). */
  | 'unavailable'
  /** The run folder or its job.sbatch is not on the host. */
  | 'missing-run'
  /** scancel failed. */
  | 'cancel-failed'
  /** sbatch succeeded but printed no job id. */
  | 'no-job-id';

export class SlurmError extends HostError<SlurmErrorKind> {
  override name = 'SlurmError';
}

/** Slurm's own message without its program prefixes (`sbatch: error: `), one line per problem. */
export function slurmMessage(stderr: string): string {
  return stderr
    .split('\n')
    .map((l) => l.replace(/^(?:sbatch|squeue|sacct|scancel|scontrol|slurm_load_jobs|srun)(?::| error:)\s*(?:error:\s*|fatal:\s*)?/i, '').trim())
    .filter((l) => l !== '')
    .filter((l, i, all) => all.indexOf(l) === i)
    .join('; ');
}

export function noSlurm(host: string, detail: string): SlurmError {
  return new SlurmError('no-slurm', host, translate('{0} has no Slurm: sbatch, squeue and scancel are not on its PATH.', host), detail);
}

export function unavailable(host: string, detail: string): SlurmError {
  return new SlurmError('unavailable', host, translate('Slurm on {0} did not answer: {1}', host, slurmMessage(detail)), detail);
}
