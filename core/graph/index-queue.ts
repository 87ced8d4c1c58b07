/**
 * A min-heap of indexes without duplicates: the scheduler takes ready instances, and the
 * topological sort ready nodes, in graph order in O(log n) each, where rescanning every waiting
 * one made both O(n²).
 */
export class IndexQueue {
  private readonly heap: number[] = [];
  /** Per index, 1 while queued (grown on demand): cheaper than a Set for dense small integers. */
  private queued = new Uint8Array(64);

  get size(): number {
    return this.heap.length;
  }

  has(index: number): boolean {
    return this.queued[index] === 1;
  }

  push(index: number): void {
    if (index >= this.queued.length) this.grow(index);
    if (this.queued[index] === 1) return;
    this.queued[index] = 1;
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
        heap[i] = heap[smallest]!;
        heap[smallest] = last;
        i = smallest;
      }
    }
    this.queued[top] = 0;
    return top;
  }

  /** Every queued index, ascending, leaving the queue empty. */
  drain(): number[] {
    const all = [...this.heap].sort((a, b) => a - b);
    this.heap.length = 0;
    for (const index of all) this.queued[index] = 0;
    return all;
  }

  private grow(index: number): void {
    const bigger = new Uint8Array(Math.max(index + 1, this.queued.length * 2));
    bigger.set(this.queued);
    this.queued = bigger;
  }
}
