/**
 * Pinning bench processes to cores with `taskset` (Linux, util-linux): the server on core 0,
 * the client on core 1, so that a server's CPU per request does not depend on whether the
 * scheduler put the client on its core. On a 2-core machine that choice alone moved a
 * server's CPU per request by 30% between two processes of the same app.
 * @module
 */
import { spawnSync } from 'node:child_process'
import os from 'node:os'

export const SERVER_CORE = 0
export const CLIENT_CORE = 1

/** The machine's cores, read before any pinning (a pinned process sees one in `os.availableParallelism()`). */
export const CORES = os.availableParallelism()

/** Whether `taskset` can pin processes here (and there are 2 cores or more). */
export function canPin(): boolean {
  return CORES >= 2 && spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0
}

/** Pins a process and every thread it has to one core, or to every core with `'all'` (threads it starts later inherit it). */
export function pin(pid: number, core: number | 'all'): void {
  const cores = core === 'all' ? `0-${CORES - 1}` : String(core)
  const done = spawnSync('taskset', ['-a', '-p', '-c', cores, String(pid)], { stdio: 'ignore' })
  if (done.status !== 0) throw new Error(`taskset could not pin process ${pid} to core ${cores}: run with --pin=0`)
}
