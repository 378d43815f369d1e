// PostGraphile v5 calls Promise.withResolvers, which Node.js has from version 22; the bench runs on 20.
// Loaded with --import into that peer's process only.
const promise = Promise as PromiseConstructor & { withResolvers?: unknown };
promise.withResolvers ??= function withResolvers<T>() {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const settled = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise: settled, resolve, reject };
};
