// The slice of fs-native-extensions used here (Linux: OFD locks via fcntl F_OFD_SETLK/F_OFD_SETLKW).
// The package is CommonJS; it is imported as its default export (module.exports).
declare module 'fs-native-extensions' {
  interface LockOptions {
    /** A shared (read) lock instead of an exclusive one. */
    shared?: boolean;
  }
  export interface FsNativeExtensions {
    /** True when granted, false when another open file description holds a conflicting lock. */
    tryLock(fd: number, offset?: number, length?: number, options?: LockOptions): boolean;
    /** Resolves once granted (waits in a libuv thread-pool thread). */
    waitForLock(fd: number, offset?: number, length?: number, options?: LockOptions): Promise<void>;
    /** Releases a lock (or a range of it). */
    unlock(fd: number, offset?: number, length?: number): void;
  }
  const fsx: FsNativeExtensions;
  export default fsx;
}
