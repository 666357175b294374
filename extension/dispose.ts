// The disposable base class of VS Code's own extensions (custom-editor-sample, hexeditor): an object
// owns what it registers, and disposing it disposes them, newest first, exactly once.

export interface DisposableLike {
  dispose(): unknown;
}

export abstract class Disposable implements DisposableLike {
  private readonly owned: DisposableLike[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of this.owned.splice(0).reverse()) item.dispose();
  }

  /** Takes ownership of `item`; if this object is already disposed, `item` is disposed at once. */
  protected register<T extends DisposableLike>(item: T): T {
    if (this.disposed) item.dispose();
    else this.owned.push(item);
    return item;
  }
}
