/**
 * A binary min-heap of ids in a plain number[] ordered by key[id] (ties: lower id
 * first). The keys live in a caller's typed array, so the heap stores nothing per
 * entry but the id: the processor-sharing schedulers (a VM's tasks, an application
 * replica's requests) keep their virtual finish times there.
 */
export function pushKeyed(h: number[], id: number, key: Float64Array): void {
  let i = h.length;
  h.push(id);
  const e = key[id];
  while (i > 0) {
    const p = (i - 1) >> 1;
    const q = h[p];
    if (key[q] < e || (key[q] === e && q < id)) break;
    h[i] = q;
    i = p;
  }
  h[i] = id;
}

/** Removes and returns the id with the least key (the heap must not be empty). */
export function popKeyed(h: number[], key: Float64Array): number {
  const top = h[0];
  const last = h.pop()!;
  const n = h.length;
  if (n > 0) {
    const e = key[last];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (key[h[c + 1]] < key[h[c]] || (key[h[c + 1]] === key[h[c]] && h[c + 1] < h[c]))) c++;
      const q = h[c];
      if (e < key[q] || (e === key[q] && last < q)) break;
      h[i] = q;
      i = c;
    }
    h[i] = last;
  }
  return top;
}
