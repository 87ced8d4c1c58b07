/**
 * Turns streamed chunks into whole lines, so redaction sees a secret in one piece even when
 * it arrived split across two chunks.
 */
export class LineSplitter {
  private partial = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: string): void {
    const lines = (this.partial + chunk).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
  }

  /** Emits what is left after the last newline. */
  end(): void {
    if (this.partial) this.onLine(this.partial);
    this.partial = '';
  }
}
