// A bounded map in two generations: a new key goes to the young one, which,
// when full, becomes the old one (the previous old one is dropped); a key
// found in the old generation moves back to the young one. Cheaper than
// evicting one key at a time from a Map: deleting a Map's oldest key leaves
// a hole that every later keys().next() walks over again.
export class Generations<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly size: number) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.size) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }
}
