// The floor that the dataset editor's first rows are measured against (test/e2e/firstRows.e2e.ts):
// the least a custom editor can do to show a dataset's first question. It reads the first 4 KB of
// the file, takes the first record out of them, and shows its question in a webview that marks
// the frame it painted in ('floor:first-row'), as the dataset editor marks its first rows.
// Plain JavaScript, no build: code-server loads this folder as it is.
const vscode = require('vscode');
const { open } = require('node:fs/promises');
const { randomBytes } = require('node:crypto');

/** The first `{…}` of the text, found with a scan that knows strings; undefined when it is cut off. */
function firstObject(text) {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return JSON.parse(text.slice(start, i + 1));
  }
  return undefined;
}

function firstQuestion(text) {
  const record = firstObject(text);
  if (!record) return text.slice(0, 200);
  const question = record.input || record.instruction || record.question || record.prompt || record.content;
  return typeof question === 'string' ? question : JSON.stringify(record).slice(0, 200);
}

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

async function readHead(path, bytes) {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(bytes), 0, bytes, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await file.close();
  }
}

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider('firstRowsFloor.editor', {
      openCustomDocument: (uri) => ({ uri, dispose() {} }),
      async resolveCustomEditor(document, panel) {
        const question = firstQuestion(await readHead(document.uri.fsPath, 4096));
        const nonce = randomBytes(16).toString('base64');
        panel.webview.options = { enableScripts: true, localResourceRoots: [] };
        panel.webview.html = `<!DOCTYPE html>
<html>
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'">
</head>
<body>
<div id="floor-question">${escapeHtml(question)}</div>
<script nonce="${nonce}">
performance.mark('floor:script');
requestAnimationFrame(() => performance.mark('floor:first-row'));
</script>
</body>
</html>`;
      },
    }),
  );
};

exports.deactivate = () => {};
