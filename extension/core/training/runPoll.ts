// One poll of a watched run in one ssh round trip: its status block (statusCommand's) and, for each
// log file, the bytes after the offset already read — at most `maxBytes` per file, so a first look
// at a long log comes in slices. The byte counts are fixed before the bytes are sent (the file keeps
// growing), so the reply is framed exactly: `@data FILE OFFSET LENGTH\n` then LENGTH raw bytes.
// An idle run costs the status lines and no log bytes.
// Browser-safe: no Node modules (works on Uint8Array; RemoteShell's Buffer is one).
import { parseStatus, runPath, statusCommand, type RunFiles } from './runFolder';
import { shellPath, shellQuote } from './shellQuote';

export const DEFAULT_POLL_BYTES = 4 * 1024 * 1024;

/**
 * The poll snippet: status of `name`, then each file of `offsets` (relative to the run folder, e.g.
 * `train.log`, `output/trainer_log.jsonl`) from its offset. A file shorter than its offset (it was
 * rewritten) is sent from 0, and its block says so by its OFFSET.
 */
export function pollCommand(root: string, name: string, offsets: Readonly<Record<string, number>>, maxBytes = DEFAULT_POLL_BYTES): string {
  const lines = [statusCommand(root, [name])];
  lines.push(
    'rd() {',
    '  [ -f "$1" ] || return 0',
    '  s=$(wc -c < "$1" | tr -cd 0-9); o=$3',
    '  [ "$s" -lt "$o" ] && o=0',
    '  n=$((s - o)); [ "$n" -gt "$4" ] && n=$4',
    '  [ "$n" -gt 0 ] || return 0',
    '  printf "@data %s %s %s\\n" "$2" "$o" "$n"',
    '  tail -c +$((o + 1)) -- "$1" | head -c "$n"',
    '}',
  );
  for (const [file, offset] of Object.entries(offsets)) {
    if (!Number.isInteger(offset) || offset < 0) throw new Error(`pollCommand: bad offset ${offset} for ${file}`);
    if (/[\s\n]/.test(file)) throw new Error(`pollCommand: file names with spaces are not polled: ${file}`);
    lines.push(`rd ${shellPath(runPath(root, name, file))} ${shellQuote(file)} ${offset} ${Math.max(1, Math.floor(maxBytes))}`);
  }
  return lines.join('\n');
}

export interface PollChunk {
  /** Where the bytes start in the file (0 after a rewrite, when less than the offset asked for). */
  offset: number;
  bytes: Uint8Array;
}

export interface PollResult {
  status: RunFiles;
  /** File → its new bytes; a file with none is absent. */
  chunks: Record<string, PollChunk>;
}

const MARK = new TextEncoder().encode('@data ');

function startsWithAt(buf: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (at + prefix.length > buf.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

/** Reads pollCommand's reply. The status part is text; each data block is cut by its byte count, never decoded here. */
export function parsePoll(stdout: Uint8Array, name: string): PollResult {
  const decoder = new TextDecoder();
  // The status lines come first and hold no `@data `; find the first block header at a line start.
  let first = stdout.length;
  for (let i = 0; i < stdout.length; i++) {
    if ((i === 0 || stdout[i - 1] === 10) && startsWithAt(stdout, i, MARK)) {
      first = i;
      break;
    }
  }
  const [status] = parseStatus(decoder.decode(stdout.subarray(0, first)), [name]);
  const chunks: Record<string, PollChunk> = {};
  let at = first;
  while (at < stdout.length && startsWithAt(stdout, at, MARK)) {
    const nl = stdout.indexOf(10, at);
    if (nl < 0) break;
    const [, file, offset, length] = decoder.decode(stdout.subarray(at, nl)).split(' ');
    const n = Number(length);
    const start = nl + 1;
    // A short block (the connection dropped) is dropped whole: the next poll asks again from the same offset.
    if (!Number.isInteger(n) || start + n > stdout.length) break;
    chunks[file] = { offset: Number(offset), bytes: stdout.subarray(start, start + n) };
    at = start + n;
  }
  return { status, chunks };
}
