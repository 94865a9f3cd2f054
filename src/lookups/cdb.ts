// cdb: D. J. Bernstein's constant database. A 2048-byte header of 256
// (position, slot count) pairs, hash tables of (hash, record position)
// slots, records of key length, data length, key, data; little-endian
// 32-bit numbers throughout. The first record of a key is its data.
import type { LookupType } from '../lang/lookups/types.js';
import { LookupError } from '../lang/lookups/types.js';
import { statSync } from 'node:fs';
import type { FileCache } from './file-cache.js';

const HEADER = 2048;

/** cdb's hash: h = 5381; h = (h * 33) ^ byte, in 32 bits */
export function cdbHash(key: string): number {
  let h = 5381;
  for (let i = 0; i < key.length; i++) h = (((h << 5) + h) >>> 0 ^ key.charCodeAt(i)) >>> 0;
  return h;
}

const u32 = (b: Buffer, at: number) => b.readUInt32LE(at);

/** the data of the first record for the key, undefined when there is none */
export function cdbFind(buf: Buffer, file: string, key: string): string | undefined {
  const h = cdbHash(key);
  const entry = (h & 255) * 8;
  const tablePos = u32(buf, entry);
  const slots = u32(buf, entry + 4);
  if (slots === 0) return undefined;
  if (tablePos + slots * 8 > buf.length) throw new LookupError(`cdb: corrupt cdb file ${file} (too short)`);
  let slot = (h >>> 8) % slots;
  const kb = Buffer.from(key, 'latin1');
  for (let n = 0; n < slots; n++) {
    const at = tablePos + slot * 8;
    const hash = u32(buf, at);
    const pos = u32(buf, at + 4);
    if (pos === 0) return undefined;
    if (hash === h) {
      if (pos + 8 > buf.length) throw new LookupError(`cdb: corrupt cdb file ${file} (too short)`);
      const klen = u32(buf, pos);
      const dlen = u32(buf, pos + 4);
      if (klen === kb.length && buf.compare(kb, 0, klen, pos + 8, pos + 8 + klen) === 0) {
        if (pos + 8 + klen + dlen > buf.length) throw new LookupError(`cdb: corrupt cdb file ${file} (too short)`);
        const data = buf.toString('latin1', pos + 8 + klen, pos + 8 + klen + dlen);
        // Exim hands the data on as a C string
        const nul = data.indexOf('\0');
        return nul >= 0 ? data.slice(0, nul) : data;
      }
    }
    if (++slot === slots) slot = 0;
  }
  return undefined;
}

/** write a cdb file's bytes from key/data pairs (for tests and tools; the format cdbmake writes) */
export function cdbMake(records: [string, string][]): Buffer {
  const parts: Buffer[] = [Buffer.alloc(HEADER)];
  let pos = HEADER;
  const tables: [number, number][][] = Array.from({ length: 256 }, () => []);
  for (const [k, d] of records) {
    const kb = Buffer.from(k, 'latin1');
    const db = Buffer.from(d, 'latin1');
    const head = Buffer.alloc(8);
    head.writeUInt32LE(kb.length, 0);
    head.writeUInt32LE(db.length, 4);
    parts.push(head, kb, db);
    const h = cdbHash(k);
    tables[h & 255]!.push([h, pos]);
    pos += 8 + kb.length + db.length;
  }
  const header = parts[0]!;
  for (let i = 0; i < 256; i++) {
    const t = tables[i]!;
    const n = t.length * 2;
    const slots = Buffer.alloc(n * 8);
    for (const [h, p] of t) {
      let s = (h >>> 8) % n;
      while (slots.readUInt32LE(s * 8 + 4) !== 0) s = (s + 1) % n;
      slots.writeUInt32LE(h, s * 8);
      slots.writeUInt32LE(p, s * 8 + 4);
    }
    header.writeUInt32LE(pos, i * 8);
    header.writeUInt32LE(n, i * 8 + 4);
    parts.push(slots);
    pos += slots.length;
  }
  return Buffer.concat(parts);
}

/** cdb, reading its files through the registry's file cache */
export function cdbLookup(files: FileCache): LookupType {
  const image = (file: string) => {
    try {
      return readImage(file);
    } catch (e) {
      // a directory opens, and fails where the header is read (or is too short to read)
      const st = statSync(Buffer.from(file, 'latin1'), { throwIfNoEntry: false });
      if (!st?.isDirectory()) throw e;
      throw new LookupError(st.size < HEADER ? `failed to open ${file} too short for cdb lookup: Success`
        : `failed to open cannot read header from ${file} for cdb lookup: Is a directory`, false);
    }
  };
  const readImage = (file: string) => files.derive<[Buffer]>(file, 'cdb', ' for cdb lookup', [['cdb', (data) => {
    if (data.length < HEADER) throw new LookupError(`failed to open ${file} too short for cdb lookup: Success`, false);
    return Buffer.from(data, 'latin1');
  }]])[0];
  return {
    name: 'cdb',
    kind: 'single',
    open: (file) => { image(file); },
    find: (file, key) => cdbFind(image(file!), file!, key),
  };
}
