/**
 * Watching catalogue files: one `fs.watch` per directory rather than per file, because
 * editors save by writing a new file and renaming it over the old one, which a watch on the
 * old file would never see; removed and re-created files are seen the same way. Changes are
 * debounced (one save fires several events) and reported once.
 * @module
 */
import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface FileWatcher {
  close(): void
}

export interface WatchFilesOptions {
  /** Quiet time after the last event before `onChange` runs, in milliseconds. */
  readonly debounceMs: number
  readonly onChange: () => void
  /** A directory that can no longer be watched (removed, permissions). */
  readonly onError: (error: Error) => void
}

/** The absolute paths of the file sources among catalogue sources (objects cannot change). */
export function watchablePaths(sources: readonly unknown[]): string[] {
  return sources.flatMap(source =>
    typeof source === 'string' ? [resolve(source)] : source instanceof URL ? [fileURLToPath(source)] : []
  )
}

export function watchFiles(paths: readonly string[], options: WatchFilesOptions): FileWatcher {
  const byDirectory = new Map<string, Set<string>>()
  for (const path of paths) {
    const names = byDirectory.get(dirname(path)) ?? new Set<string>()
    names.add(basename(path))
    byDirectory.set(dirname(path), names)
  }
  let timer: NodeJS.Timeout | undefined
  const changed = () => {
    clearTimeout(timer)
    timer = setTimeout(options.onChange, options.debounceMs)
  }
  const watchers: FSWatcher[] = []
  for (const [directory, names] of byDirectory) {
    const watcher = watch(directory, (_event, name) => {
      /* c8 ignore next -- a null name only comes from platforms that do not report one (some network file systems): reload to be safe */
      if (name === null || names.has(name)) changed()
    })
    watcher.on('error', options.onError)
    watchers.push(watcher)
  }
  return {
    close() {
      clearTimeout(timer)
      for (const watcher of watchers) watcher.close()
    }
  }
}
