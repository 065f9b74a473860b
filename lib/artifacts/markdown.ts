/**
 * The error reference as GitHub-flavoured Markdown, for a repository. Every code gets an
 * explicit `<a id="code">` anchor, so links like `ERRORS.md#rate_limit_exceeded` work everywhere.
 * @module
 */
import type { DocsEntry, DocsModel } from './model.js'
import { retryAdvice, retrySnippet, retryText, returnedByText, sentWhenText } from './text.js'

export function renderMarkdown(model: DocsModel): string {
  const out: string[] = [
    `# ${text(model.title)}`,
    '',
    `Every error this API returns: ${model.entries.length} codes, generated from its error catalogue. ` +
      `${model.formatSummary} Errors are sent as ${code(model.contentType)}. ` +
      'Match on the code, never on the message.',
    '',
    '- [Response format](#response-format)',
    '- [All codes](#all-codes)',
    ...model.groups.map(group => `- [${group.heading}](#${group.id})`),
    '- [Retrying](#retrying)',
    '',
    '## Response format',
    ''
  ]
  if (model.fields.length > 0) {
    out.push('| Field | Meaning |', '|---|---|', ...model.fields.map(([field, meaning]) => `| \`${field}\` | ${cell(meaning)} |`), '')
  }
  out.push('## All codes', '', '| Code | Status | Message | Retryable |', '|---|---|---|---|')
  for (const entry of model.entries) {
    const name = entry.deprecated === undefined ? `\`${entry.code}\`` : `~~\`${entry.code}\`~~ (deprecated)`
    out.push(`| [${name}](#${entry.code}) | ${entry.status} | ${cell(text(entry.message))} | ${entry.retryable ? 'yes' : 'no'} |`)
  }
  out.push('')
  for (const group of model.groups) {
    out.push(`<a id="${group.id}"></a>`, '', `## ${group.heading}`, '', group.summary, '')
    for (const entry of group.entries) out.push(...renderEntry(entry))
  }
  out.push('## Retrying', '', ...retryAdvice(model).flatMap(paragraph => [paragraph, '']))
  if (model.retryable.length > 0) {
    out.push('| Code | Status | Retry-After |', '|---|---|---|')
    for (const entry of model.retryable) out.push(`| [\`${entry.code}\`](#${entry.code}) | ${entry.status} | ${cell(retryText(entry))} |`)
    out.push('')
  }
  out.push('```js', retrySnippet(model), '```', '')
  return out.join('\n')
}

function renderEntry(entry: DocsEntry): string[] {
  const rows: [string, string][] = [['Message', code(entry.message)]]
  if (entry.deprecated !== undefined) rows.unshift(['Deprecated', text(entry.deprecated)])
  const returnedBy = returnedByText(entry, code)
  if (returnedBy !== undefined) rows.push(['Returned by', returnedBy])
  if (entry.params.length > 0) rows.push(['Parameters', entry.params.map(p => `${code(p.name)} (${p.type})`).join(', ')])
  if (entry.cause !== undefined) rows.push(['Cause', text(entry.cause)])
  if (entry.fix !== undefined) rows.push(['Fix', text(entry.fix)])
  const sent = sentWhenText(entry)
  if (sent !== undefined) rows.push(['Sent when', sent])
  rows.push(['Retry', retryText(entry)])
  if (entry.headers.length > 0) rows.push(['Headers', entry.headers.map(([name, value]) => code(`${name}: ${value}`)).join('<br>')])
  const out = [
    `<a id="${entry.code}"></a>`,
    '',
    `### \`${entry.code}\``,
    '',
    `**${entry.status} ${text(entry.title)}**${entry.builtin ? ' · built-in' : ''}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${cell(value)} |`),
    ''
  ]
  if (entry.details !== undefined) out.push('`details` schema:', '', ...block('json', entry.details), '')
  const { statusLine, headers, body } = entry.example
  out.push('Example response:', '', ...block('http', [statusLine, ...headers.map(([name, value]) => `${name}: ${value}`), '', body].join('\n')), '')
  return out
}

/**
 * Inline code that shows any text as it is: the fence is longer than every run of backticks
 * in it, and line breaks (which would end a table row) become spaces, as CommonMark shows them.
 * Markdown and HTML are not interpreted inside a code span.
 */
function code(raw: string): string {
  const flat = raw.replace(/\r?\n/g, ' ')
  const fence = '`'.repeat(longestRun(flat) + 1)
  // A code span strips one space at each end, and a backtick at an end would join the fence.
  const pad = fence.length > 1 || /^ | $/.test(flat) ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}

/** A fenced block whose fence no line of the text can close. */
function block(info: string, raw: string): string[] {
  const fence = '`'.repeat(Math.max(3, longestRun(raw) + 1))
  return [`${fence}${info}`, raw, fence]
}

function longestRun(raw: string): number {
  let longest = 0
  for (const run of raw.match(/`+/g) ?? []) longest = Math.max(longest, run.length)
  return longest
}

/**
 * Catalogue and app text (a title, a cause, a fix) as inline Markdown that reads as written:
 * every character that could start markup, an entity or raw HTML (`<img onerror>`, which many
 * renderers let through) is backslash-escaped. `|` is left to {@link cell}.
 */
function text(raw: string): string {
  return raw.replace(/[\\`*_[\]<>&~#!]/g, '\\$&')
}

/** A table cell: pipes escaped, line breaks kept as `<br>`. */
function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
}
