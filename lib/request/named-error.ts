/**
 * A thrown error whose `code` names a catalogue entry (an @fastify/error class, an error of
 * your own with a `code`) is answered by that entry: a team moving from @fastify/error keeps
 * its codes by writing them into the catalogue (`fastify-error-catalogue import`).
 * @module
 */
import type { CompiledCatalogue, CompiledEntries, CompiledEntry } from '../load/compile.js'
import type { ParamType } from '../load/catalogue-schema.js'

/** Lower-cased code → the code as the catalogue writes it, per catalogue (a reload builds anew). */
const byLowerCode = new WeakMap<CompiledEntries, ReadonlyMap<string, string>>()

/** The entry a code names: exactly, else the same apart from case (`fst_x` for `FST_X`). */
export function entryNamed(catalogue: CompiledCatalogue, code: string): CompiledEntry | undefined {
  const exact = catalogue.entries.get(code)
  if (exact !== undefined) return exact
  let index = byLowerCode.get(catalogue.entries)
  if (index === undefined) {
    const lower = new Map<string, string>()
    for (const key of catalogue.entries.keys()) if (!lower.has(key.toLowerCase())) lower.set(key.toLowerCase(), key)
    byLowerCode.set(catalogue.entries, lower)
    index = lower
  }
  const written = index.get(code.toLowerCase())
  return written === undefined ? undefined : catalogue.entries.get(written)
}

/** The entry's message as a pattern that reads its placeholders back out of a formatted message. */
const readers = new WeakMap<CompiledEntry, RegExp>()

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g

function readerOf(entry: CompiledEntry, text: string): RegExp {
  let reader = readers.get(entry)
  if (reader === undefined) {
    let pattern = ''
    let last = 0
    for (const match of text.matchAll(PLACEHOLDER)) {
      pattern += `${escape(text.slice(last, match.index))}([\\s\\S]*?)`
      last = match.index + match[0].length
    }
    reader = new RegExp(`^${pattern}${escape(text.slice(last))}$`)
    readers.set(entry, reader)
  }
  return reader
}

function escape(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')
}

/**
 * What the answer says, given the error's own message (undefined when it must not be shown:
 * `expose: false`, a bare reason phrase, or any 5xx):
 * - an entry with placeholders reads them back out of the message when it has the entry's
 *   shape (`'msg %s'` imported as `'msg {value}'`: `new FST_X('hello')` → `{ value: 'hello' }`),
 *   so the catalogue's text, translations and `params` are sent;
 * - otherwise the error's own message is sent, as for any other library's 4xx;
 * - with neither, the catalogue's message.
 */
export function namedTexts(entry: CompiledEntry, own: string | undefined): { params?: Record<string, unknown>; message?: string } {
  if (own === undefined || entry.status >= 500) return {}
  const written = entry.source!.entry
  if (entry.placeholders.length === 0) return { message: own }
  const match = readerOf(entry, written.message).exec(own)
  if (match === null) return { message: own }
  const params: Record<string, unknown> = {}
  const names = [...written.message.matchAll(PLACEHOLDER)].map(found => found[1]!)
  names.forEach((name, i) => {
    params[name] ??= typed(match[i + 1]!, written.params?.[name])
  })
  return { params }
}

/** A value read from a message, as the entry's declared type says (`'3'` → 3 for an integer). */
function typed(text: string, type: ParamType | undefined): unknown {
  if (type === 'boolean' && (text === 'true' || text === 'false')) return text === 'true'
  if ((type === 'number' || type === 'integer') && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text)
  return text
}
