// The table of expansion items (${name{...}...}), one file per item or family.
import type { ItemEntry } from '../expand-api.js';
import { ifItem } from './if.js';
import { sgItem } from './sg.js';
import { aclItem } from './acl.js';
import { authresultsItem } from './authresults.js';
import { envItem } from './env.js';
import { extractItem, listextractItem } from './extract.js';
import { hmacItem } from './hmac.js';
import { imapfolderItem } from './imapfolder.js';
import { srsEncodeItem } from './srs-encode.js';
import { dlfuncItem, perlItem } from './unsupported.js';
import { certextractItem } from './certextract.js';
import { iterateItems } from './iterate.js';
import { listquoteItem } from './listquote.js';
import { lookupItem } from './lookup.js';
import { prvsItem, prvscheckItem } from './prvs.js';
import { readfileItem } from './readfile.js';
import { readsocketItem } from './readsocket.js';
import { runItem } from './run.js';
import { sortItem } from './sort.js';
import { substringItems } from './substrings.js';
import { trItem } from './tr.js';

const entries: ItemEntry[] = [
  ifItem,
  sgItem,
  aclItem,
  authresultsItem,
  envItem,
  extractItem,
  listextractItem,
  hmacItem,
  imapfolderItem,
  srsEncodeItem,
  perlItem,
  dlfuncItem,
  certextractItem,
  ...iterateItems,
  listquoteItem,
  lookupItem,
  prvsItem,
  prvscheckItem,
  readfileItem,
  readsocketItem,
  runItem,
  sortItem,
  ...substringItems,
  trItem,
];

export const items: ReadonlyMap<string, ItemEntry> = new Map(entries.map((e) => [e.name, e]));

export function findItem(name: string): ItemEntry | undefined {
  return items.get(name);
}
