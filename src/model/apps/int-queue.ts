/** A FIFO of integers in a growable ring buffer (no allocation once grown). */
export class IntQueue {
  private buf = new Int32Array(16);
  private head = 0;
  length = 0;

  push(x: number): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[(this.head + this.length++) & (this.buf.length - 1)] = x;
  }

  shift(): number {
    const x = this.buf[this.head];
    this.head = (this.head + 1) & (this.buf.length - 1);
    this.length--;
    return x;
  }

  clear(): void {
    this.head = 0;
    this.length = 0;
  }

  private grow(): void {
    const n = this.buf.length;
    const b = new Int32Array(2 * n);
    for (let i = 0; i < n; i++) b[i] = this.buf[(this.head + i) & (n - 1)];
    this.buf = b;
    this.head = 0;
  }
}
