/**
 * Generated catalogues for the size and scale measurements: `err_00000` … with a spread
 * of 4xx statuses, a placeholder in every message, a fix and a cause.
 * @module
 */

function entry(i: number) {
  return {
    status: 400 + (i % 30),
    message: `Item {id} failed check ${i}`,
    params: { id: 'string' },
    cause: `Generated entry ${i} for the catalogue-size benchmark`,
    fix: `Correct the item and send it again (rule ${i})`
  }
}

export function codeName(i: number): string {
  return `err_${String(i).padStart(5, '0')}`
}

/** The catalogue as YAML text, as a user would write it. */
export function catalogueYaml(size: number): string {
  const lines = [`# ${size} generated codes for the benchmark`]
  for (let i = 0; i < size; i++) {
    const e = entry(i)
    lines.push(
      `${codeName(i)}:`,
      `  status: ${e.status}`,
      `  message: "${e.message}"`,
      '  params: { id: string }',
      `  cause: ${e.cause}`,
      `  fix: ${e.fix}`,
      ''
    )
  }
  return lines.join('\n')
}

/** The same catalogue as an object. */
export function catalogueObject(size: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (let i = 0; i < size; i++) out[codeName(i)] = entry(i)
  return out
}

/**
 * A code near the middle of a generated catalogue whose status is 404, whatever the size,
 * so that rows of different sizes send the same kind of answer.
 */
export function middleCode(size: number): string {
  return codeName(Math.floor(size / 60) * 30 + 4)
}

/** Twenty locales, the default (`en`) first. */
export const LOCALES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'sv', 'da', 'fi', 'nb', 'pl', 'cs', 'hu', 'ro', 'el', 'tr', 'ru', 'ja', 'ko'] as const

/** One 404 entry whose message and fix are translated into the first `count` locales (plain texts for 1). */
export function translatedCatalogue(count: number): Record<string, unknown> {
  const text = (words: string) => (count === 1 ? `${words} (en)` : Object.fromEntries(LOCALES.slice(0, count).map(l => [l, `${words} (${l})`])))
  return { item_missing: { status: 404, message: text("Item '{id}' not found"), params: { id: 'string' }, fix: text('Check the item id') } }
}
