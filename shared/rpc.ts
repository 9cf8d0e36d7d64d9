// A small typed request/reply channel over postMessage, used by both ends of every panel.
// A panel's protocol maps each request name to a [params, result] tuple and each event name to
// its payload, so the compiler checks both the host and the browser side.

export type RequestMap = Record<string, [unknown, unknown]>;
export type EventMap = Record<string, unknown>;

export type RequestMessage<R extends RequestMap> = {
  [K in keyof R]: { kind: 'request'; id: number; method: K; params: R[K][0] };
}[keyof R];

export type ResponseMessage = { kind: 'response'; id: number; result?: unknown; error?: string };

export type EventMessage<E extends EventMap> = {
  [K in keyof E]: { kind: 'event'; name: K; payload: E[K] };
}[keyof E];

export interface Port {
  postMessage(message: unknown): unknown;
}

/** The asking side: `call('getRows', {...})` resolves with the typed result. */
export class RpcClient<R extends RequestMap> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(private readonly port: Port) {}

  call<K extends keyof R & string>(method: K, params: R[K][0]): Promise<R[K][1]> {
    const id = this.nextId++;
    const message: RequestMessage<R> = { kind: 'request', id, method, params } as RequestMessage<R>;
    return new Promise<R[K][1]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.postMessage(message);
    });
  }

  /** Feed every incoming message here; returns true when it was a response to a call. */
  handle(message: unknown): boolean {
    const m = message as ResponseMessage;
    if (m?.kind !== 'response') return false;
    const p = this.pending.get(m.id);
    if (!p) return true;
    this.pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.result);
    return true;
  }
}

export type Handlers<R extends RequestMap> = { [K in keyof R]: (params: R[K][0]) => R[K][1] | Promise<R[K][1]> };

/** The answering side: dispatches requests to handlers and posts the replies (errors as text). */
export async function answer<R extends RequestMap>(port: Port, handlers: Handlers<R>, message: unknown): Promise<boolean> {
  const m = message as RequestMessage<R>;
  if (m?.kind !== 'request') return false;
  const handler = handlers[m.method] as ((p: unknown) => unknown) | undefined;
  let reply: ResponseMessage;
  try {
    if (!handler) throw new Error(`No handler for ${String(m.method)}`);
    reply = { kind: 'response', id: m.id, result: await handler(m.params) };
  } catch (e) {
    reply = { kind: 'response', id: m.id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
  return true;
}

export function event<E extends EventMap, K extends keyof E>(name: K, payload: E[K]): EventMessage<E> {
  return { kind: 'event', name, payload } as EventMessage<E>;
}
