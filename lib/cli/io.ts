/** Where the CLI writes: the process's streams, or a test's buffers. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
  /** Stops `--watch` (the bin has none: Ctrl-C ends the process). */
  signal?: AbortSignal
}
