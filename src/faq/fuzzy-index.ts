import Fuse, { type IFuseOptions } from 'fuse.js';

/**
 * Fuzzy word lookup for the matcher: which strings of a vocabulary fuse.js finds for a pattern,
 * and with which score, in vocabulary order.
 *
 * `createFuzzyScan` is fuse over the whole vocabulary: a bitap scan of every word for every
 * pattern, linear in the vocabulary. `createFuzzyIndex` returns the same hits with the same
 * scores, but runs fuse only on the few words that can match:
 *
 * - fuse (ignoreLocation) accepts a word when the pattern matches some substring of it with at most
 *   k edits, where k is the largest number of errors with errors / pattern length ≤ threshold
 *   (2 for `_word_` of 16 letters at 0.13, 1 below);
 * - cut the pattern into k + 1 pieces: k edits damage at most k of them, so one piece occurs in the
 *   word as it is (the pigeonhole filter), and the word is at least pattern length − k long;
 * - every word is indexed by its 4-grams; the words that contain a piece are among those of its
 *   rarest 4-gram, checked with `includes`.
 *
 * The survivors go to fuse in vocabulary order, so hits, scores and their order are fuse's own.
 * Patterns fuse splits into chunks (over 32 characters) or whose pieces are shorter than a gram
 * (a threshold far above the matcher's) fall back to the scan.
 */
export type FuzzySearch = (pattern: string) => ReadonlyArray<{ item: string; score?: number }>;

const GRAM = 4;
/** fuse's bitap works on at most this many pattern characters at once. */
const MAX_BITS = 32;

export function createFuzzyScan(vocabulary: readonly string[], options: IFuseOptions<string>): FuzzySearch {
  const fuse = new Fuse(vocabulary, options);
  return (pattern) => fuse.search(pattern);
}

export function createFuzzyIndex(vocabulary: readonly string[], options: IFuseOptions<string>): FuzzySearch {
  const scan = createFuzzyScan(vocabulary, options);
  const threshold = options.threshold ?? Fuse.config.threshold;
  const grams = new Map<string, number[]>();
  vocabulary.forEach((text, i) => {
    for (let p = 0; p + GRAM <= text.length; p++) {
      const gram = text.slice(p, p + GRAM);
      const list = grams.get(gram);
      if (!list) grams.set(gram, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  });

  return (pattern) => {
    const length = pattern.length;
    // The same expression as fuse's score of `errors` errors (ignoreLocation: errors / length).
    let errors = 0;
    while (errors + 1 < length && (errors + 1) / length <= threshold) errors++;
    const pieces = errors + 1;
    if (length > MAX_BITS || Math.floor(length / pieces) < GRAM) return scan(pattern);

    const candidates = new Set<number>();
    for (let p = 0; p < pieces; p++) {
      const piece = pattern.slice(Math.floor((p * length) / pieces), Math.floor(((p + 1) * length) / pieces));
      let rarest: number[] | undefined;
      for (let g = 0; g + GRAM <= piece.length; g++) {
        const list = grams.get(piece.slice(g, g + GRAM));
        if (!list) {
          rarest = undefined;
          break;
        }
        if (!rarest || list.length < rarest.length) rarest = list;
      }
      for (const i of rarest ?? []) {
        const text = vocabulary[i] as string;
        if (text.length >= length - errors && text.includes(piece)) candidates.add(i);
      }
    }
    if (candidates.size === 0) return [];
    const ids = [...candidates].sort((a, b) => a - b);
    return new Fuse(
      ids.map((i) => vocabulary[i] as string),
      options,
    ).search(pattern);
  };
}

/**
 * A bounded map that forgets the least recently used entry first. Entries sit in a doubly linked
 * list, most recent first, so a hit moves two pointers instead of deleting and re-inserting a Map
 * entry (profiled: the delete/set pair was a tenth of a cached question's time).
 */
export class LruCache<K, V> {
  private readonly entries = new Map<K, LruEntry<K, V>>();
  /** The most recently used entry; its `older` chain ends at the least recently used. */
  private newest: LruEntry<K, V> | undefined;
  private oldest: LruEntry<K, V> | undefined;
  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.touch(entry);
    return entry.value;
  }

  set(key: K, value: V): void {
    if (this.capacity <= 0) return;
    const known = this.entries.get(key);
    if (known !== undefined) {
      known.value = value;
      this.touch(known);
      return;
    }
    const entry: LruEntry<K, V> = { key, value, newer: undefined, older: this.newest };
    if (this.newest) this.newest.newer = entry;
    this.newest = entry;
    this.oldest ??= entry;
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity && this.oldest) {
      const gone = this.oldest;
      this.oldest = gone.newer;
      if (this.oldest) this.oldest.older = undefined;
      this.entries.delete(gone.key);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Makes `entry` the most recently used. */
  private touch(entry: LruEntry<K, V>): void {
    if (entry === this.newest) return;
    // Unlink (it has a newer neighbour, not being the newest)...
    (entry.newer as LruEntry<K, V>).older = entry.older;
    if (entry.older) entry.older.newer = entry.newer;
    else this.oldest = entry.newer;
    // ...and put it in front.
    entry.older = this.newest;
    entry.newer = undefined;
    if (this.newest) this.newest.newer = entry;
    this.newest = entry;
  }
}

interface LruEntry<K, V> {
  key: K;
  value: V;
  newer: LruEntry<K, V> | undefined;
  older: LruEntry<K, V> | undefined;
}
