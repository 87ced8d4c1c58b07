/**
 * A min-heap of indexes without duplicates: the scheduler takes ready instances, and the
 * topological sort ready nodes, in graph order in O(log n) each, where rescanning every waiting
 * one made both O(n²).
 */
export class IndexQueue {
  private readonly heap: number[] = [];
  private readonly queued = new Set<number>();

  get size(): number {
    return this.heap.length;
  }

  has(index: number): boolean {
    return this.queued.has(index);
  }

  push(index: number): void {
    if (this.queued.has(index)) return;
    this.queued.add(index);
    const heap = this.heap;
    heap.push(index);
    for (let i = heap.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= index) break;
      heap[i] = heap[parent]!;
      heap[parent] = index;
      i = parent;
    }
  }

  /** The smallest index, removed; undefined when empty. */
  pop(): number | undefined {
    const heap = this.heap;
    if (!heap.length) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && heap[left]! < heap[smallest]!) smallest = left;
        if (right < heap.length && heap[right]! < heap[smallest]!) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    this.queued.delete(top);
    return top;
  }

  /** Every queued index, ascending, leaving the queue empty. */
  drain(): number[] {
    const all = [...this.heap].sort((a, b) => a - b);
    this.heap.length = 0;
    this.queued.clear();
    return all;
  }
}
