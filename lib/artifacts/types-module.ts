/**
 * Catalogue → TypeScript declarations: the module that tells `reply.fail` and
 * `fastify.errors` each code's parameters and details. Pure: text in, text out.
 * @module
 */
import { createHash } from 'node:crypto'
import { bindConditions, type BindingKey } from '../load/bind.js'
import { builtinSource } from '../load/builtins.js'
import type { CatalogueEntry } from '../load/catalogue-schema.js'
import { deprecationText } from '../load/deprecation.js'
import { entryPlaceholders } from '../load/template.js'
import { mergeCatalogues, throwProblems, type LineOf, type ValidatedEntry } from '../load/validate.js'
import { pluginCodesFor } from '../request/route-errors.js'

/**
 * `augment`: a module augmenting `ErrorCatalogue` (users), which records its catalogue files,
 * output path and hash so the plugin can report it stale; `builtin`: the package's own interface.
 */
export type GenerateOptions =
  | {
    kind: 'builtin'
    source: string
    /** The codes the plugin answers by itself with this catalogue, for `PluginCode`. */
    pluginCodes: readonly string[]
  }
  | {
    kind: 'augment'
    /** The catalogue paths as the user wrote them. */
    files: readonly string[]
    out: string
    /** With `false`, the generated module also removes the built-in codes from the types. */
    builtins: boolean
  }

const PARAM_TS_TYPES = { string: 'string', number: 'number', integer: 'number', boolean: 'boolean' } as const

export function generateTypes(entries: Iterable<readonly [string, CatalogueEntry]>, options: GenerateOptions): string {
  const list = [...entries]
  const members = membersOf(list)
  if (options.kind === 'builtin') {
    return [
      `// Generated from ${options.source} by fastify-error-catalogue's generator. Do not edit.`,
      '// Regenerate: npm run generate:builtins',
      '',
      '/** The codes of the built-in catalogue, with their parameters and details. */',
      'export interface BuiltinErrorCatalogue {',
      ...members.map(line => indent(line, 1)),
      '}',
      '',
      '/** The codes the plugin answers by itself with the built-in catalogue: those its conditions are bound to. */',
      'export type BuiltinPluginCode =',
      ...[...options.pluginCodes].sort().map(code => `  | ${JSON.stringify(code)}`),
      ''
    ].join('\n')
  }
  const flags = options.builtins ? [] : ['  interface ErrorCatalogueSettings {', '    builtins: false', '  }']
  const source = options.files.join(' ')
  const regenerate = `npx fastify-error-catalogue generate ${source} --out ${options.out}${options.builtins ? '' : ' --no-builtins'}`
  const fails = deprecatedFails(list)
  return [
    `// Generated from ${source} by fastify-error-catalogue generate. Do not edit.`,
    `// Regenerate: ${regenerate}`,
    "import { generatedTypes } from 'fastify-error-catalogue'",
    ...(fails.length === 0 ? [] : ["import type { FailArgs, RouteErrorCodes } from 'fastify-error-catalogue'"]),
    '',
    '// The plugin warns once at registration when the catalogue no longer matches these types.',
    'generatedTypes({',
    `  catalogue: ${JSON.stringify(options.files)},`,
    `  hash: '${hashOf(members)}',`,
    `  regenerate: ${JSON.stringify(regenerate)}`,
    '})',
    '',
    "declare module 'fastify-error-catalogue' {",
    '  interface ErrorCatalogue {',
    ...members.map(line => indent(line, 2)),
    '  }',
    ...flags,
    '}',
    ...(fails.length === 0 ? [] : ['', ...fails]),
    ''
  ].join('\n')
}

/** The text of `lib/builtins.generated.ts`, from `catalogue/errors.yaml`. */
export function builtinTypesText(): string {
  const { entries, problems, unlisted, lineOf } = mergeCatalogues([builtinSource()])
  throwProblems(problems, unlisted)
  return generateTypes(
    [...entries].map(([code, validated]) => [code, validated.entry] as const),
    { source: 'catalogue/errors.yaml', kind: 'builtin', pluginCodes: [...builtinPluginCodes(entries, lineOf)] }
  )
}

/**
 * The plugin's own codes, by the run-time rule (`pluginCodesFor`) over the built-in
 * catalogue's bindings, with every feature on: the types cannot know which are.
 */
function builtinPluginCodes(entries: ReadonlyMap<string, ValidatedEntry>, lineOf: LineOf): ReadonlySet<string> {
  const { bindings } = bindConditions({ entries, builtins: true, rateLimit: true, lineOf })
  const bound = (condition: BindingKey) => {
    const code = bindings.codes.get(condition)
    return code === undefined ? undefined : { code }
  }
  return pluginCodesFor({ internal: bound('unexpected-error')!, bound }, { rateLimit: true, notFoundHandler: true })
}

/**
 * The hash a generated module records: of its declarations, so an edit that changes no type
 * (a comment, a `cause`) keeps it fresh. The plugin compares it at registration.
 */
export function typesHash(entries: Iterable<readonly [string, CatalogueEntry]>): string {
  return hashOf(membersOf(entries))
}

function membersOf(entries: Iterable<readonly [string, CatalogueEntry]>): string[] {
  return [...entries]
    .sort(([a], [b]) => (a < b ? -1 : 1)) // codes are unique: never equal
    .map(([code, entry]) => member(code, entry))
}

function hashOf(members: readonly string[]): string {
  return createHash('sha256').update(members.join('\n')).digest('hex').slice(0, 16)
}

function member(code: string, entry: CatalogueEntry): string {
  const placeholders = entryPlaceholders(entry)
  const parts: string[] = []
  if (placeholders.length > 0) {
    const declared = entry.params ?? {}
    const fields = placeholders.map(name => {
      const type = declared[name]
      return `${name}: ${type === undefined ? 'string | number' : PARAM_TS_TYPES[type]}`
    })
    parts.push(`params: { ${fields.join('; ')} }`)
  }
  if (entry.details !== undefined) parts.push(`details: ${schemaToType(entry.details)}`)
  const summary = `${entry.status}: ${comment(entry.message)}`
  const own = Object.entries(entry.conditionTexts ?? {}).filter(([, texts]) => texts.message !== undefined)
  // The messages the plugin sends by itself for this code's conditions, where they differ from the entry's.
  const lines = [
    ...own.map(([condition, texts]) => ` * ${condition}: ${comment(texts.message!)}`),
    ...(entry.deprecated === undefined ? [] : [` * @deprecated ${comment(deprecationText(entry.deprecated))}`])
  ]
  const doc = lines.length === 0 ? `/** ${summary} */` : ['/**', ` * ${summary}`, ...lines, ' */'].join('\n')
  return `${doc}\n${code}: ${parts.length === 0 ? '{}' : `{ ${parts.join('; ')} }`}`
}

/** Text inside a block comment: a `*\/` would close it. */
function comment(text: string): string {
  return text.replace(/\*\//g, '*\\/')
}

/**
 * One overload of `reply.fail` per deprecated code, itself marked `@deprecated`: TypeScript
 * strikes through a call that resolves to a deprecated signature (a string literal argument
 * carries no deprecation of its own). The generated module's overloads come before the
 * package's own signature, so the code's call picks its overload.
 */
function deprecatedFails(entries: readonly (readonly [string, CatalogueEntry])[]): string[] {
  const deprecated = entries.filter(([, entry]) => entry.deprecated !== undefined)
  if (deprecated.length === 0) return []
  const overloads = deprecated.map(([code, entry]) =>
    [
      `/** @deprecated ${code}: ${comment(deprecationText(entry.deprecated!))} */`,
      `fail<C extends '${code}' & RouteErrorCodes<ContextConfig, SchemaCompiler>>(code: C, ...args: FailArgs<C>): FastifyReply`
    ].join('\n')
  )
  return [
    "declare module 'fastify' {",
    '  // The type parameters repeat FastifyReply\'s own: a merged declaration must match them.',
    '  // eslint-disable-next-line @typescript-eslint/no-unused-vars',
    '  interface FastifyReply<RouteGeneric, RawServer, RawRequest, RawReply, ContextConfig, SchemaCompiler, TypeProvider, ReplyType> {',
    ...overloads.map(line => indent(line, 2)),
    '  }',
    '}'
  ]
}

function indent(text: string, depth: number): string {
  return text
    .split('\n')
    .map(line => '  '.repeat(depth) + line)
    .join('\n')
}

/** The TypeScript type a JSON Schema describes, for the common keywords; `unknown` otherwise. */
export function schemaToType(schema: unknown): string {
  if (typeof schema !== 'object' || schema === null) return 'unknown'
  const s = schema as Record<string, unknown>
  if ('const' in s) return literal(s.const)
  if (Array.isArray(s.enum)) return s.enum.map(literal).join(' | ') || 'never'
  const union = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined
  if (union !== undefined) return union.map(schemaToType).join(' | ') || 'never'
  if (Array.isArray(s.type)) return s.type.map(type => schemaToType({ ...s, type })).join(' | ')
  switch (s.type) {
    case 'string':
      return 'string'
    case 'number':
    case 'integer':
      return 'number'
    case 'boolean':
      return 'boolean'
    case 'null':
      return 'null'
    case 'array':
      return `Array<${s.items === undefined ? 'unknown' : schemaToType(s.items)}>`
    case 'object':
      return objectType(s)
    default:
      return 'unknown'
  }
}

function objectType(s: Record<string, unknown>): string {
  const properties = (typeof s.properties === 'object' && s.properties !== null ? s.properties : {}) as Record<string, unknown>
  const required = new Set(Array.isArray(s.required) ? s.required : [])
  const fields = Object.entries(properties).map(
    ([key, value]) => `${propertyName(key)}${required.has(key) ? '' : '?'}: ${schemaToType(value)}`
  )
  if (fields.length === 0) return s.additionalProperties === false ? 'Record<string, never>' : 'Record<string, unknown>'
  if (s.additionalProperties !== false && s.additionalProperties !== undefined) {
    fields.push(`[key: string]: ${s.additionalProperties === true ? 'unknown' : schemaToType(s.additionalProperties)}`)
  }
  return `{ ${fields.join('; ')} }`
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key)
}

/** A JSON value (catalogue files hold nothing else) as a TypeScript literal type. */
function literal(value: unknown): string {
  return JSON.stringify(value)!
}
