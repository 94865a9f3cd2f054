// Lookup files read once and kept while they do not change (same inode,
// size and modification time), with what lookups derive from them (line
// tables, key indexes). Exim keeps its lookup files open between lookups;
// this keeps their contents, and sees a changed file at the next lookup.
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
    const path = Buffer.from(file, 'latin1');
    let stamp: string | undefined;
    try {
      const st = statSync(path, { bigint: true });
      if (st.isFile()) stamp = `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
    } catch { /* readLookupFile gives the error as Exim words it */ }
    const old = this.files.get(file);
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

  /** something computed from the file's contents, computed again when the file changes */
  derive<T>(file: string, type: string, what: string, name: string, make: (data: string) => T): T {
    const e = this.entry(file, type, what);
    if (!e.derived.has(name)) e.derived.set(name, make(e.data));
    return e.derived.get(name) as T;
  }

  clear(): void {
    this.files.clear();
  }
}
