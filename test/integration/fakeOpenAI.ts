// A local OpenAI-compatible server for the judge's tests and benchmark: enough of the Chat
// Completions, Files and Batches API for the real `openai` client, with scriptable faults (429 with
// Retry-After, 500, a hang, a deviant reply, a non-JSON body, latency). It records every request,
// with the time it arrived, so a test can count requests and measure the waits between them, and
// it checks the Authorization header the way OpenAI does (a wrong key gets 401, the key echoed in
// the message, so the client's redaction is tested too).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
}

/** What the server does with one chat completion request. */
export type Behaviour =
  | { kind: 'reply'; content: string | null; promptTokens?: number; completionTokens?: number }
  | { kind: 'status'; status: number; headers?: Record<string, string>; message?: string }
  | { kind: 'hang' }
  | { kind: 'garbage'; body?: string; contentType?: string };

export interface RespondContext {
  /** 0-based count of chat requests so far (the batch's lines included). */
  n: number;
  /** How many times this exact request body has come, this one included (1 on a first attempt). */
  attempt: number;
  /** True for a line of a batch. */
  batch: boolean;
}

export interface FakeOpenAIOptions {
  /** The key the server accepts. */
  apiKey: string;
  /** Before each chat completion reply (not for a hang); default 0. */
  latencyMs?: number;
  /** The behaviour for each request; a string is a reply. Default: "8 7" and an explanation. */
  respond?: (request: ChatRequest, ctx: RespondContext) => Behaviour | string;
  /** How many retrieves a batch stays `in_progress` before it completes; default 1. */
  batchPolls?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** performance.now() when the request's body had arrived. */
  at: number;
  authorization: string | undefined;
  /** Parsed JSON for JSON requests. */
  body: unknown;
}

interface StoredFile {
  id: string;
  purpose: string;
  filename: string;
  content: Buffer;
}

interface FakeBatch {
  id: string;
  input_file_id: string;
  endpoint: string;
  completion_window: string;
  status: string;
  created_at: number;
  output_file_id?: string;
  error_file_id?: string;
  polls: number;
}

export interface FakeOpenAI {
  /** The baseURL for the client, ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  chatRequests(): RecordedRequest[];
  /** Holds batches `in_progress` (whatever batchPolls says) until released. */
  holdBatches(hold: boolean): void;
  batches(): FakeBatch[];
  close(): Promise<void>;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const files = new Map<string, StoredFile>();
  const batches = new Map<string, FakeBatch>();
  const attempts = new Map<string, number>();
  let chatCount = 0;
  let ids = 0;
  let hold = false;
  const respond = options.respond ?? (() => '8 7\n两个回答都正确，助手1更完整。');

  function behaviourFor(raw: string, request: ChatRequest, batch: boolean): Behaviour {
    const attempt = (attempts.get(raw) ?? 0) + 1;
    attempts.set(raw, attempt);
    const b = respond(request, { n: chatCount++, attempt, batch });
    return typeof b === 'string' ? { kind: 'reply', content: b } : b;
  }

  function completion(b: Extract<Behaviour, { kind: 'reply' }>, model: string) {
    const promptTokens = b.promptTokens ?? 100;
    const completionTokens = b.completionTokens ?? 20;
    return {
      id: `chatcmpl-${++ids}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: b.content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    };
  }

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const apiError = (res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    json(res, status, { error: { message, type: status === 429 ? 'rate_limit_error' : 'server_error', code: null, param: null } }, headers);

  async function chat(res: ServerResponse, raw: string) {
    const request = JSON.parse(raw) as ChatRequest;
    const b = behaviourFor(raw, request, false);
    if (b.kind === 'hang') return; // the socket stays open until the client gives up or close()
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs));
    if (res.destroyed) return;
    if (b.kind === 'status') return apiError(res, b.status, b.message ?? `fake error ${b.status}`, b.headers);
    if (b.kind === 'garbage') {
      res.writeHead(200, { 'content-type': b.contentType ?? 'application/json' });
      return res.end(b.body ?? '<html><body>502 Bad Gateway</body></html>');
    }
    json(res, 200, completion(b, request.model));
  }

  /** Runs a batch's input lines through `respond`, as OpenAI would, into an output and an error file. */
  function runBatch(batch: FakeBatch) {
    const input = files.get(batch.input_file_id)!.content.toString('utf8');
    const out: string[] = [];
    const errors: string[] = [];
    for (const line of input.split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { custom_id: string; body: ChatRequest };
      const b = behaviourFor(JSON.stringify(row.body), row.body, true);
      const id = `batch_req_${++ids}`;
      if (b.kind === 'reply') {
        out.push(JSON.stringify({ id, custom_id: row.custom_id, response: { status_code: 200, request_id: id, body: completion(b, row.body.model) }, error: null }));
      } else {
        const status = b.kind === 'status' ? b.status : 500;
        errors.push(JSON.stringify({ id, custom_id: row.custom_id, response: { status_code: status, request_id: id, body: { error: { message: b.kind === 'status' ? (b.message ?? `fake error ${status}`) : 'fake failure' } } }, error: null }));
      }
    }
    batch.output_file_id = storeFile('batch_output', 'output.jsonl', Buffer.from(out.map((l) => l + '\n').join(''))).id;
    if (errors.length) batch.error_file_id = storeFile('batch_output', 'errors.jsonl', Buffer.from(errors.map((l) => l + '\n').join(''))).id;
    batch.status = 'completed';
  }

  function storeFile(purpose: string, filename: string, content: Buffer): StoredFile {
    const f = { id: `file-${++ids}`, purpose, filename, content };
    files.set(f.id, f);
    return f;
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '').split('?')[0];
      const isJson = (req.headers['content-type'] ?? '').includes('application/json');
      let parsed: unknown;
      try {
        parsed = isJson ? JSON.parse(body.toString('utf8')) : undefined;
      } catch {
        parsed = undefined;
      }
      requests.push({ method: req.method ?? '', path, at: performance.now(), authorization: req.headers.authorization, body: parsed });
      if (req.headers.authorization !== `Bearer ${options.apiKey}`) {
        // OpenAI's own message quotes the key it got: the client must never pass that on.
        return apiError(res, 401, `Incorrect API key provided: ${String(req.headers.authorization ?? '').replace(/^Bearer /, '')}.`);
      }
      handle(req.method ?? '', path, req, res, body).catch((e: Error) => apiError(res, 500, `fake server: ${e.message}`));
    });
  });

  async function handle(method: string, path: string, req: IncomingMessage, res: ServerResponse, body: Buffer) {
    let m: RegExpMatchArray | null;
    if (method === 'POST' && path === '/v1/chat/completions') return chat(res, body.toString('utf8'));
    if (method === 'POST' && path === '/v1/files') {
      const parts = multipart(body, String(req.headers['content-type']));
      const file = parts.find((p) => p.name === 'file');
      if (!file) return apiError(res, 400, 'no file');
      const purpose = parts.find((p) => p.name === 'purpose')?.data.toString('utf8') ?? '';
      const f = storeFile(purpose, file.filename ?? 'upload', file.data);
      return json(res, 200, { id: f.id, object: 'file', bytes: f.content.length, created_at: Math.floor(Date.now() / 1000), filename: f.filename, purpose: f.purpose, status: 'processed' });
    }
    if (method === 'POST' && path === '/v1/batches') {
      const p = JSON.parse(body.toString('utf8')) as { input_file_id: string; endpoint: string; completion_window: string };
      if (!files.has(p.input_file_id)) return apiError(res, 400, `no file ${p.input_file_id}`);
      const batch: FakeBatch = { id: `batch_${++ids}`, input_file_id: p.input_file_id, endpoint: p.endpoint, completion_window: p.completion_window, status: 'validating', created_at: Math.floor(Date.now() / 1000), polls: 0 };
      batches.set(batch.id, batch);
      return json(res, 200, view(batch));
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/batches\/([^/]+)$/))) {
      const batch = batches.get(m[1]);
      if (!batch) return apiError(res, 404, `no batch ${m[1]}`);
      if (batch.status !== 'completed') {
        batch.polls++;
        if (!hold && batch.polls > (options.batchPolls ?? 1)) runBatch(batch);
        else batch.status = 'in_progress';
      }
      return json(res, 200, view(batch));
    }
    if (method === 'GET' && (m = path.match(/^\/v1\/files\/([^/]+)\/content$/))) {
      const f = files.get(m[1]);
      if (!f) return apiError(res, 404, `no file ${m[1]}`);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return res.end(f.content);
    }
    apiError(res, 404, `fake server: no route ${method} ${path}`);
  }

  const view = (b: FakeBatch) => {
    const { polls: _polls, ...rest } = b;
    return { object: 'batch', ...rest, output_file_id: b.output_file_id ?? null, error_file_id: b.error_file_id ?? null };
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    chatRequests: () => requests.filter((r) => r.path === '/v1/chat/completions'),
    holdBatches: (h) => {
      hold = h;
    },
    batches: () => [...batches.values()],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The parts of a multipart/form-data body: enough for the openai client's file upload. */
function multipart(body: Buffer, contentType: string): Array<{ name: string; filename?: string; data: Buffer }> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: Array<{ name: string; filename?: string; data: Buffer }> = [];
  let start = body.indexOf(delimiter);
  while (start >= 0) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2); // CRLF after the delimiter, before the next
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (name !== undefined) parts.push({ name, filename: /filename="([^"]*)"/.exec(head)?.[1], data: part.subarray(split + 4) });
    start = next;
  }
  return parts;
}
