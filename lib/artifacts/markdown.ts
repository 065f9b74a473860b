/**
 * The error reference as GitHub-flavoured Markdown, for a repository. Every code gets an
 * explicit `<a id="code">` anchor, so links like `ERRORS.md#rate_limit_exceeded` work everywhere.
 * @module
 */
import type { DocsEntry, DocsModel } from './model.js'
import { retryAdvice, retrySnippet, retryText, returnedByText, sentWhenText } from './text.js'

export function renderMarkdown(model: DocsModel): string {
  const out: string[] = [
    `# ${model.title}`,
    '',
    `Every error this API returns: ${model.entries.length} codes, generated from its error catalogue. ` +
      `${model.formatSummary} Errors are sent as \`${model.contentType}\`. ` +
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
    out.push(`| [${name}](#${entry.code}) | ${entry.status} | ${cell(entry.message)} | ${entry.retryable ? 'yes' : 'no'} |`)
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
  if (entry.deprecated !== undefined) rows.unshift(['Deprecated', entry.deprecated])
  const returnedBy = returnedByText(entry)
  if (returnedBy !== undefined) rows.push(['Returned by', returnedBy])
  if (entry.params.length > 0) rows.push(['Parameters', entry.params.map(p => `${code(p.name)} (${p.type})`).join(', ')])
  if (entry.cause !== undefined) rows.push(['Cause', entry.cause])
  if (entry.fix !== undefined) rows.push(['Fix', entry.fix])
  const sent = sentWhenText(entry)
  if (sent !== undefined) rows.push(['Sent when', sent])
  rows.push(['Retry', retryText(entry)])
  if (entry.headers.length > 0) rows.push(['Headers', entry.headers.map(([name, value]) => code(`${name}: ${value}`)).join('<br>')])
  const out = [
    `<a id="${entry.code}"></a>`,
    '',
    `### \`${entry.code}\``,
    '',
    `**${entry.status} ${entry.title}**${entry.builtin ? ' · built-in' : ''}`,
    '',
    '| | |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${cell(value)} |`),
    ''
  ]
  if (entry.details !== undefined) out.push('`details` schema:', '', '```json', entry.details, '```', '')
  const { statusLine, headers, body } = entry.example
  out.push('Example response:', '', '```http', statusLine, ...headers.map(([name, value]) => `${name}: ${value}`), '', body, '```', '')
  return out
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`'
  return `${fence}${fence.length > 1 ? ' ' : ''}${text}${fence.length > 1 ? ' ' : ''}${fence}`
}

/** A table cell: pipes escaped, line breaks kept as `<br>`. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
}
