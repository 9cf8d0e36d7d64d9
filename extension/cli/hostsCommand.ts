// `lexreview hosts [--ssh-config FILE] [--json]`: the hosts of the ssh config (Include followed,
// patterns skipped), each with what ssh itself resolves for it (`ssh -G`: user, host name, port).
import { translate } from '../core/l10n';
import { describeHost, listHosts } from '../remote/sshConfig';
import { parseArgs, UsageError } from './args';
import { sshConfigFile } from './remoteOptions';

export async function runHosts(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { 'ssh-config': 'value', json: 'flag' });
  if (args.positionals.length > 0) throw new UsageError(translate("{0} takes no positional arguments (got '{1}')", 'hosts', args.positionals[0]));
  const hosts = listHosts(sshConfigFile(args));
  const resolved = await Promise.all(hosts.map(async (h) => ({ alias: h.alias, file: h.file, target: describeHost(await h.resolve()) })));
  if (args.options.has('json')) process.stdout.write(JSON.stringify(resolved, null, 2) + '\n');
  else if (resolved.length > 0) process.stdout.write(resolved.map((h) => `${h.alias}\t${h.target}`).join('\n') + '\n');
  if (resolved.length === 0) console.error(translate('No hosts in {0}: add a Host entry, or pass --ssh-config FILE.', sshConfigFile(args) ?? '~/.ssh/config'));
  return 0;
}
