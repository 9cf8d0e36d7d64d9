// The review panel's model wired to its host over the real RPC and a real SQLite store file, for
// the panel's unit tests (reviewPanelModel.test.ts, reviewPanelEvidence.test.ts): the webview's
// ReviewModel at one end, ReviewPanelRequests at the other, postMessage's asynchrony between.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { english } from '../../extension/core/l10n';
import type { AnswerImportRow } from '../../extension/core/review/answerImport';
import { ReviewPanelRequests } from '../../extension/features/reviewPanel/panelRequests';
import { ReviewStore } from '../../extension/store/reviewStore';
import { answer, RpcClient, type EventMessage } from '../../shared/rpc';
import type { Events, Requests } from '../../shared/reviewPanel/protocol';
import type { KeyInput } from '../../webview/reviewPanel/keys';
import { ReviewModel, type Call } from '../../webview/reviewPanel/reviewModel';

export const SET = 'law4';
export const BASE = 'chatglm_baseline';
export const MODELS = [BASE, 'law_a', 'law_b'];
export const EVIL = '<img src=x onerror=alert(1)> 第二百六十四条';

export function rows(questions: number): AnswerImportRow[] {
  const out: AnswerImportRow[] = [];
  for (const model of MODELS) {
    for (let q = 1; q <= questions; q++) {
      const answer = q === 2 && model === 'law_a' ? EVIL : `${model} 对问题 ${q} 的回答`;
      out.push({ questionKey: `q${q}`, keyedBy: 'id', question: `问题 ${q}`, model, answer, category: q === 4 ? 'general' : 'legal', location: { file: 'a.jsonl', line: out.length + 1, record: out.length } });
    }
  }
  return out;
}

/** A store with 4 questions × 3 models, a host for reviewer `li`, and the webview's model wired to it. */
export function setup(opts: { delay?: (method: string, params: unknown) => Promise<void>; store?: ReviewStore; reviewer?: string; rows?: AnswerImportRow[] } = {}) {
  const store = opts.store ?? ReviewStore.open(join(mkdtempSync(join(tmpdir(), 'lexreview-panel-')), 'review.db'), { actor: 'test-panel' });
  if (!opts.store) store.importAnswers(opts.rows ?? rows(4), { set: SET });
  const changes: string[] = [];
  let model: ReviewModel;
  const host = new ReviewPanelRequests(
    { set: SET, baseline: BASE, reviewer: opts.reviewer ?? 'li', store: () => store, changed: (s) => changes.push(s), t: english, bundle: undefined },
    (name, payload) => setImmediate(() => model.handleEvent({ kind: 'event', name, payload } as EventMessage<Events>)),
  );
  // Both ends of the real channel, as postMessage would join them: asynchronous, in order.
  const client: RpcClient<Requests> = new RpcClient<Requests>({
    postMessage: (m) => setImmediate(async () => {
      const request = m as { method: string; params: unknown };
      await opts.delay?.(request.method, request.params);
      await answer<Requests>({ postMessage: (reply) => setImmediate(() => client.handle(reply)) }, host.handlers, m);
    }),
  });
  const call: Call = (method, params) => client.call(method, params);
  model = new ReviewModel(call);
  return { store, model, changes, host };
}

/** Resolves once the model's state satisfies `condition` (it changes as answers arrive). */
export function until(model: ReviewModel, condition: () => boolean): Promise<void> {
  if (condition()) return Promise.resolve();
  return new Promise((resolve) => {
    const off = model.subscribe(() => {
      if (condition()) {
        off();
        resolve();
      }
    });
  });
}

/** Resolves once `condition` holds, looking after each turn of the event loop (a prefetch notifies nobody). */
export async function eventually(condition: () => boolean): Promise<void> {
  for (let turn = 0; !condition(); turn++) {
    if (turn > 1000) throw new Error('the condition never came true');
    await new Promise((r) => setImmediate(r));
  }
}

export async function opened(opts?: Parameters<typeof setup>[0]) {
  const s = setup(opts);
  await s.model.ready();
  await until(s.model, () => s.model.item !== undefined);
  return s;
}

export const key = (k: Partial<KeyInput> & { key: string }): KeyInput => ({ code: '', shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, focus: 'other', ...k });

