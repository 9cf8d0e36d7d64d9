// The dataset editor webview's logic without a browser: search highlighting (agreeing with the
// host's match count), the row block cache, keyboard navigation, saved state, and the editor
// model against a fake host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileSearch } from '../../extension/core/dataset/document/datasetView';
import { EditorModel, type Call } from '../../webview/datasetEditor/editorModel';
import type { RecordDetail, Requests, RowData, SearchSpec, ViewSpec } from '../../shared/datasetEditor/protocol';
import { RowCache } from '../../webview/datasetEditor/rowCache';
import { searchPattern, splitMatches } from '../../webview/datasetEditor/searchPattern';
import { navigate, stepWrapped } from '../../webview/datasetEditor/selectionNav';
import { INITIAL_STATE, nextSort, restoreState } from '../../webview/datasetEditor/viewState';

const spec = (query: string, regex = false, caseSensitive = false): SearchSpec => ({ query, regex, caseSensitive });

test('splitMatches marks every match and keeps the text whole', () => {
  const segs = splitMatches('盗窃罪：盗窃公私财物', searchPattern(spec('盗窃')));
  assert.deepEqual(segs, [
    { text: '盗窃', match: true },
    { text: '罪：', match: false },
    { text: '盗窃', match: true },
    { text: '公私财物', match: false },
  ]);
  assert.deepEqual(splitMatches('a.b', searchPattern(spec('.'))), [
    { text: 'a', match: false },
    { text: '.', match: true },
    { text: 'b', match: false },
  ]);
  assert.deepEqual(splitMatches('abc', undefined), [{ text: 'abc', match: false }]);
  assert.deepEqual(splitMatches('', searchPattern(spec('x'))), []);
});

test('splitMatches: markup in record text stays text, empty regex matches mark nothing, the cap holds', () => {
  const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  assert.equal(splitMatches(evil, searchPattern(spec('script'))).map((s) => s.text).join(''), evil);
  assert.deepEqual(splitMatches('ab', searchPattern(spec('x*', true))), [{ text: 'ab', match: false }]);
  const capped = splitMatches('aaaaa', searchPattern(spec('a')), 2);
  assert.equal(capped.filter((s) => s.match).length, 2);
  assert.equal(capped.map((s) => s.text).join(''), 'aaaaa');
});

test('searchPattern: invalid regex and empty query give no pattern', () => {
  assert.equal(searchPattern(spec('(', true)), undefined);
  assert.equal(searchPattern(spec('')), undefined);
  assert.equal(searchPattern(undefined), undefined);
});

// (Empty regex matches are the exception: the host counts them, there is nothing to mark.)
test('highlights agree with the host count for plain, case-sensitive and regex searches', () => {
  const text = 'Theft THEFT theft; 盗窃 盗窃罪 a+b (a+b) USER: x';
  for (const s of [spec('theft'), spec('theft', false, true), spec('盗窃'), spec('a+b'), spec('(a+b)'), spec('t.e', true), spec('\\w+', true, true)]) {
    const count = compileSearch(s);
    assert.equal(typeof count, 'function');
    const marked = splitMatches(text, searchPattern(s)).filter((seg) => seg.match).length;
    assert.equal(marked, (count as (t: string) => number)(text), JSON.stringify(s));
  }
});

const row = (r: number): RowData => ({ row: r, cells: [`r${r}`], lengths: [2], edited: false });

test('RowCache fetches whole blocks once and drops answers of an older generation', async () => {
  const asked: Array<[number, number]> = [];
  const gates: Array<() => void> = [];
  let loads = 0;
  const cache = new RowCache(
    (start, end) => {
      asked.push([start, end]);
      return new Promise((resolve) => gates.push(() => resolve(Array.from({ length: end - start }, (_, i) => row(start + i)))));
    },
    () => loads++,
    10,
  );
  cache.reset(25);
  assert.equal(cache.get(3), undefined);
  assert.equal(cache.get(4), undefined); // same block: no second request
  cache.ensure(5, 25);
  assert.deepEqual(asked, [
    [0, 10],
    [10, 20],
    [20, 25],
  ]);
  gates.shift()!();
  await new Promise((r) => setImmediate(r));
  assert.equal(cache.get(3)?.row, 3);
  assert.equal(loads, 1);

  cache.reset(25); // a new view: the two pending answers belong to the old one
  gates.shift()!();
  gates.shift()!();
  await new Promise((r) => setImmediate(r));
  assert.equal(loads, 1);
  assert.equal(cache.get(12), undefined);
});

test('RowCache keeps stale rows visible after an edit until the new ones arrive, and evicts old blocks', async () => {
  let value = 0;
  const cache = new RowCache(async (start, end) => Array.from({ length: end - start }, (_, i) => ({ ...row(start + i), cells: [`v${value}`] })), () => {}, 10, 2);
  cache.reset(40);
  cache.ensure(0, 30);
  await new Promise((r) => setImmediate(r));
  assert.equal(cache.get(25)?.cells[0], 'v0');
  assert.equal(cache.get(5)?.cells[0], undefined); // block 0 was evicted (2 blocks kept), reloading
  await new Promise((r) => setImmediate(r));
  value = 1;
  cache.reset(40, true);
  assert.equal(cache.get(5)?.cells[0], 'v0', 'stale row while loading');
  await new Promise((r) => setImmediate(r));
  assert.equal(cache.get(5)?.cells[0], 'v1');
});

test('keyboard navigation and wrapping jumps', () => {
  assert.equal(navigate('ArrowDown', 3, 10, 5), 4);
  assert.equal(navigate('ArrowDown', 9, 10, 5), 9);
  assert.equal(navigate('ArrowUp', 0, 10, 5), 0);
  assert.equal(navigate('PageDown', 3, 10, 5), 8);
  assert.equal(navigate('PageDown', 8, 10, 5), 9);
  assert.equal(navigate('PageUp', 3, 10, 5), 0);
  assert.equal(navigate('Home', 5, 10, 5), 0);
  assert.equal(navigate('End', 5, 10, 5), 9);
  assert.equal(navigate('ArrowDown', -1, 10, 5), 0);
  assert.equal(navigate('ArrowUp', -1, 10, 5), 9);
  assert.equal(navigate('a', 3, 10, 5), undefined);
  assert.equal(navigate('ArrowDown', 0, 0, 5), undefined);
  assert.equal(stepWrapped(9, 1, 10), 0);
  assert.equal(stepWrapped(0, -1, 10), 9);
  assert.equal(stepWrapped(-1, -1, 10), 9);
  assert.equal(stepWrapped(0, 1, 0), undefined);
});

test('sorting toggles, and saved state is checked field by field', () => {
  assert.deepEqual(nextSort(undefined, 'output'), { key: 'output', descending: false });
  assert.deepEqual(nextSort({ key: 'output', descending: false }, 'output'), { key: 'output', descending: true });
  assert.deepEqual(nextSort({ key: 'output', descending: true }, 'length'), { key: 'length', descending: false });
  assert.deepEqual(restoreState(undefined), INITIAL_STATE);
  assert.deepEqual(restoreState({ view: { filter: 'nonsense', search: { query: 7 } }, selectedRow: 'x', scrollTop: -5 }), INITIAL_STATE);
  const good = { view: { filter: 'blank', search: spec('盗窃', true), sort: { key: '#', descending: true } }, selectedRow: 4, scrollTop: 96, columnWidths: { output: 320 } };
  assert.deepEqual(restoreState(good), good);
  // Column widths: numbers only, kept within the limits.
  assert.deepEqual(restoreState({ ...good, columnWidths: { input: 'wide', output: 3, instruction: 1e9 } }).columnWidths, { output: 40, instruction: 4000 });
});

/** A host over an array of records: the view is the records whose text contains the query. */
function fakeHost(texts: string[]) {
  const calls: Array<{ method: string; params: unknown }> = [];
  let spec: ViewSpec = { filter: 'all' };
  // Record identities, as the host's row refs: a new one whenever a record is edited.
  let nextKey = texts.length;
  const keys = texts.map((_, i) => i);
  const view = () => texts.map((_, i) => i).filter((i) => !spec.search || texts[i].includes(spec.search.query));
  const handlers: { [K in keyof Requests]?: (p: Requests[K][0]) => Requests[K][1] } = {
    ready: () => {},
    setView: (s) => {
      spec = s;
      return { count: view().length, total: texts.length, matches: s.search ? view().length : undefined };
    },
    getRows: ({ start, end }) => view().slice(start, end).map(row),
    viewPosition: ({ row: r }) => view().indexOf(r),
    getRecord: ({ row: r }): RecordDetail => ({ row: r, key: keys[r], json: '{}', fields: [{ path: ['output'], label: 'output', text: texts[r] }] }),
    editField: ({ row: r, key, value, session }) => {
      // As the host does: an edit typed in a record that is no longer at its row is refused; the
      // later texts of one typing session extend its edit (the record keeps its key).
      if (keys[r] !== key) throw new Error('The record changed while you were editing it');
      const extends_ = typing?.session === session && typing.key === key;
      if (!extends_) {
        keys[r] = nextKey++;
        typing = { session, key: keys[r], before: texts[r] };
        edits.push({ row: r, before: texts[r], after: value });
      } else edits[edits.length - 1].after = value;
      texts[r] = value;
      return { key: keys[r] };
    },
    runCommand: ({ command }) => {
      commands.push({ command, texts: [...texts] });
      typing = undefined;
      const last = edits.at(-1);
      if (command === 'undo' && last) {
        texts[last.row] = last.before;
        edits.pop();
      }
    },
  };
  let typing: { session: number; key: number; before: string } | undefined;
  const edits: Array<{ row: number; before: string; after: string }> = [];
  /** Commands run, with the texts the host had when each ran. */
  const commands: Array<{ command: string; texts: string[] }> = [];
  const call = (async (method: keyof Requests, params: unknown) => {
    calls.push({ method, params });
    const h = handlers[method] as ((p: unknown) => unknown) | undefined;
    if (!h) throw new Error(`unexpected ${method}`);
    return h(params);
  }) as Call;
  return { call, calls, texts, edits, commands };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const init = { fileName: 'f.json', format: 'json' as const, layout: 'original', layoutLabel: 'original', columns: [{ key: 'output', role: 'answer' as const }], count: 4, errors: [], readonly: false, l10n: undefined };

test('EditorModel: opens on the first record, a search shows its first match, an edit keeps the record', async () => {
  const host = fakeHost(['盗窃', '诈骗', '抢劫', '诈骗罪']);
  const model = new EditorModel(host.call, () => {}, INITIAL_STATE);
  await model.start(init);
  await settle();
  assert.equal(model.selectedRow, 0);
  assert.equal(model.selectedIndex, 0);
  assert.equal(model.record?.fields[0].text, '盗窃');

  await model.setSearch(spec('诈骗'));
  await settle();
  assert.deepEqual([model.selectedRow, model.selectedIndex, model.info?.count], [1, 0, 2]);
  model.nextMatch(1);
  await settle();
  assert.deepEqual([model.selectedRow, model.selectedIndex], [3, 1]);
  model.nextMatch(1);
  await settle();
  assert.deepEqual([model.selectedRow, model.selectedIndex], [1, 0], 'wraps around');

  // Typing into the field, then the edit takes the record out of the search: it stays selected.
  model.setDraft(1, ['output'], '抢夺');
  await model.commitDraft();
  assert.equal(host.texts[1], '抢夺');
  model.handleEvent({ kind: 'event', name: 'changed', payload: { count: 4 } });
  await settle();
  await settle();
  assert.deepEqual([model.selectedRow, model.selectedIndex, model.info?.count], [1, -1, 1]);
  assert.equal(model.record?.fields[0].text, '抢夺');
});

test('EditorModel: an unchanged draft sends nothing; a slow older search never overwrites a newer one', async () => {
  const host = fakeHost(['a', 'b', 'ab']);
  const model = new EditorModel(host.call, () => {}, INITIAL_STATE);
  await model.start(init);
  await settle();
  model.setDraft(0, ['output'], 'a');
  await model.commitDraft();
  assert.equal(host.calls.filter((c) => c.method === 'editField').length, 0);

  // The first setView answers after the second.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const slow: Call = (async (method: keyof Requests, params: unknown) => {
    if (method === 'setView' && (params as ViewSpec).search?.query === 'a') await gate;
    return host.call(method, params as never);
  }) as Call;
  const model2 = new EditorModel(slow, () => {}, INITIAL_STATE);
  await model2.start(init);
  const first = model2.setSearch(spec('a'));
  await model2.setSearch(spec('b'));
  release();
  await first;
  await settle();
  assert.equal(model2.view.search?.query, 'b');
  assert.deepEqual([model2.info?.count, model2.selectedRow], [2, 1]);
});

test('EditorModel: saved state restores the view and selection; failures are shown, not thrown', async () => {
  const host = fakeHost(['a', 'b', 'ab']);
  const saved: unknown[] = [];
  const model = new EditorModel(host.call, (s) => saved.push(s), { view: { filter: 'all', search: spec('b') }, selectedRow: 2, scrollTop: 0, columnWidths: {} });
  await model.start(init);
  await settle();
  assert.deepEqual([model.selectedRow, model.selectedIndex], [2, 1]);
  await model.addRecord(); // the fake host has no insertRecord
  assert.match(model.error ?? '', /unexpected insertRecord/);
  await new Promise((r) => setTimeout(r, 250));
  assert.deepEqual(saved.at(-1), { view: { filter: 'all', search: spec('b') }, selectedRow: 2, scrollTop: 0, columnWidths: {} });
  // A resized column is saved with the rest (per panel: each webview has its own state).
  model.setColumnWidth('output', 250.4);
  await new Promise((r) => setTimeout(r, 250));
  assert.deepEqual((saved.at(-1) as { columnWidths: unknown }).columnWidths, { output: 250 });
  model.setColumnWidth('output', undefined);
  assert.deepEqual(model.columnWidths, {});
});

test('EditorModel: typing reaches the host as it goes, as one edit; undo waits for it and takes back exactly it', async () => {
  const host = fakeHost(['回答10', '回答11', '回答12']);
  const model = new EditorModel(host.call, () => {}, INITIAL_STATE);
  await model.start(init);
  await settle();
  const edits = () => host.calls.filter((c) => c.method === 'editField').length;

  // An earlier, committed edit of record 1.
  model.setDraft(0, ['output'], '回答10AAA');
  await model.commitDraft();
  assert.equal(host.texts[0], '回答10AAA');

  await model.selectIndex(2);
  await settle();
  assert.equal(model.record?.row, 2);
  // The first keystroke is sent at once (the tab is dirty from then on); later ones after a pause.
  model.setDraft(2, ['output'], '回答12B');
  await settle();
  assert.equal(host.texts[2], '回答12B');
  model.setDraft(2, ['output'], '回答12BB');
  model.setDraft(2, ['output'], '回答12BBB');
  assert.equal(host.texts[2], '回答12B', 'not yet: the typing has not paused');
  assert.equal(model.shownText(2, ['output'], '回答12B'), '回答12BBB', 'the field shows what is typed');
  assert.equal(model.typingPending, true);

  // Ctrl+Z now: the typing reaches the host first, then the undo runs, and takes back all of it.
  await model.hostCommand('undo');
  assert.deepEqual(host.commands.map((c) => [c.command, c.texts[2]]), [['undo', '回答12BBB']]);
  assert.equal(host.texts[2], '回答12', 'the typing is undone');
  assert.equal(host.texts[0], '回答10AAA', 'the earlier edit of another record stays');
  assert.equal(host.edits.length, 1);

  // The typing ended: the field shows the document again once the record is reloaded.
  model.handleEvent({ kind: 'event', name: 'changed', payload: { count: 3 } });
  await settle();
  await settle();
  assert.equal(model.typingPending, false);
  assert.equal(model.record?.fields[0].text, '回答12');

  // Typing after a pause is sent without any commit; a new stretch of typing is a new edit whose
  // key is the one the last answer gave (no "record changed" refusal).
  model.setDraft(2, ['output'], '回答12C');
  await settle();
  model.setDraft(2, ['output'], '回答12CD');
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(host.texts[2], '回答12CD');
  await model.commitDraft();
  model.setDraft(2, ['output'], '回答12CDE');
  await model.commitDraft();
  assert.equal(host.texts[2], '回答12CDE');
  assert.equal(model.error, undefined);
  assert.equal(host.edits.length, 3, 'two stretches of typing, two edits');
  assert.ok(edits() >= 4);
});

test('EditorModel: a flush before a save sends the typing and answers', async () => {
  const host = fakeHost(['a', 'b']);
  const flushed: number[] = [];
  const call = (async (method: keyof Requests, params: unknown) => {
    if (method === 'flushed') {
      flushed.push((params as { id: number }).id);
      return undefined;
    }
    return host.call(method, params as never);
  }) as Call;
  const model = new EditorModel(call, () => {}, INITIAL_STATE);
  await model.start(init);
  await settle();
  model.setDraft(0, ['output'], 'ax');
  model.setDraft(0, ['output'], 'axy');
  model.handleEvent({ kind: 'event', name: 'flush', payload: { id: 7 } });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(flushed, [7]);
  assert.equal(host.texts[0], 'axy');
});

test('RowCache.prime: rows sent with init fill the blocks they cover whole, and are not asked for', () => {
  const asked: Array<[number, number]> = [];
  const cache = new RowCache(async (start, end) => (asked.push([start, end]), []), () => {}, 10);
  cache.reset(25);
  cache.prime(Array.from({ length: 15 }, (_, i) => row(i)));
  assert.equal(cache.get(9)?.row, 9);
  assert.equal(cache.get(12), undefined, 'a part of a block is not a block');
  assert.deepEqual(asked, [[10, 20]]);
  cache.reset(5);
  cache.prime(Array.from({ length: 5 }, (_, i) => row(i)));
  assert.equal(cache.get(4)?.row, 4, 'the last block ends with the view');
  assert.deepEqual(asked, [[10, 20]]);
});

test('EditorModel: the first rows that come with init show without a request; rows of another view are ignored', async () => {
  const host = fakeHost(['盗窃', '诈骗', '抢劫', '诈骗罪']);
  const model = new EditorModel(host.call, () => {}, INITIAL_STATE);
  await model.ready();
  assert.deepEqual(host.calls[0], { method: 'ready', params: { view: { filter: 'all' }, selectedRow: -1, rows: model.rows.blockSize } });
  const rows = [0, 1, 2, 3].map(row);
  const first = { view: { filter: 'all' as const }, info: { count: 4, total: 4 }, rows, selectedRow: -1, selectedIndex: -1 };
  host.calls.length = 0;
  void model.start({ ...init, first });
  // At once, before any answer: the view, its rows and the selection of its first record.
  assert.deepEqual([model.info?.count, model.selectedRow, model.selectedIndex, model.rows.get(3)?.row], [4, 0, 0, 3]);
  assert.deepEqual(host.calls.map((c) => c.method), ['getRecord'], 'only the detail pane asks');
  await settle();
  assert.equal(model.record?.fields[0].text, '盗窃');

  // Restored with a search, the first rows of the unfiltered view are not its rows.
  const other = new EditorModel(host.call, () => {}, { view: { filter: 'all', search: spec('诈骗') }, selectedRow: -1, scrollTop: 0, columnWidths: {} });
  host.calls.length = 0;
  await other.start({ ...init, first });
  await settle();
  assert.deepEqual(host.calls.map((c) => c.method).slice(0, 2), ['setView', 'getRows']);
  assert.deepEqual([other.info?.count, other.selectedRow], [2, 1]);
});
