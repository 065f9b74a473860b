/**
 * `generate --watch`: writes the types module again on every save of a catalogue file, and
 * prints the problems of a bad edit instead of stopping.
 * @module
 */
import { resolve } from 'node:path'
import { watchFiles } from '../load/watch.js'
import type { CliIo } from './io.js'

/** Quiet time after the last file event, as in the plugin's `watch`. */
const DEBOUNCE_MS = 20

export function watchAndRegenerate(files: readonly string[], regenerate: () => void, io: CliIo): void {
  const watcher = watchFiles(files.map(file => resolve(file)), {
    debounceMs: DEBOUNCE_MS,
    onChange: () => {
      try {
        regenerate()
      } catch (error) {
        io.err(`fastify-error-catalogue: ${(error as Error).message}\n`)
      }
    },
    onLost: path => io.err(`fastify-error-catalogue: lost sight of ${path}; still watching for it\n`),
    onFound: path => io.err(`fastify-error-catalogue: ${path} is back\n`)
  })
  io.signal?.addEventListener('abort', () => watcher.close(), { once: true })
  io.out(`watching ${files.join(', ')} (Ctrl-C to stop)\n`)
}
