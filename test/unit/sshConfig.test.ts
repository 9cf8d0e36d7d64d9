// The host list from ssh config files on disk (Include with relative paths and globs, patterns
// skipped, duplicates once, extra hosts from the setting) and what the real `ssh -G` resolves.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { describeHost, listHosts, resolveHost } from '../../extension/remote/sshConfig';

let home: string;
const savedHome = process.env.HOME;
before(() => {
  // Relative Include paths are under ~/.ssh: give the test a home of its own.
  home = mkdtempSync(join(tmpdir(), 'lxr-home-'));
  process.env.HOME = home;
  mkdirSync(join(home, '.ssh', 'conf.d'), { recursive: true });
  writeFileSync(
    join(home, '.ssh', 'config'),
    [
      'Include conf.d/*.conf',
      'Host gpu gpu-backup *.internal !bastion lab?',
      '  HostName 10.1.2.3',
      '  User trainer',
      'Host gpu',
      '  Port 2222',
      'Match host cluster',
      '  Include nested',
      'host lower-case-keyword',
      'Include missing-file',
      '',
    ].join('\n'),
  );
  writeFileSync(join(home, '.ssh', 'conf.d', 'b.conf'), 'Host cluster\n  HostName login.example.org\n');
  writeFileSync(join(home, '.ssh', 'conf.d', 'a.conf'), 'Host work-a gpu\n  Include ~/.ssh/conf.d/a.conf\n');
  writeFileSync(join(home, '.ssh', 'conf.d', 'ignored.txt'), 'Host not-included\n');
  writeFileSync(join(home, '.ssh', 'nested'), 'Host inside-match\n');
});
after(() => {
  process.env.HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
});

test('aliases of ~/.ssh/config and its includes, in file order, without patterns, each once, then extra hosts', () => {
  const hosts = listHosts(undefined, ['extra-box', 'gpu', '  ', 'extra-box']);
  assert.deepEqual(
    hosts.map((h) => h.alias),
    ['work-a', 'gpu', 'cluster', 'gpu-backup', 'inside-match', 'lower-case-keyword', 'extra-box'],
  );
  assert.equal(hosts.find((h) => h.alias === 'work-a')!.file, join(home, '.ssh', 'conf.d', 'a.conf'));
  assert.equal(hosts.find((h) => h.alias === 'extra-box')!.file, undefined);
});

test('a chosen config file replaces ~/.ssh/config; a missing one has no hosts', () => {
  const file = join(home, 'other_config');
  writeFileSync(file, 'Host only-here\n');
  assert.deepEqual(listHosts(file).map((h) => h.alias), ['only-here']);
  assert.deepEqual(listHosts(join(home, 'nope')).map((h) => h.alias), []);
});

test('ssh itself resolves a host, lazily and once', async () => {
  const file = join(home, 'resolve_config');
  writeFileSync(file, 'Host gpu\n  HostName 10.1.2.3\n  User trainer\n  Port 2222\nHost *\n  User fallback\n');
  const [gpu] = listHosts(file, ['plain.example.org']);
  const first = gpu.resolve();
  assert.equal(gpu.resolve(), first);
  assert.deepEqual(await first, { hostname: '10.1.2.3', user: 'trainer', port: 2222 });
  assert.equal(describeHost(await first), 'trainer@10.1.2.3:2222');
  const plain = await resolveHost('plain.example.org', file);
  assert.deepEqual(plain, { hostname: 'plain.example.org', user: 'fallback', port: 22 });
  assert.equal(describeHost(plain), 'fallback@plain.example.org');
});
