// How a result of ssh is read: the markers that tell the command's exit status (255 included)
// from ssh's own failure, checked by running the wrapped command in a real sh; and the kinds and
// messages of ssh's failures, from ssh's real texts (a real `ssh` to a closed loopback port, and
// the host-key texts OpenSSH prints, as captured from the integration sshd).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { setBundle } from '../../extension/core/l10n';
import { readMarkers, wrapCommand } from '../../extension/remote/ssh';
import { classifySshStderr, sshFailureError, sshFailureMessage } from '../../extension/remote/sshErrors';
import zh from '../../l10n/bundle.l10n.zh-cn.json';
import { freePort } from '../integration/processes';

const sh = (command: string, input?: string) => {
  const r = spawnSync('sh', ['-c', wrapCommand(command)], { input });
  return { code: r.status, stdout: r.stdout.toString(), ...readMarkers(r.stderr.toString()) };
};

test("the wrapped command's status comes back in the exit marker, 255 and exit inside included", () => {
  assert.deepEqual(sh('echo out; echo err >&2'), { code: 0, stdout: 'out\n', status: 0, started: true, stderr: 'err\n' });
  assert.equal(sh('exit 255').status, 255);
  assert.equal(sh('exit 7; echo never').status, 7);
  assert.equal(sh('false').status, 1);
  assert.equal(sh("sh -c 'kill -9 $$'").status, 137, 'a killed command is its signal status, not a lost connection');
  assert.equal(sh('exec 2>/dev/null; echo hidden >&2; exit 4').status, 4, "the command's redirections stay inside it");
  assert.equal(sh('cat', 'in').stdout, 'in');
});

test('a command that prints a marker of its own does not fool the reading', () => {
  const r = sh("printf '\\036lexreview:exit:0\\036' >&2; exit 9");
  assert.equal(r.status, 9);
  assert.equal(sh("printf '\\036lexreview:start\\036x' >&2").stderr, '\x1elexreview:start\x1ex', "the command's own text is kept");
  assert.equal(r.stderr, '\x1elexreview:exit:0\x1e');
});

test('no markers: the command never started (ssh failed before it)', () => {
  assert.deepEqual(readMarkers('ssh: connect to host a port 22: Connection refused\r\n'), {
    status: undefined,
    started: false,
    stderr: 'ssh: connect to host a port 22: Connection refused\r\n',
  });
});

test('a real ssh to a closed port is unreachable, named by host, with ssh\'s reason', async () => {
  const port = await freePort();
  const r = spawnSync('ssh', ['-F', '/dev/null', '-o', 'BatchMode=yes', '-p', String(port), '127.0.0.1', 'true']);
  assert.equal(r.status, 255);
  const e = await sshFailureError('gpu', r.stderr.toString(), false, () => Promise.reject(new Error('not needed')));
  assert.equal(e.kind, 'unreachable');
  assert.equal(e.message, `Cannot reach gpu: ssh: connect to host 127.0.0.1 port ${port}: Connection refused`);
  assert.ok(!e.detail.includes('\r'));
});

const changed = `@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
The fingerprint for the ED25519 key sent by the remote host is
SHA256:PE1sQNM+J06QwuGeux3OW8Kleu8R8XpQfBEWUdLqG/4.
Please contact your system administrator.
Host key for [127.0.0.1]:37941 has changed and you have requested strict checking.
Host key verification failed.
`;

test("ssh's texts map to kinds; a changed key's fingerprint is taken from ssh's own output", () => {
  assert.deepEqual(classifySshStderr(changed), { kind: 'host-key-changed', keyType: 'ED25519', fingerprint: 'SHA256:PE1sQNM+J06QwuGeux3OW8Kleu8R8XpQfBEWUdLqG/4' });
  assert.deepEqual(classifySshStderr('No ED25519 host key is known for [127.0.0.1]:37941 and you have requested strict checking.\nHost key verification failed.\n'), {
    kind: 'host-key-unknown',
    keyType: 'ED25519',
  });
  assert.equal(classifySshStderr('root@127.0.0.1: Permission denied (publickey).').kind, 'auth-failed');
  assert.equal(classifySshStderr('ssh: Could not resolve hostname gpu: Name or service not known').kind, 'unreachable');
  assert.equal(classifySshStderr('ssh: connect to host 10.0.0.1 port 22: Connection timed out').kind, 'unreachable');
  assert.equal(classifySshStderr('ssh: connect to host 10.0.0.1 port 22: No route to host').kind, 'unreachable');
  assert.equal(classifySshStderr('something new').kind, 'other');
  // After the command started, stderr holds the command's text too: it decides nothing.
  assert.deepEqual(classifySshStderr('Permission denied (publickey)', true), { kind: 'unreachable', lost: true });
});

test('the messages are translated to zh-cn, host and fingerprint kept', () => {
  setBundle(zh);
  try {
    const m = sshFailureMessage('gpu', classifySshStderr(changed), changed);
    assert.match(m, /gpu/);
    assert.match(m, /SHA256:PE1sQNM\+J06QwuGeux3OW8Kleu8R8XpQfBEWUdLqG\/4/);
    assert.match(m, /[\u4e00-\u9fff]/);
    assert.match(sshFailureMessage('gpu', { kind: 'host-key-unknown', fingerprint: 'SHA256:abc' }, ''), /SHA256:abc.*ssh gpu|ssh gpu.*SHA256:abc/s);
  } finally {
    setBundle(undefined);
  }
});
