/**
 * A persistent hash map keyed by strings: `set` and `delete` return a new map in O(log₃₂ n) and
 * share all untouched structure with the old one, so each version stays valid and unchanged.
 * Used by the queue state so that applying one event never copies every ticket.
 */
import type { PersistentMap } from './types.ts';

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

interface Entry<V> {
  readonly key: string;
  readonly value: V;
}
/** Entries whose keys share the same 32-bit hash. */
interface Bucket<V> {
  readonly kind: 'bucket';
  readonly hash: number;
  readonly entries: readonly Entry<V>[];
}
interface Branch<V> {
  readonly kind: 'branch';
  readonly slots: readonly (Node<V> | undefined)[];
}
type Node<V> = Bucket<V> | Branch<V>;

/** FNV-1a, 32 bits. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function slotOf(hash: number, shift: number): number {
  return (hash >>> shift) & MASK;
}

function getIn<V>(node: Node<V> | undefined, hash: number, key: string): Entry<V> | undefined {
  let shift = 0;
  let current = node;
  while (current) {
    if (current.kind === 'bucket') {
      if (current.hash !== hash) return undefined;
      return current.entries.find((e) => e.key === key);
    }
    current = current.slots[slotOf(hash, shift)];
    shift += BITS;
  }
  return undefined;
}

function setIn<V>(
  node: Node<V> | undefined,
  hash: number,
  shift: number,
  entry: Entry<V>,
): { node: Node<V>; added: boolean } {
  if (!node) return { node: { kind: 'bucket', hash, entries: [entry] }, added: true };
  if (node.kind === 'bucket') {
    if (node.hash === hash) {
      const i = node.entries.findIndex((e) => e.key === entry.key);
      if (i < 0) return { node: { ...node, entries: [...node.entries, entry] }, added: true };
      const entries = node.entries.slice();
      entries[i] = entry;
      return { node: { ...node, entries }, added: false };
    }
    // Different hashes: push the bucket one level down and retry.
    const slots: (Node<V> | undefined)[] = new Array(WIDTH);
    slots[slotOf(node.hash, shift)] = node;
    return setIn({ kind: 'branch', slots }, hash, shift, entry);
  }
  const i = slotOf(hash, shift);
  const result = setIn(node.slots[i], hash, shift + BITS, entry);
  const slots = node.slots.slice();
  slots[i] = result.node;
  return { node: { kind: 'branch', slots }, added: result.added };
}

function deleteIn<V>(
  node: Node<V> | undefined,
  hash: number,
  shift: number,
  key: string,
): { node: Node<V> | undefined; removed: boolean } {
  if (!node) return { node, removed: false };
  if (node.kind === 'bucket') {
    if (node.hash !== hash) return { node, removed: false };
    const entries = node.entries.filter((e) => e.key !== key);
    if (entries.length === node.entries.length) return { node, removed: false };
    return { node: entries.length === 0 ? undefined : { ...node, entries }, removed: true };
  }
  const i = slotOf(hash, shift);
  const result = deleteIn(node.slots[i], hash, shift + BITS, key);
  if (!result.removed) return { node, removed: false };
  const slots = node.slots.slice();
  slots[i] = result.node;
  const left = slots.filter((s) => s !== undefined);
  if (left.length === 0) return { node: undefined, removed: true };
  // A branch holding a single bucket collapses into it.
  if (left.length === 1 && left[0]?.kind === 'bucket') return { node: left[0], removed: true };
  return { node: { kind: 'branch', slots }, removed: true };
}

/** Calls `visit` for each entry, in trie order (plain recursion: no iterator objects). */
function eachEntry<V>(node: Node<V> | undefined, visit: (entry: Entry<V>) => void): void {
  if (!node) return;
  if (node.kind === 'bucket') {
    for (const e of node.entries) visit(e);
    return;
  }
  for (const slot of node.slots) if (slot) eachEntry(slot, visit);
}

/** The entries in trie order, as one array (iterating it is far cheaper than nested generators). */
function entriesOf<V>(node: Node<V> | undefined): Entry<V>[] {
  const out: Entry<V>[] = [];
  eachEntry(node, (e) => out.push(e));
  return out;
}

class HashTrieMap<V> implements PersistentMap<V> {
  readonly size: number;
  readonly #root: Node<V> | undefined;

  constructor(root: Node<V> | undefined, size: number) {
    this.#root = root;
    this.size = size;
  }

  get(key: string): V | undefined {
    return getIn(this.#root, hashOf(key), key)?.value;
  }

  has(key: string): boolean {
    return getIn(this.#root, hashOf(key), key) !== undefined;
  }

  set(key: string, value: V): PersistentMap<V> {
    const result = setIn(this.#root, hashOf(key), 0, { key, value });
    return new HashTrieMap(result.node, this.size + (result.added ? 1 : 0));
  }

  delete(key: string): PersistentMap<V> {
    const result = deleteIn(this.#root, hashOf(key), 0, key);
    return result.removed ? new HashTrieMap(result.node, this.size - 1) : this;
  }

  *entries(): MapIterator<[string, V]> {
    for (const e of entriesOf(this.#root)) yield [e.key, e.value];
  }

  *keys(): MapIterator<string> {
    for (const e of entriesOf(this.#root)) yield e.key;
  }

  *values(): MapIterator<V> {
    for (const e of entriesOf(this.#root)) yield e.value;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: string, map: ReadonlyMap<string, V>) => void, thisArg?: unknown): void {
    eachEntry(this.#root, (e) => callback.call(thisArg, e.value, e.key, this));
  }

  /** Plain object copy, for logs and snapshots. */
  toJSON(): Record<string, V> {
    const out: Record<string, V> = {};
    eachEntry(this.#root, (e) => {
      out[e.key] = e.value;
    });
    return out;
  }
}

/** An empty persistent map. */
export function emptyPersistentMap<V>(): PersistentMap<V> {
  return new HashTrieMap<V>(undefined, 0);
}

/** A persistent map holding the given entries. */
export function persistentMapOf<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
  let map = emptyPersistentMap<V>();
  for (const [k, v] of entries) map = map.set(k, v);
  return map;
}
