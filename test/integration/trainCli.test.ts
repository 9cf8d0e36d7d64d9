// `lexreview hosts`, `train`, `runs`, `runs log --follow`, `runs cancel` as a user types them,
// against a real sshd on loopback (sshd.ts) with fakeTrainer/llamafactory-cli on the host's PATH,
// and ssh's refusals as the CLI reports them (exit 255, the host and what to do).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSshd, type Sshd } from './sshd';

const repo = join(__dirname, '..', '..');
let sshd: Sshd;
let root: string;
let dataset: string;

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repo, 'bin', 'lexreview.js'), ...args], { env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const remote = () => ['--ssh-config', sshd.configFile, '--root', root];

before(async () => {
  execFileSync(process.execPath, [join(repo, 'scripts', 'build.mjs')], { cwd: repo });
  sshd = await startSshd();
  copyFileSync(join(__dirname, 'fakeTrainer', 'llamafactory-cli'), join(sshd.binDir, 'llamafactory-cli'));
  root = join(sshd.dir, 'runs');
  const local = mkdtempSync(join(sshd.dir, 'workspace-'));
  dataset = join(local, 'law.jsonl');
  writeFileSync(dataset, Array.from({ length: 4 }, (_, i) => JSON.stringify({ instruction: `问题 ${i}`, input: '', output: `回答 ${i}` })).join('\n') + '\n');
  // A base model folder with a LLaMA-7B config.json, for the trainable share printed before launch.
  const model = join(sshd.dir, 'llama-7b');
  execFileSync('mkdir', ['-p', model]);
  writeFileSync(join(model, 'config.json'), JSON.stringify({ hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 32, vocab_size: 32000, tie_word_embeddings: false }));
});
after(async () => {
  await sshd?.stop();
});

describe('the remote-training CLI', () => {
  it('hosts lists the config file’s hosts as ssh resolves them', async () => {
    const r = await cli(['hosts', '--ssh-config', sshd.configFile]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^${sshd.hostAlias}\\t${sshd.user}@127\\.0\\.0\\.1:${sshd.port}$`, 'm'));
  });

  it('train starts a run and prints its name; runs lists it; runs log --follow prints it to the end', async () => {
    writeFileSync(join(sshd.binDir, 'fake-trainer.json'), JSON.stringify({ steps: 6, step_seconds: 0.1 }));
    const model = join(sshd.dir, 'llama-7b');
    const train = await cli(['train', '--host', sshd.hostAlias, '--dataset', dataset, '--model', model, '--method', 'lora', '--lora-rank', '256', '--epochs', '3', '--batch', '128', ...remote()]);
    assert.equal(train.code, 0, train.stderr);
    assert.equal(train.stdout, 'law_batch128_epoch3_alpaca\n');
    assert.match(train.stderr, /LoRA rank 256 on all linear layers: 8\.\d % of 6\.7\d B parameters trainable/);

    const log = await cli(['runs', 'log', 'law_batch128_epoch3_alpaca', '--follow', '--interval', '0.2', '--host', sshd.hostAlias, ...remote()]);
    assert.equal(log.code, 0, log.stderr);
    assert.match(log.stdout, /'loss': /);
    assert.match(log.stdout, /train metrics/);
    assert.match(log.stderr, /Run law_batch128_epoch3_alpaca is finished\./);

    const runs = await cli(['runs', '--host', sshd.hostAlias, '--json', ...remote()]);
    assert.equal(runs.code, 0, runs.stderr);
    const listed = JSON.parse(runs.stdout) as Array<{ name: string; state: string; spec: { lora: { rank: number } } }>;
    assert.deepEqual(listed.map((r) => [r.name, r.state, r.spec.lora.rank]), [['law_batch128_epoch3_alpaca', 'finished', 256]]);
  });

  it('runs cancel stops a running run', async () => {
    writeFileSync(join(sshd.binDir, 'fake-trainer.json'), JSON.stringify({ steps: 500, step_seconds: 0.05 }));
    const train = await cli(['train', '--host', sshd.hostAlias, '--dataset', dataset, '--model', join(sshd.dir, 'llama-7b'), '--method', 'full', '--name', 'law_batch128_epoch6_vicuna', ...remote()]);
    assert.equal(train.code, 0, train.stderr);
    assert.match(train.stderr, /Full fine-tuning: all 6\.7\d B parameters are trained\./);
    const cancel = await cli(['runs', 'cancel', 'law_batch128_epoch6_vicuna', ...remote()]); // found without --host: the config's only host
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.match(cancel.stderr, /is cancelled\./);
    const again = await cli(['runs', 'cancel', 'law_batch128_epoch6_vicuna', '--host', sshd.hostAlias, ...remote()]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /is cancelled already: there is nothing to cancel/);
  });

  it('an unknown host key is refused with exit 255, naming the host and its fingerprint', async () => {
    const r = await cli(['runs', '--host', sshd.hostAlias, '--ssh-config', sshd.clientConfig({ knownHosts: 'empty' }), '--root', root]);
    assert.equal(r.code, 1); // `runs` goes on to the other hosts, and says it could not reach this one
    assert.ok(r.stderr.includes(sshd.hostKeyFingerprint), r.stderr);
    const t = await cli(['train', '--host', sshd.hostAlias, '--dataset', dataset, '--model', '/m', '--method', 'lora', '--ssh-config', sshd.clientConfig({ knownHosts: 'empty' }), '--root', root]);
    assert.equal(t.code, 255, t.stderr);
    assert.ok(t.stderr.includes(sshd.hostKeyFingerprint), t.stderr);
    // Below the message, ssh's own words, indented, as "Show Details" shows them in VS Code.
    for (const out of [r.stderr, t.stderr]) assert.match(out, /\n {2}Host key verification failed\./, out);
  });

  it('a bad option value is a usage error before anything connects', async () => {
    const r = await cli(['train', '--host', sshd.hostAlias, '--dataset', dataset, '--model', '/m', '--method', 'qlora', ...remote()]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--method must be one of lora, full, ptuning, not 'qlora'/);
  });

  it('runs merge starts an export job on a checkpoint; runs generate answers a set from the store and imports the answers under the epoch\'s name', async () => {
    const run = 'law_batch128_epoch3_alpaca'; // trained above: 6 steps over 3 epochs, a checkpoint per epoch
    const merge = await cli(['runs', 'merge', run, '--checkpoint', 'checkpoint-6', '--host', sshd.hostAlias, ...remote()]);
    assert.equal(merge.code, 0, merge.stderr);
    assert.equal(merge.stdout, `${run}~merge-checkpoint-6\n`);

    const work = mkdtempSync(join(sshd.dir, 'review-'));
    const db = join(work, 'review.db');
    const answers = join(work, 'baseline.jsonl');
    writeFileSync(answers, ['合同违约怎么办？', '劳动仲裁的时效是多久？'].map((question) => JSON.stringify({ question, model: 'chatglm', answer: '请咨询律师。' })).join('\n') + '\n');
    assert.equal((await cli(['import', answers, '--set', 'law16', '--db', db])).code, 0);

    const missing = await cli(['runs', 'generate', run, '--set', 'nosuchset', '--checkpoint', 'checkpoint-2', '--db', db, '--host', sshd.hostAlias, ...remote()]);
    assert.equal(missing.code, 1, missing.stderr); // as `report` does: the store has no such set, nothing ran on the host
    assert.match(missing.stderr, /nosuchset/);

    const gen = await cli(['runs', 'generate', run, '--set', 'law16', '--checkpoint', 'checkpoint-2', '--penalty', '1.2', '--interval', '0.2', '--db', db, '--host', sshd.hostAlias, ...remote()]);
    assert.equal(gen.code, 0, gen.stderr);
    assert.match(gen.stderr, /predict metrics/);
    assert.match(gen.stdout, /law16: 2 answer\(s\) read \(predictions layout\).*new model\(s\): law_batch128_epoch1_penalty1\.2_alpaca/);
    // The answers as they came back, beside the store: an importer's complaint names a file the user can open.
    assert.match(readFileSync(join(work, 'predictions', `${run}~generate-checkpoint-2-penalty-1.2`, 'generated_predictions.jsonl'), 'utf8'), /"predict": "checkpoint-2: /);

    // --no-wait returns once started; the same command later imports what the finished job wrote.
    const later = ['runs', 'generate', run, '--set', 'law16', '--checkpoint', 'checkpoint-6', '--interval', '0.2', '--db', db, '--host', sshd.hostAlias, ...remote()];
    const started = await cli([...later, '--no-wait']);
    assert.equal(started.code, 0, started.stderr);
    assert.equal(started.stdout, '');
    const collected = await cli(later);
    assert.equal(collected.code, 0, collected.stderr);
    assert.match(collected.stdout, /new model\(s\): law_batch128_epoch3_penalty1_alpaca/);
    const again = await cli(later);
    assert.match(again.stdout, /0 answer\(s\) added, 0 new version\(s\), 2 unchanged/);

    const runs = JSON.parse((await cli(['runs', '--host', sshd.hostAlias, '--json', ...remote()])).stdout) as Array<{ name: string; state: string }>;
    assert.deepEqual(runs.filter((r) => r.name.startsWith(`${run}~`)).map((r) => [r.name, r.state]).sort(), [
      [`${run}~generate-checkpoint-2-penalty-1.2`, 'finished'],
      [`${run}~generate-checkpoint-6-penalty-1`, 'finished'],
      [`${run}~merge-checkpoint-6`, 'finished'],
    ]);
  });
});
