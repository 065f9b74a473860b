/**
 * Watching catalogue files in the layouts they live in. Two watchers per file, because each
 * misses what the other sees:
 * - `fs.watch` on the file's directory (and on its target's, when the path is a symlink):
 *   editors save by writing a new file and renaming it over the old one, which a watch on the
 *   old file would never see. A symlinked path reacts to every name in its directory, since a
 *   swap renames a link of the chain (a Kubernetes ConfigMap's `..data`), not the file.
 * - `fs.watchFile`, a stat of the path (through its links) every POLL_MS: it sees a target
 *   edited elsewhere, a link swapped, a directory renamed away and re-created, a file gone
 *   and back. When it loses sight of a file it says so once, and keeps polling; when the
 *   file is back, the directory watchers are opened afresh (the old ones watch a directory
 *   that is gone, or moved).
 * Changes are debounced (one save fires several events) and reported once.
 * @module
 */
import { realpathSync, statSync, unwatchFile, watch, watchFile, type FSWatcher, type Stats } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface FileWatcher {
  close(): void
}

export interface WatchFilesOptions {
  /** Quiet time after the last event before `onChange` runs, in milliseconds. */
  readonly debounceMs: number
  readonly onChange: () => void
  /** A file that can no longer be seen (removed, its directory moved): called once until it is back. */
  readonly onLost: (path: string) => void
  /** A lost file seen again; `onChange` follows. */
  readonly onFound: (path: string) => void
}

/** How often each file's stat is polled, in milliseconds: the bound on noticing what fs.watch cannot see. */
export const POLL_MS = 250

/** The absolute paths of the file sources among catalogue sources (objects cannot change). */
export function watchablePaths(sources: readonly unknown[]): string[] {
  return sources.flatMap(source =>
    typeof source === 'string' ? [resolve(source)] : source instanceof URL ? [fileURLToPath(source)] : []
  )
}

export function watchFiles(paths: readonly string[], options: WatchFilesOptions): FileWatcher {
  // What each file was when last loaded: the poll then ignores a save that fs.watch already reported.
  const loaded = new Map<string, string>()
  const remember = () => {
    for (const path of paths) loaded.set(path, signatureOf(path))
  }
  let timer: NodeJS.Timeout | undefined
  const changed = () => {
    clearTimeout(timer)
    timer = setTimeout(() => {
      remember()
      options.onChange()
    }, options.debounceMs)
  }
  remember()
  const directories = directoryWatchers(paths, changed)
  const lost = new Set<string>()
  for (const path of paths) {
    watchFile(path, { interval: POLL_MS }, (current: Stats) => {
      if (current.nlink === 0 && current.ino === 0) {
        // ENOENT (or a dangling link): stats of all zeros.
        if (!lost.has(path)) options.onLost(path)
        lost.add(path)
        return
      }
      if (lost.delete(path)) {
        options.onFound(path)
        directories.reopen()
      } else {
        // A symlink swapped to another target: the target's directory changes.
        directories.refresh()
      }
      if (signature(current) !== loaded.get(path)) changed()
    })
  }
  return {
    close() {
      clearTimeout(timer)
      for (const path of paths) unwatchFile(path)
      directories.close()
    }
  }
}

interface DirectoryWatchers {
  /** Opens watchers for directories the paths now lead to, closes those they no longer do. */
  refresh(): void
  /** Closes every watcher and opens them again. */
  reopen(): void
  close(): void
}

/** fs.watch per directory: each path's own, and its target's when it is a symlink. */
function directoryWatchers(paths: readonly string[], changed: () => void): DirectoryWatchers {
  const open = new Map<string, FSWatcher>()
  const refresh = () => {
    const wanted = wantedDirectories(paths)
    for (const [directory, watcher] of open) {
      if (!wanted.has(directory)) {
        watcher.close()
        open.delete(directory)
      }
    }
    for (const [directory, accepts] of wanted) {
      if (open.has(directory)) continue
      try {
        const watcher = watch(directory, (_event, name) => {
          /* c8 ignore next -- a null name only comes from platforms that do not report one (some network file systems): reload to be safe */
          if (name === null || accepts(name)) changed()
        })
        // fs.watch fails only on platform limits (inotify watches exhausted); a directory removed
        // under it just goes quiet (Linux), and the poll reopens it. Either way, drop this one.
        /* c8 ignore next 4 -- no test can exhaust the platform's watches */
        watcher.on('error', () => {
          watcher.close()
          open.delete(directory)
        })
        open.set(directory, watcher)
      } catch {
        // The directory is gone (renamed away): the poll reports the file lost and reopens this when it is back.
      }
    }
  }
  const close = () => {
    for (const watcher of open.values()) watcher.close()
    open.clear()
  }
  refresh()
  return {
    refresh,
    reopen() {
      close()
      refresh()
    },
    close
  }
}

/** Directory → which names in it concern a catalogue file. */
function wantedDirectories(paths: readonly string[]): Map<string, (name: string) => boolean> {
  const names = new Map<string, Set<string> | 'any'>()
  const want = (directory: string, name: string | 'any') => {
    const current = names.get(directory)
    if (current === 'any') return
    if (name === 'any') names.set(directory, 'any')
    else names.set(directory, (current ?? new Set()).add(name))
  }
  for (const path of paths) {
    const target = realPath(path)
    if (target === undefined || target === path) {
      want(dirname(path), basename(path))
      continue
    }
    // A link (or a path through linked directories): a swap renames some name of the chain here.
    want(dirname(path), 'any')
    want(dirname(target), basename(target))
  }
  return new Map([...names].map(([directory, accepted]) => [directory, accepted === 'any' ? () => true : (name: string) => accepted.has(name)]))
}

/** What tells one version of a file from another, through its links. */
function signature(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}`
}

function signatureOf(path: string): string {
  try {
    return signature(statSync(path))
  } catch {
    return 'missing'
  }
}

function realPath(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}
