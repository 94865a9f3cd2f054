// The table of expansion items (${name{...}...}), one file per item or family.
import type { ItemEntry } from '../expand-api.js';
import { ifItem } from './if.js';
import { sgItem } from './sg.js';

const entries: ItemEntry[] = [
  ifItem,
  sgItem,
];

export const items: ReadonlyMap<string, ItemEntry> = new Map(entries.map((e) => [e.name, e]));

export function findItem(name: string): ItemEntry | undefined {
  return items.get(name);
}
