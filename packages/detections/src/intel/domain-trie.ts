/**
 * A trie of domain names by reversed labels (`com` → `example` → `www`): a lookup of
 * `a.b.example.com` walks four nodes and finds indicators on `example.com` (suffix match) and
 * on the exact name.
 */
import { addPosting, forEachPosting, type Postings, removePosting } from './postings.js';

interface DomainNode {
  children?: Map<string, DomainNode>;
  postings?: Postings;
}

/** A reversed-label trie mapping domain names to indicator slots. */
export class DomainTrie {
  private readonly root: DomainNode = {};
  private count = 0;

  /** Number of distinct domains filed. */
  get size(): number {
    return this.count;
  }

  /** Files `slot` under `domain` (already normalised). */
  insert(domain: string, slot: number): void {
    const labels = domain.split('.');
    let node = this.root;
    for (let index = labels.length - 1; index >= 0; index -= 1) {
      const label = labels[index] as string;
      node.children ??= new Map();
      let child = node.children.get(label);
      if (child === undefined) {
        child = {};
        node.children.set(label, child);
      }
      node = child;
    }
    if (node.postings === undefined) this.count += 1;
    node.postings = addPosting(node.postings, slot);
  }

  /** Removes `slot` from `domain`, pruning empty branches. */
  remove(domain: string, slot: number): void {
    const labels = domain.split('.');
    const path: [DomainNode, string][] = [];
    let node: DomainNode | undefined = this.root;
    for (let index = labels.length - 1; index >= 0 && node !== undefined; index -= 1) {
      const label = labels[index] as string;
      path.push([node, label]);
      node = node.children?.get(label);
    }
    if (node === undefined || node.postings === undefined) return;
    const left = removePosting(node.postings, slot);
    if (left === undefined) {
      delete node.postings;
      this.count -= 1;
    } else node.postings = left;
    for (let index = path.length - 1; index >= 0; index -= 1) {
      const [parent, label] = path[index] as [DomainNode, string];
      const child = parent.children?.get(label);
      if (child === undefined || child.postings !== undefined || (child.children?.size ?? 0) > 0)
        break;
      parent.children?.delete(label);
    }
  }

  /**
   * Calls `visit` with the slots filed under `domain` and, when `includeParents`, under each
   * of its parent domains.
   */
  lookup(domain: string, includeParents: boolean, visit: (slot: number) => void): void {
    const labels = domain.split('.');
    let node: DomainNode | undefined = this.root;
    for (let index = labels.length - 1; index >= 0; index -= 1) {
      node = node.children?.get(labels[index] as string);
      if (node === undefined) return;
      if (includeParents || index === 0) forEachPosting(node.postings, visit);
    }
  }
}
