// The training index saved beside the review store, so a second scan of the same training file
// loads it instead of rebuilding (52k records: tens of milliseconds instead of seconds). One file
// per training file (named by a hash of its path) with a JSON header and the typed arrays as they
// are in memory. The header records the training file's size, mtime and SHA-1 and the index
// options: any difference, or a different format version, and the index is rebuilt. Written to a
// temp file and renamed, so a crash never leaves a half index that a later scan would trust.
// Node only.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LongOperation } from '../progress';
import { withFile } from '../dataset/reader';
import { FingerprintIndex } from './fingerprintIndex';
import { DEFAULT_QUALITY_OPTIONS, type QualityOptions } from './options';
import { TrainingIndex } from './trainingIndex';
import { buildTrainingIndex, type BuiltTrainingIndex } from './trainingIndexFile';

const MAGIC = 'LXIDX';
const FORMAT = 1;

interface Header {
  magic: string;
  format: number;
  file: string;
  size: number;
  mtimeMs: number;
  sha1: string;
  /** What shapes the index: the k and w of the leakage and the question fingerprints. */
  options: [number, number, number, number];
  records: number;
  layout: string | undefined;
  fieldNames: readonly string[];
  /** Byte lengths of the sections after the header, in order (see SECTIONS). */
  sections: number[];
}

export interface CachedIndex extends BuiltTrainingIndex {
  /** Whether the index came from the cache file. */
  cached: boolean;
  cacheFile: string;
}

/** The cache file of a training file in `dir`. */
export function indexCachePath(dir: string, trainingFile: string): string {
  return join(dir, `${createHash('sha1').update(resolve(trainingFile)).digest('hex').slice(0, 16)}.lxindex`);
}

async function fileSha1(path: string): Promise<string> {
  const h = createHash('sha1');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

function keyOptions(opts: Pick<QualityOptions, 'leakage' | 'contamination'>): Header['options'] {
  return [opts.leakage.k, opts.leakage.w, opts.contamination.k, opts.contamination.w];
}

/** The index of `trainingFile`: loaded from `dir` when the cache there is current, else built and saved. */
export async function loadOrBuildTrainingIndex(trainingFile: string, dir: string, opts: Pick<QualityOptions, 'leakage' | 'contamination'> = DEFAULT_QUALITY_OPTIONS, op: LongOperation = {}): Promise<CachedIndex> {
  const cacheFile = indexCachePath(dir, trainingFile);
  const st = await stat(trainingFile);
  const sha1 = await fileSha1(trainingFile);
  const wanted = { file: resolve(trainingFile), size: st.size, mtimeMs: st.mtimeMs, sha1, options: keyOptions(opts) };
  const loaded = await readCache(cacheFile, wanted);
  if (loaded) {
    const at = new Date();
    await utimes(cacheFile, at, at).catch(() => undefined); // the pruning below keeps the most recently used
    return { ...loaded, errors: [], cached: true, cacheFile };
  }
  const built = await withFile(trainingFile, (s) => buildTrainingIndex(s, opts, op));
  // An index of a file with unreadable records is not saved: the next scan reports them again.
  if (built.errors.length === 0) {
    await writeCache(cacheFile, wanted, built);
    await pruneIndexCache(dir, cacheFile);
  }
  return { ...built, cached: false, cacheFile };
}

/** Indexes kept per cache folder: each is about as big as its training file's text (52k records: ~45 MB). */
export const MAX_CACHED_INDEXES = 4;

/**
 * Keeps the cache folder from growing with every training file ever scanned: removes the indexes
 * of training files that no longer exist, then all but the MAX_CACHED_INDEXES most recently used,
 * and temp files a crashed write left (older than an hour). Never removes `keep` (just written).
 * Only files named like the cache's own are touched.
 */
export async function pruneIndexCache(dir: string, keep: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const live: Array<{ path: string; used: number }> = [];
  for (const name of names) {
    const path = join(dir, name);
    if (/^[0-9a-f]{16}\.lxindex\.tmp-\d+$/.test(name)) {
      const st = await stat(path).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > 3600_000) await unlink(path).catch(() => undefined);
      continue;
    }
    if (!/^[0-9a-f]{16}\.lxindex$/.test(name) || path === keep) continue;
    const file = await indexedFile(path);
    const st = await stat(path).catch(() => undefined);
    if (!st) continue;
    if (file === undefined || !(await stat(file).then(() => true, () => false))) await unlink(path).catch(() => undefined);
    else live.push({ path, used: st.mtimeMs });
  }
  live.sort((a, b) => b.used - a.used);
  for (const { path } of live.slice(MAX_CACHED_INDEXES - 1)) await unlink(path).catch(() => undefined);
}

/** The training file an index was built from, read from its header alone; undefined for a damaged file. */
async function indexedFile(path: string): Promise<string | undefined> {
  const fh = await open(path, 'r').catch(() => undefined);
  if (!fh) return undefined;
  try {
    const len = Buffer.alloc(4);
    if ((await fh.read(len, 0, 4, 0)).bytesRead < 4) return undefined;
    const n = len.readUInt32LE(0);
    if (n === 0 || n > 1 << 20) return undefined;
    const json = Buffer.alloc(n);
    if ((await fh.read(json, 0, n, 4)).bytesRead < n) return undefined;
    const header = JSON.parse(json.toString('utf8')) as Partial<Header>;
    return header.magic === MAGIC && typeof header.file === 'string' ? header.file : undefined;
  } catch {
    return undefined;
  } finally {
    await fh.close();
  }
}

type Wanted = Pick<Header, 'file' | 'size' | 'mtimeMs' | 'sha1' | 'options'>;

async function readCache(path: string, wanted: Wanted): Promise<{ index: TrainingIndex; layout: string | undefined } | undefined> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch {
    return undefined;
  }
  const headerLength = buf.length >= 4 ? buf.readUInt32LE(0) : 0;
  if (headerLength === 0 || 4 + headerLength > buf.length) return undefined;
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', 4, 4 + headerLength)) as Header;
  } catch {
    return undefined;
  }
  const same = header.magic === MAGIC && header.format === FORMAT && header.file === wanted.file && header.size === wanted.size && header.mtimeMs === wanted.mtimeMs && header.sha1 === wanted.sha1 && JSON.stringify(header.options) === JSON.stringify(wanted.options);
  if (!same) return undefined;
  let at = align(4 + headerLength);
  const take = (n: number) => {
    const b = buf.subarray(at, at + n);
    at = align(at + n);
    return b;
  };
  // Copied into fresh buffers: typed arrays need aligned offsets, and the file's buffer may not give them.
  const u32 = (b: Buffer) => new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  const u16 = (b: Buffer) => new Uint16Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  const [textChars, textLengths, textRecord, textField, ...fp] = header.sections.map((n) => take(n));
  if (fp.length !== 6 || at > align(buf.length)) return undefined;
  const joined = textChars.toString('utf16le');
  const lengths = u32(textLengths);
  const texts: string[] = new Array(lengths.length);
  for (let i = 0, pos = 0; i < lengths.length; pos += lengths[i], i++) texts[i] = joined.slice(pos, pos + lengths[i]);
  const [lk, lw, ck, cw] = wanted.options;
  const copies = new FingerprintIndex(lk, lw, u32(fp[0]), u32(fp[1]), u32(fp[2]));
  const questions = new FingerprintIndex(ck, cw, u32(fp[3]), u32(fp[4]), u32(fp[5]));
  return { index: new TrainingIndex(header.records, texts, u32(textRecord), u16(textField), header.fieldNames, copies, questions), layout: header.layout };
}

function align(n: number): number {
  return (n + 7) & ~7;
}

async function writeCache(path: string, wanted: Wanted, built: BuiltTrainingIndex): Promise<void> {
  const ix = built.index;
  const lengths = Uint32Array.from(ix.texts, (t) => t.length);
  const bytes = (a: Uint32Array | Uint16Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const sections = [
    Buffer.from(ix.texts.join(''), 'utf16le'),
    bytes(lengths),
    bytes(ix.textRecord),
    bytes(ix.textField),
    ...[ix.copies, ix.questions].flatMap((f) => [bytes(f.hashes), bytes(f.texts), bytes(f.positions)]),
  ];
  const header: Header = { magic: MAGIC, format: FORMAT, ...wanted, records: ix.records, layout: built.layout, fieldNames: ix.fieldNames, sections: sections.map((s) => s.length) };
  const json = Buffer.from(JSON.stringify(header));
  const parts: Buffer[] = [];
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  parts.push(len, json);
  let size = 4 + json.length;
  for (const s of sections) {
    const pad = align(size) - size;
    if (pad) parts.push(Buffer.alloc(pad));
    parts.push(s);
    size = align(size) + s.length;
  }
  await mkdir(resolve(path, '..'), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, Buffer.concat(parts));
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
