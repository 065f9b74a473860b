/**
 * The error reference as one self-contained HTML page: inline CSS, no script, no external
 * asset, so it can be served under a strict Content-Security-Policy or saved as a file.
 * Every code's section has `id` equal to the code, so `/errors#rate_limit_exceeded` lands on it.
 * @module
 */
import type { DocsEntry, DocsModel } from './model.js'
import { retryAdvice, retrySnippet, retryText, returnedByText, sentWhenText } from './text.js'

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, char => ESCAPES[char]!)
}

/** Escaped text with `backtick` spans as `<code>`. */
function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>')
}

function statusClass(status: number): string {
  if (status === 429) return 's429'
  return status >= 500 ? 's5xx' : 's4xx'
}

const CSS = `
:root{--fg:#1d2330;--muted:#5b6475;--bg:#fff;--panel:#f6f7f9;--line:#e2e5ea;--accent:#2456c7;--c4:#a15c00;--c4bg:#fff4e0;--c429:#6a3bb5;--c429bg:#f1ebff;--c5:#b3261e;--c5bg:#fdecea}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:980px;margin:0 auto;padding:32px 24px 64px}
h1{font-size:30px;margin:0 0 8px}
h2{font-size:22px;margin:48px 0 8px;padding-top:8px;border-top:1px solid var(--line)}
h3{font-size:18px;margin:0;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:13px}
code{background:var(--panel);border:1px solid var(--line);border-radius:4px;padding:0 4px}
pre{background:#0f1623;color:#e6edf7;border-radius:8px;padding:14px 16px;overflow:auto;margin:8px 0 0}
pre code{background:none;border:0;padding:0;color:inherit}
.lead{color:var(--muted);max-width:760px}
nav.toc{display:flex;flex-wrap:wrap;gap:8px;margin:16px 0}
nav.toc a{background:var(--panel);border:1px solid var(--line);border-radius:999px;padding:2px 12px;font-size:14px}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{text-align:left;vertical-align:top;padding:6px 10px;border-bottom:1px solid var(--line)}
th{font-size:13px;color:var(--muted);font-weight:600}
.pill{display:inline-block;font-weight:700;font-size:12px;border-radius:999px;padding:1px 9px;white-space:nowrap}
.s4xx{color:var(--c4);background:var(--c4bg)}.s429{color:var(--c429);background:var(--c429bg)}.s5xx{color:var(--c5);background:var(--c5bg)}
section.code{border:1px solid var(--line);border-radius:10px;padding:16px 18px;margin:16px 0;scroll-margin-top:12px}
section.code:target{border-color:var(--accent);box-shadow:0 0 0 3px #2456c733}
.head{display:flex;align-items:center;gap:10px;flex-wrap:wrap}
.head .title{color:var(--muted)}
.builtin{font-size:12px;color:var(--muted);border:1px solid var(--line);border-radius:999px;padding:0 8px}
.head a.self{margin-left:auto;color:var(--muted);font-size:13px}
dl{display:grid;grid-template-columns:120px 1fr;gap:4px 16px;margin:12px 0}
dt{color:var(--muted);font-size:13px;padding-top:2px}dd{margin:0}
.retry-yes{color:#17753a;font-weight:600}
details summary{cursor:pointer;color:var(--muted);font-size:13px;margin-top:8px}
.label{color:var(--muted);font-size:13px;margin-top:12px}
@media (prefers-color-scheme:dark){:root{--fg:#e3e7ee;--muted:#9aa3b2;--bg:#11151c;--panel:#1a2029;--line:#2a313c;--accent:#7aa2ff;--c4bg:#3a2a10;--c4:#ffb454;--c429bg:#2d2142;--c429:#c4a7ff;--c5bg:#3d1a18;--c5:#ff8a80}}
`

export function renderHtml(model: DocsModel): string {
  const parts: string[] = [
    '<!doctype html>',
    `<html lang="${escapeHtml(model.locale ?? 'en')}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(model.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${escapeHtml(model.title)}</h1>`,
    `<p class="lead">Every error this API returns: ${model.entries.length} codes, generated from its error catalogue. ` +
      `${inline(model.formatSummary)} Errors are sent as <code>${escapeHtml(model.contentType)}</code>. Match on the code, never on the message.</p>`,
    '<nav class="toc">',
    '<a href="#response-format">Response format</a>',
    '<a href="#all-codes">All codes</a>',
    ...model.groups.map(group => `<a href="#${group.id}">${escapeHtml(group.heading)}</a>`),
    '<a href="#retrying">Retrying</a>',
    ...(model.unlisted.length > 0 ? ['<a href="#other-codes">Other codes</a>'] : []),
    '</nav>',
    '<h2 id="response-format">Response format</h2>'
  ]
  if (model.fields.length > 0) {
    parts.push(
      '<table><thead><tr><th>Field</th><th>Meaning</th></tr></thead><tbody>',
      ...model.fields.map(([field, meaning]) => `<tr><td><code>${escapeHtml(field)}</code></td><td>${inline(meaning)}</td></tr>`),
      '</tbody></table>'
    )
  }
  parts.push(
    '<h2 id="all-codes">All codes</h2>',
    '<table><thead><tr><th>Code</th><th>Status</th><th>Message</th><th>Retryable</th></tr></thead><tbody>',
    ...model.entries.map(
      entry =>
        `<tr><td><a href="#${entry.code}">${codeName(entry)}</a></td><td>${pill(entry)}</td>` +
        `<td>${escapeHtml(entry.message)}</td><td>${entry.retryable ? '<span class="retry-yes">yes</span>' : 'no'}</td></tr>`
    ),
    '</tbody></table>'
  )
  for (const group of model.groups) {
    parts.push(`<h2 id="${group.id}">${escapeHtml(group.heading)}</h2>`, `<p class="lead">${inline(group.summary)}</p>`)
    for (const entry of group.entries) parts.push(renderEntry(entry))
  }
  parts.push(
    '<h2 id="retrying">Retrying</h2>',
    ...retryAdvice(model).map(paragraph => `<p>${inline(paragraph)}</p>`)
  )
  if (model.retryable.length > 0) {
    parts.push(
      '<table><thead><tr><th>Code</th><th>Status</th><th>Retry-After</th></tr></thead><tbody>',
      ...model.retryable.map(
        entry => `<tr><td><a href="#${entry.code}"><code>${entry.code}</code></a></td><td>${pill(entry)}</td><td>${inline(retryText(entry))}</td></tr>`
      ),
      '</tbody></table>'
    )
  }
  parts.push(`<pre><code>${escapeHtml(retrySnippet(model))}</code></pre>`)
  if (model.otherStatuses.length > 0) {
    parts.push(
      '<h2 id="other-statuses">Other statuses</h2>',
      '<p class="lead">Errors from other libraries that carry only an HTTP status the catalogue has no code for get a code made from the status phrase, and the status phrase as message.</p>',
      '<table><thead><tr><th>Code</th><th>Status</th><th>Title</th></tr></thead><tbody>',
      ...model.otherStatuses.map(
        other => `<tr id="${other.code}"><td><code>${other.code}</code></td><td>${other.statuses.join(', ')}</td><td>${escapeHtml(other.title)}</td></tr>`
      ),
      '</tbody></table>'
    )
  }
  if (model.unlisted.length > 0) parts.push(...unlistedCodes(model.unlisted))
  parts.push('</main>', '</body>', '</html>', '')
  return parts.join('\n')
}

/**
 * The page of the codes the app sends (`codes: 'sent'`) lists the catalogue's others by name,
 * each with its anchor (a problem `type` can name any code), and links to the page of them all.
 */
function unlistedCodes(unlisted: DocsModel['unlisted']): string[] {
  return [
    '<h2 id="other-codes">Other codes</h2>',
    `<p class="lead">${unlisted.length} more codes of the catalogue, which no route of this API declares. <a href="?codes=all">Show all codes</a>.</p>`,
    '<table><thead><tr><th>Code</th><th>Status</th><th>Title</th></tr></thead><tbody>',
    ...unlisted.map(
      other => `<tr id="${other.code}"><td><a href="?codes=all#${other.code}"><code>${other.code}</code></a></td><td>${pill(other)}</td><td>${escapeHtml(other.title)}</td></tr>`
    ),
    '</tbody></table>'
  ]
}

function pill(entry: { readonly status: number }): string {
  return `<span class="pill ${statusClass(entry.status)}">${entry.status}</span>`
}

/** A code in the summary table, struck through when deprecated. */
function codeName(entry: DocsEntry): string {
  const name = `<code>${entry.code}</code>`
  return entry.deprecated === undefined ? name : `<del>${name}</del> (deprecated)`
}

function renderEntry(entry: DocsEntry): string {
  const rows: [string, string][] = [['Message', `<code>${escapeHtml(entry.message)}</code>`]]
  if (entry.deprecated !== undefined) rows.unshift(['Deprecated', inline(entry.deprecated)])
  const returnedBy = returnedByText(entry)
  if (returnedBy !== undefined) rows.push(['Returned by', inline(returnedBy)])
  if (entry.params.length > 0) {
    rows.push(['Parameters', entry.params.map(p => `<code>${escapeHtml(p.name)}</code> (${escapeHtml(p.type)})`).join(', ')])
  }
  if (entry.cause !== undefined) rows.push(['Cause', inline(entry.cause)])
  if (entry.fix !== undefined) rows.push(['Fix', inline(entry.fix)])
  const sent = sentWhenText(entry)
  if (sent !== undefined) rows.push(['Sent when', inline(sent)])
  rows.push(['Retry', inline(retryText(entry))])
  if (entry.headers.length > 0) {
    rows.push(['Headers', entry.headers.map(([name, value]) => `<code>${escapeHtml(`${name}: ${value}`)}</code>`).join('<br>')])
  }
  const { statusLine, headers, body } = entry.example
  const response = [statusLine, ...headers.map(([name, value]) => `${name}: ${value}`), '', body].join('\n')
  return [
    `<section class="code" id="${entry.code}">`,
    `<div class="head"><h3>${entry.deprecated === undefined ? entry.code : `<del>${entry.code}</del>`}</h3>${pill(entry)}<span class="title">${escapeHtml(entry.title)}</span>` +
      (entry.builtin ? '<span class="builtin">built-in</span>' : '') +
      (entry.deprecated === undefined ? '' : '<span class="builtin">deprecated</span>') +
      `<a class="self" href="#${entry.code}" aria-label="Link to ${entry.code}">#</a></div>`,
    `<dl>${rows.map(([name, value]) => `<dt>${name}</dt><dd>${value}</dd>`).join('')}</dl>`,
    entry.details === undefined
      ? ''
      : `<details><summary>details schema</summary><pre><code>${escapeHtml(entry.details)}</code></pre></details>`,
    '<div class="label">Example response</div>',
    `<pre><code>${escapeHtml(response)}</code></pre>`,
    '</section>'
  ].join('\n')
}
