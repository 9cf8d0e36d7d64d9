// What an operation on a host could not do, as one error the CLI and the UI show as is: the
// message is already translated and names the host; `kind` says which failure it was, for the
// code that reacts to it; `detail` keeps the remote side's own words (ssh's or Slurm's stderr).
// RemoteError (the connection) and SlurmError (the scheduler) are its two families.
export class HostError<Kind extends string> extends Error {
  constructor(
    readonly kind: Kind,
    readonly host: string,
    message: string,
    /** The remote side's stderr; never contains secrets that ssh or Slurm do not print. */
    readonly detail = '',
  ) {
    super(message);
  }
}
