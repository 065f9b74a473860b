/**
 * The `watch` option: the catalogue files are read, validated and compiled again on save,
 * and the result swapped in at once (requests read the catalogue through one reference, so
 * each sees the old one or the new one, never half of each). A bad edit keeps the last good
 * catalogue and logs every problem with file, line and column.
 * @module
 */
import { performance } from 'node:perf_hooks'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { CompiledCatalogue } from './compile.js'
import type { Problem } from './read.js'
import { watchFiles, type FileWatcher } from './watch.js'

export interface WatchSettings {
  /** Quiet time after the last file event before reloading, in milliseconds. */
  readonly debounceMs: number
}

export interface LiveCatalogueOptions {
  /** Absolute paths of the catalogue files. */
  readonly paths: readonly string[]
  readonly settings: WatchSettings
  /** Reads, validates and compiles every source, as at registration; throws on a bad catalogue. */
  load(): CompiledCatalogue
  /** The catalogue in force. */
  current(): CompiledCatalogue
  /** Makes `next` the catalogue in force. */
  swap(next: CompiledCatalogue): void
}

/** NODE_ENV values that mean production, compared trimmed and in lower case (`Production`, ` prod`). */
const PRODUCTION = new Set(['production', 'prod'])

/**
 * Starts watching once the app is ready, unless NODE_ENV says production; the watcher closes
 * with the app. Starting at `onReady` means a registration that fails (a route of another
 * plugin colliding, say) has opened nothing that would keep the process alive.
 */
export function watchCatalogue(fastify: FastifyInstance, options: LiveCatalogueOptions): void {
  const log = fastify.log
  const env = process.env.NODE_ENV
  if (env !== undefined && PRODUCTION.has(env.trim().toLowerCase())) {
    log.warn(`fastify-error-catalogue: watch refused because NODE_ENV is '${env}': the catalogue was loaded once and will not reload`)
    return
  }
  if (options.paths.length === 0) {
    log.warn('fastify-error-catalogue: watch has nothing to watch: the catalogue is given as objects, not files')
    return
  }
  let watcher: FileWatcher | undefined
  fastify.addHook('onReady', done => {
    watcher = watchFiles(options.paths, {
      debounceMs: options.settings.debounceMs,
      onChange: () => reload(log, options),
      onLost: path => log.warn({ file: path }, `fastify-error-catalogue: lost sight of ${path}; the last good catalogue still answers, and watch keeps looking for the file`),
      onFound: path => log.info({ file: path }, `fastify-error-catalogue: ${path} is back; reloading`)
    })
    log.info({ files: options.paths }, 'fastify-error-catalogue: watching the catalogue; edits take effect on save')
    done()
  })
  fastify.addHook('onClose', (_instance, done) => {
    watcher?.close()
    done()
  })
}

function reload(log: FastifyBaseLogger, options: LiveCatalogueOptions): void {
  const started = performance.now()
  let next: CompiledCatalogue
  try {
    next = options.load()
  } catch (error) {
    const problems = (error as { problems?: Problem[] }).problems
    if (problems === undefined) {
      // A file removed or unreadable (FST_CATALOGUE_NOT_FOUND): saving it again reloads.
      log.error({ err: error }, `fastify-error-catalogue: ${(error as Error).message}; the last good catalogue still answers`)
      return
    }
    for (const problem of problems) {
      const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.col}`
      log.error(
        { file: problem.file, line: problem.line, col: problem.col, code: problem.code },
        `fastify-error-catalogue: ${where}${problem.code === undefined ? '' : ` ${problem.code}`}: ${problem.message}`
      )
    }
    log.error(`fastify-error-catalogue: the catalogue has ${problems.length} problem${problems.length === 1 ? '' : 's'}; the last good catalogue still answers`)
    return
  }
  const before = options.current().entries
  options.swap(next)
  const added = [...next.entries.keys()].filter(code => !before.has(code))
  const removed = [...before.keys()].filter(code => !next.entries.has(code))
  log.info(
    { codes: next.entries.size, added, removed, ms: Math.round(performance.now() - started) },
    'fastify-error-catalogue: catalogue reloaded'
  )
}
