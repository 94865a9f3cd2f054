// Lookup files read once and kept while they do not change (same inode,
// size and modification time), with what lookups derive from them (line
// tables, key indexes). Exim keeps a lookup file open until search_tidyup()
// (the end of a message); this keeps its contents, looks at the file again
// (one stat) at the first use after a tidyup, and reads it again if it changed.
import { statSync } from 'node:fs';
import { readLookupFile } from './file-lines.js';

interface Entry {
  stamp: string;
  data: string;
  derived: Map<string, unknown>;
}

export class FileCache {
  private readonly files = new Map<string, Entry>();

  constructor(private readonly maxFiles = 64) {}

  private entry(file: string, type: string, what: string): Entry {
    const old = this.files.get(file);
    let stamp: string | undefined;
    const st = statSync(Buffer.from(file, 'latin1'), { throwIfNoEntry: false });
    // anything odd: readLookupFile gives the error as Exim words it
    if (st?.isFile()) stamp = `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
    if (old && stamp !== undefined && old.stamp === stamp) return old;
    const data = readLookupFile(file, type, what);
    const e: Entry = { stamp: stamp ?? '', data, derived: new Map() };
    if (stamp === undefined) return e;
    if (this.files.size >= this.maxFiles) this.files.delete(this.files.keys().next().value!);
    this.files.set(file, e);
    return e;
  }

  /** the file's contents as a byte string; throws a LookupError as Exim's open would */
  read(file: string, type: string, what: string): string {
    return this.entry(file, type, what).data;
  }

  /** things computed from the file's contents (computed again when the file changes), each by its maker */
  derive<T extends unknown[]>(file: string, type: string, what: string, makers: { [K in keyof T]: [string, (data: string, before: unknown[]) => T[K]] }): T {
    const e = this.entry(file, type, what);
    const out: unknown[] = [];
    for (const [name, make] of makers as [string, (d: string, b: unknown[]) => unknown][]) {
      if (!e.derived.has(name)) e.derived.set(name, make(e.data, out));
      out.push(e.derived.get(name));
    }
    return out as T;
  }

  clear(): void {
    this.files.clear();
  }
}
