// `npm run bench:data -- [--records N] [--seed S] [--format json|jsonl] [--out PATH]`
// Writes a deterministic legal dataset in the original {"input","output"} layout. The JSON
// variant is pretty-printed like the published 52k file. Streams, so a million records is fine.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { legalRecords } from './legalText';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

export async function generate(out: string, records: number, seed: number, format: 'json' | 'jsonl'): Promise<void> {
  await mkdir(dirname(out), { recursive: true });
  const stream = createWriteStream(out);
  let buf = format === 'json' ? '[\n' : '';
  let i = 0;
  for (const rec of legalRecords(records, seed)) {
    if (format === 'json') {
      const body = JSON.stringify(rec, null, 2).replace(/\n/g, '\n  ');
      buf += (i > 0 ? ',\n  ' : '  ') + body;
    } else {
      buf += JSON.stringify(rec) + '\n';
    }
    i++;
    if (buf.length > 1 << 20) {
      const full = !stream.write(buf);
      buf = '';
      if (full) await once(stream, 'drain');
    }
  }
  if (format === 'json') buf += records > 0 ? '\n]\n' : ']\n';
  stream.end(buf);
  await once(stream, 'finish');
}

if (require.main === module) {
  const records = Number(arg('records', '52000'));
  const seed = Number(arg('seed', '52'));
  const format = arg('format', 'json') === 'jsonl' ? 'jsonl' : 'json';
  const out = arg('out', `bench/data/law_${records >= 1000 ? `${Math.round(records / 1000)}k` : records}.${format}`);
  generate(out, records, seed, format).then(
    () => console.log(`wrote ${records} records to ${out}`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
